//! Every analysis on 11 symbols x 20 years and 500 symbols x 20 years of daily closes: the
//! workload of `rotation_lab::workload` (seeded random walks made here; nothing is read from
//! disk), which the browser benchmark times in Chromium too.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use rotation_lab::workload::{Workload, ANALYSES};

fn analyses(c: &mut Criterion) {
    for symbols in [11usize, 500] {
        let workload = Workload::new(symbols, 20);
        let mut group = c.benchmark_group(format!("{symbols} symbols x 20y daily"));
        group.sample_size(10);
        for name in ANALYSES {
            group.bench_function(BenchmarkId::from_parameter(name), |b| {
                b.iter(|| workload.run(name))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, analyses);
criterion_main!(benches);
