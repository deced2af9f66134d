//! The floor of the correlation matrix's tiles on this machine: the 7,875 tiles of 500 symbols
//! (125 packed groups of four) over 5,000 dates, computed as the app's wasm kernel computes them
//! (`core/src/engine/risk.rs`, `tile_sums` in wasm SIMD: per date, two `f64x2` loads of one
//! group, four splat loads of the other, eight multiplies and eight adds), here in SSE2, the
//! same 128-bit operations natively. 16 products per date and tile, a multiply and an add each
//! (wasm has no fused multiply-add outside relaxed SIMD), so the time is the processor's
//! throughput of 128-bit multiplies and adds: what the matrix cannot go below in wasm without
//! fewer operations. Prints the best of five runs and the time per date and tile; the values
//! are made up (they do not change the time).
//!
//! Usage: cargo run --release --example correlation_floor

#[cfg(target_arch = "x86_64")]
fn main() {
    use std::hint::black_box;
    use std::time::Instant;
    const GROUPS: usize = 125;
    const DATES: usize = 5_000;
    let groups: Vec<Vec<f64>> = (0..GROUPS)
        .map(|g| {
            (0..4 * DATES)
                .map(|i| ((i * 7 + g * 13) % 101) as f64 / 101.0)
                .collect()
        })
        .collect();
    let tiles = GROUPS * (GROUPS + 1) / 2;
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let start = Instant::now();
        for g in 0..GROUPS {
            for h in g..GROUPS {
                black_box(tile(black_box(&groups[g]), black_box(&groups[h])));
            }
        }
        best = best.min(start.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "{tiles} tiles x {DATES} dates in SSE2: best of 5 {best:.1} ms ({:.2} ns per date and tile)",
        best * 1e6 / (tiles * DATES) as f64
    );
}

/// `sums[r][c] = Σ_t a[4 t + r] b[4 t + c]` with the wasm kernel's loads and operations.
#[cfg(target_arch = "x86_64")]
fn tile(a: &[f64], b: &[f64]) -> [[f64; 4]; 4] {
    use std::arch::x86_64::{
        __m128d, _mm_add_pd, _mm_load1_pd, _mm_loadu_pd, _mm_mul_pd, _mm_setzero_pd, _mm_storeu_pd,
    };
    let dates = a.len().min(b.len()) / 4;
    // SAFETY: SSE2 is part of x86-64; every load reads inside `a` or `b` (4 * dates values).
    unsafe {
        let mut sums: [__m128d; 8] = [_mm_setzero_pd(); 8];
        let (a, b) = (a.as_ptr(), b.as_ptr());
        for t in 0..dates {
            let y = b.add(4 * t);
            let (low, high) = (_mm_loadu_pd(y), _mm_loadu_pd(y.add(2)));
            for r in 0..4 {
                let x = _mm_load1_pd(a.add(4 * t + r));
                sums[2 * r] = _mm_add_pd(sums[2 * r], _mm_mul_pd(x, low));
                sums[2 * r + 1] = _mm_add_pd(sums[2 * r + 1], _mm_mul_pd(x, high));
            }
        }
        let mut out = [[0.0; 4]; 4];
        for (r, row) in out.iter_mut().enumerate() {
            _mm_storeu_pd(row.as_mut_ptr(), sums[2 * r]);
            _mm_storeu_pd(row.as_mut_ptr().add(2), sums[2 * r + 1]);
        }
        out
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn main() {
    println!("correlation_floor measures SSE2 on x86-64 only");
}
