//! The line (or Parquet row) of each close of a raw column, kept as runs of lines an equal
//! step apart instead of 4 bytes per close: the closes of one symbol of a long file follow each
//! other (one run of step 1, or of step N in a file listed date by date with N symbols), as do
//! a wide file's cells of one column. Lines are only read back to name a line in a message.
//! At worst (no two steps alike) a run holds two lines: 6 bytes per close.

/// Lines `first`, `first + step`, ... (`count` of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    first: u32,
    step: u32,
    count: u32,
}

impl Run {
    /// The line after the run's last, if the run goes on.
    fn next(&self) -> u64 {
        u64::from(self.first) + u64::from(self.step) * u64::from(self.count)
    }
}

/// Lines appended in the order their closes were read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct LineRuns {
    runs: Vec<Run>,
    len: usize,
}

impl LineRuns {
    pub(super) fn push(&mut self, line: u32) {
        self.len += 1;
        if let Some(run) = self.runs.last_mut() {
            if run.count == 1 && line > run.first {
                run.step = line - run.first;
                run.count = 2;
                return;
            }
            if run.count > 1 && run.next() == u64::from(line) && run.count < u32::MAX {
                run.count += 1;
                return;
            }
        }
        self.runs.push(Run {
            first: line,
            step: 0,
            count: 1,
        });
    }

    pub(super) fn first(&self) -> Option<u32> {
        self.runs.first().map(|run| run.first)
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Every line, in the order pushed.
    pub(super) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.runs
            .iter()
            .flat_map(|run| (0..run.count).map(move |k| run.first + run.step * k))
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.runs.shrink_to_fit();
    }

    /// Every line moved `by` lines on (a part of a file read from a later line).
    pub(super) fn shift(&mut self, by: u32) {
        for run in &mut self.runs {
            run.first = run.first.saturating_add(by);
        }
    }

    /// The runs as `first, step, count` triples (how they cross between workers).
    pub(super) fn triples(&self) -> impl Iterator<Item = u32> + '_ {
        self.runs.iter().flat_map(|r| [r.first, r.step, r.count])
    }

    /// Lines from [`LineRuns::triples`]; `None` when they are not whole triples.
    pub(super) fn from_triples(words: &[u32]) -> Option<Self> {
        if !words.len().is_multiple_of(3) {
            return None;
        }
        let runs: Vec<Run> = words
            .chunks_exact(3)
            .map(|t| Run {
                first: t[0],
                step: t[1],
                count: t[2],
            })
            .collect();
        let len = runs.iter().map(|r| r.count as usize).sum();
        Some(LineRuns { runs, len })
    }

    /// Runs kept.
    pub(super) fn run_count(&self) -> usize {
        self.runs.len()
    }
}

#[cfg(test)]
mod tests {
    use super::LineRuns;

    fn runs_of(lines: &[u32]) -> LineRuns {
        let mut runs = LineRuns::default();
        lines.iter().for_each(|&l| runs.push(l));
        runs
    }

    #[test]
    fn every_line_reads_back_in_order() {
        let cases: [&[u32]; 7] = [
            &[],
            &[7],
            &[2, 3, 4, 5, 9, 10, 11, 40],
            &[2, 502, 1002, 1502, 2001, 2501],
            &[5, 5, 5, 6],
            &[10, 3, 4, 1],
            &[1, 2, 4, 8, 16, 32, 64, u32::MAX],
        ];
        for lines in cases {
            let runs = runs_of(lines);
            assert_eq!(runs.iter().collect::<Vec<_>>(), lines);
            assert_eq!(runs.len(), lines.len());
            assert_eq!(runs.first(), lines.first().copied());
        }
    }

    #[test]
    fn a_symbol_read_line_after_line_or_date_by_date_is_one_run() {
        let consecutive: Vec<u32> = (2..5_002).collect();
        assert_eq!(runs_of(&consecutive).run_count(), 1);
        // 500 symbols listed date by date: this one is on every 500th line.
        let date_by_date: Vec<u32> = (0..5_000).map(|k| 3 + 500 * k).collect();
        assert_eq!(runs_of(&date_by_date).run_count(), 1);
        // A cell left empty breaks the run once.
        let gap: Vec<u32> = (2..100).chain(101..200).collect();
        assert_eq!(runs_of(&gap).run_count(), 2);
    }

    #[test]
    fn lines_without_a_common_step_take_a_run_per_two_lines_at_most() {
        let squares: Vec<u32> = (1..1_000).map(|k| k * k).collect();
        let runs = runs_of(&squares);
        assert!(runs.run_count() <= squares.len().div_ceil(2));
        assert_eq!(runs.iter().collect::<Vec<_>>(), squares);
    }
}
