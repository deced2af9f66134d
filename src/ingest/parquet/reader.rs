//! Reading a file in steps: row group by row group, a wide file's column chunks one at a time
//! and a long file's columns in lockstep batches, into the raw columns of the import.

use super::*;
use crate::ingest::numbers::Number;

/// The state within the row group being read.
pub(super) enum GroupCursor {
    /// Wide: the group's dates, then one column chunk per step unit.
    Wide {
        dates: Vec<RawDate>,
        next_value: usize,
    },
    /// Long: column readers moving in lockstep, batch by batch.
    Long(Box<LongCursor>),
}

/// A long row group's column readers, moving in lockstep, and the rows read.
pub(super) struct LongCursor {
    pub(super) date: ColumnReader,
    pub(super) symbol: ColumnReader,
    pub(super) values: Vec<ColumnReader>,
    pub(super) rows_done: usize,
}

/// Reads a Parquet file in steps (see the module documentation).
pub(in crate::ingest) struct ParquetImporter {
    pub(super) file: String,
    pub(super) reader: SerializedFileReader<Bytes>,
    pub(super) total_bytes: usize,
    pub(super) format: Format,
    pub(super) names: Vec<String>,
    pub(super) note: Option<String>,
    pub(super) fields: Vec<Field>,
    pub(super) date: DateReader,
    pub(super) plan: Plan,
    /// Raw columns: one per value source (wide), or one per symbol and close (long).
    pub(super) columns: Vec<RawColumn>,
    pub(super) long_index: HashMap<String, usize>,
    pub(super) group: usize,
    pub(super) cursor: Option<GroupCursor>,
    /// Rows of the row groups before the current one.
    pub(super) rows_before: u64,
    /// Compressed bytes of the column chunks read so far.
    pub(super) done_bytes: u64,
    /// First row (1-based) of each row group.
    pub(super) row_group_starts: Vec<u64>,
    pub(super) compression: Vec<String>,
    pub(super) preview: Vec<Vec<String>>,
    pub(super) warnings: Vec<String>,
    /// Reused decoding buffers.
    pub(super) buffers: Buffers,
}

/// Buffers reused from batch to batch.
#[derive(Default)]
pub(super) struct Buffers {
    pub(super) defs: Vec<i16>,
    pub(super) bools: Vec<bool>,
    pub(super) i32s: Vec<i32>,
    pub(super) i64s: Vec<i64>,
    pub(super) int96s: Vec<Int96>,
    pub(super) f32s: Vec<f32>,
    pub(super) f64s: Vec<f64>,
    pub(super) bytes: Vec<ByteArray>,
    pub(super) fixed: Vec<FixedLenByteArray>,
    pub(super) dates: Vec<Cell>,
    pub(super) symbols: Vec<Cell>,
    pub(super) cells: Vec<Cell>,
}

impl ParquetImporter {
    /// Reads the footer, decides the layout and checks the bounds and compression.
    pub(in crate::ingest) fn new(
        file: &str,
        data: &[u8],
        choices: &Choices,
    ) -> Result<Self, IngestError> {
        let (reader, row_group_starts, rows) = open_footer(file, data)?;
        let metadata = reader.metadata();
        let fields = top_level_fields(metadata);
        let names: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
        let date = date_reader(file, &fields, &pandas_metadata(metadata))?;
        let file_symbol = choices
            .symbol
            .clone()
            .unwrap_or_else(|| symbol_from_file_name(file));
        let layout = plan_layout(file, &fields, &date, &file_symbol)?;
        let value_count = match &layout.plan {
            Plan::Wide(w) => w.values.len(),
            Plan::Long(l) => l.values.len(),
        };
        let whole = |message: String| IngestError::in_parquet(file, None, 0, None, message);
        if value_count == 0 {
            return Err(whole(format!(
                "no numeric column found: expected a date column ({}) and one numeric column per symbol, or symbol and close columns",
                date.name
            )));
        }
        let values_to_read = rows.saturating_mul(value_count as u64);
        if values_to_read > MAX_PARQUET_VALUES {
            return Err(whole(format!(
                "the file has {values_to_read} values to read ({rows} rows x {value_count} columns), more than the {MAX_PARQUET_VALUES} accepted; reduce it before writing it"
            )));
        }
        let mut read = vec![date.source.clone()];
        match &layout.plan {
            Plan::Wide(w) => read.extend(w.values.iter().map(|(s, _)| s.clone())),
            Plan::Long(l) => {
                read.push(l.symbol.clone());
                read.extend(l.values.iter().map(|(s, _, _)| s.clone()));
            }
        }
        let compression = check_chunks(file, metadata, &names, &read)?;
        let mut importer = ParquetImporter {
            file: file.to_string(),
            total_bytes: data.len(),
            format: layout.format,
            names,
            note: layout.note,
            fields,
            date,
            plan: layout.plan,
            columns: layout.columns,
            long_index: HashMap::new(),
            group: 0,
            cursor: None,
            rows_before: 0,
            done_bytes: 0,
            row_group_starts,
            compression,
            preview: Vec::new(),
            warnings: layout.warnings,
            buffers: Buffers::default(),
            reader,
        };
        importer.preview = importer.read_preview();
        Ok(importer)
    }

    /// The first rows of every flat column, as text (a column that cannot be decoded shows `?`).
    pub(super) fn read_preview(&mut self) -> Vec<Vec<String>> {
        let Ok(group) = (self.reader.num_row_groups() > 0)
            .then(|| self.reader.get_row_group(0))
            .transpose()
        else {
            return Vec::new();
        };
        let Some(group) = group else {
            return Vec::new();
        };
        let rows = usize::try_from(group.metadata().num_rows())
            .unwrap_or(0)
            .min(PREVIEW_ROWS);
        let mut table = vec![vec![String::new(); self.fields.len()]; rows];
        let mut cells = Vec::new();
        for (index, field) in self.fields.iter().enumerate() {
            let Some(leaf) = field.leaf.filter(|_| field.kind != ColumnType::Nested) else {
                for row in &mut table {
                    row[index] = "(nested)".into();
                }
                continue;
            };
            let readable = codec_supported(group.metadata().column(leaf).compression());
            let read = readable
                .then(|| checked_column_reader(group.as_ref(), leaf).ok())
                .flatten()
                .and_then(|mut reader| {
                    read_cells(
                        &mut reader,
                        field.max_def,
                        rows,
                        &mut self.buffers,
                        &mut cells,
                    )
                    .ok()
                });
            for (r, row) in table.iter_mut().enumerate() {
                row[index] = match (read, cells.get(r)) {
                    (Some(_), Some(cell)) => preview_text(field.kind, cell, Some(&self.date)),
                    _ => "?".into(),
                };
            }
        }
        table
    }

    pub(in crate::ingest) fn progress(&self) -> (usize, usize) {
        (
            usize::try_from(self.done_bytes)
                .unwrap_or(usize::MAX)
                .min(self.total_bytes),
            self.total_bytes,
        )
    }

    pub(super) fn groups(&self) -> usize {
        self.reader.num_row_groups()
    }

    pub(super) fn group_error(
        &self,
        row: u64,
        field: Option<usize>,
        message: String,
    ) -> IngestError {
        IngestError::in_parquet(
            &self.file,
            Some((self.group + 1, self.groups())),
            row,
            field.map(|f| (f + 1, self.names[f].as_str())),
            message,
        )
    }

    /// Reads until about `budget` more compressed bytes are consumed. `Ok(true)` at the end.
    pub(in crate::ingest) fn step(&mut self, budget: usize) -> Result<bool, IngestError> {
        let stop_at = self.done_bytes.saturating_add(budget as u64);
        loop {
            if self.cursor.is_none() {
                if self.group >= self.groups() {
                    self.done_bytes = self.total_bytes as u64;
                    return Ok(true);
                }
                if self.done_bytes >= stop_at {
                    return Ok(false);
                }
                self.cursor = Some(self.open_group()?);
            } else if self.done_bytes >= stop_at {
                return Ok(false);
            }
            let group_done = if matches!(self.plan, Plan::Wide(_)) {
                self.wide_unit()?
            } else {
                self.long_batch()?
            };
            if group_done {
                self.cursor = None;
                self.rows_before += self.group_rows();
                self.group += 1;
            }
        }
    }

    pub(super) fn group_rows(&self) -> u64 {
        u64::try_from(self.reader.metadata().row_group(self.group).num_rows()).unwrap_or(0)
    }

    pub(super) fn chunk_bytes(&self, leaf: usize) -> u64 {
        let chunk = self.reader.metadata().row_group(self.group).column(leaf);
        u64::try_from(chunk.compressed_size()).unwrap_or(0)
    }

    pub(super) fn column_reader(&self, source: &Source) -> Result<ColumnReader, IngestError> {
        self.reader
            .get_row_group(self.group)
            .and_then(|g| checked_column_reader(g.as_ref(), source.leaf))
            .map_err(|e| self.group_error(0, Some(source.field), damaged(&e)))
    }

    /// Opens the current row group: a wide file's dates are decoded whole; a long file's
    /// columns are opened to be read in batches.
    pub(super) fn open_group(&mut self) -> Result<GroupCursor, IngestError> {
        let date_source = self.date.source.clone();
        let mut date_reader = self.column_reader(&date_source)?;
        let Plan::Wide(_) = &self.plan else {
            let Plan::Long(long) = self.plan.clone() else {
                unreachable!("a plan is wide or long")
            };
            let symbol = self.column_reader(&long.symbol)?;
            let values = long
                .values
                .iter()
                .map(|(s, _, _)| self.column_reader(s))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(GroupCursor::Long(Box::new(LongCursor {
                date: date_reader,
                symbol,
                values,
                rows_done: 0,
            })));
        };
        let rows = usize::try_from(self.group_rows()).unwrap_or(0);
        let mut cells = std::mem::take(&mut self.buffers.dates);
        // One row more than stated, to catch a column longer than its row group.
        let read = read_cells(
            &mut date_reader,
            date_source.max_def,
            rows.saturating_add(1),
            &mut self.buffers,
            &mut cells,
        )
        .map_err(|m| self.group_error(0, Some(date_source.field), m))?;
        if read != rows {
            return Err(self.group_error(
                0,
                Some(date_source.field),
                format!("the date column has {read} rows where the footer says {rows}; the file is damaged"),
            ));
        }
        let mut dates = Vec::with_capacity(rows);
        for (r, cell) in cells.iter().enumerate() {
            let row = self.rows_before + r as u64 + 1;
            let day = self
                .date
                .day(cell, row)
                .map_err(|m| self.group_error(row, Some(date_source.field), m))?;
            dates.push(day);
        }
        self.buffers.dates = cells;
        self.done_bytes += self.chunk_bytes(date_source.leaf);
        Ok(GroupCursor::Wide {
            dates,
            next_value: 0,
        })
    }

    /// Wide: reads the next value column of the row group whole. `Ok(true)` when the row group
    /// is done.
    pub(super) fn wide_unit(&mut self) -> Result<bool, IngestError> {
        let Plan::Wide(plan) = &self.plan else {
            return Ok(true);
        };
        let count = plan.values.len();
        let Some(GroupCursor::Wide { dates, next_value }) = &mut self.cursor else {
            return Ok(true);
        };
        let index = *next_value;
        let Some((source, kind)) = plan.values.get(index).cloned() else {
            return Ok(true);
        };
        *next_value += 1;
        let dates = std::mem::take(dates);
        let result = self.read_wide_column(&source, kind, index, &dates);
        if let Some(GroupCursor::Wide { dates: kept, .. }) = &mut self.cursor {
            *kept = dates;
        }
        result?;
        self.done_bytes += self.chunk_bytes(source.leaf);
        Ok(index + 1 >= count)
    }

    pub(super) fn read_wide_column(
        &mut self,
        source: &Source,
        kind: NumberKind,
        column_index: usize,
        dates: &[RawDate],
    ) -> Result<(), IngestError> {
        let mut reader = self.column_reader(source)?;
        let mut cells = std::mem::take(&mut self.buffers.cells);
        let mut done = 0usize;
        let result = loop {
            let read = match read_cells(
                &mut reader,
                source.max_def,
                BATCH_ROWS,
                &mut self.buffers,
                &mut cells,
            ) {
                Ok(read) => read,
                Err(m) => break Err(self.group_error(0, Some(source.field), m)),
            };
            if read == 0 {
                break Ok(());
            }
            if done + read > dates.len() {
                break Err(self.group_error(
                    0,
                    Some(source.field),
                    format!(
                        "the column has more rows than the footer's {}; the file is damaged",
                        dates.len()
                    ),
                ));
            }
            let first_row = self.rows_before + done as u64 + 1;
            let batch_dates = &dates[done..done + read];
            if let Err(e) = self.append(
                column_index,
                kind,
                source.field,
                &cells,
                batch_dates,
                first_row,
            ) {
                break Err(e);
            }
            done += read;
        };
        self.buffers.cells = cells;
        result?;
        if done != dates.len() {
            return Err(self.group_error(
                0,
                Some(source.field),
                format!(
                    "the column has {done} rows where the footer says {}; the file is damaged",
                    dates.len()
                ),
            ));
        }
        Ok(())
    }

    /// Appends a batch of cells of a wide column, dated by `dates`, from the 1-based `first_row`.
    pub(super) fn append(
        &mut self,
        column_index: usize,
        kind: NumberKind,
        field: usize,
        cells: &[Cell],
        dates: &[RawDate],
        first_row: u64,
    ) -> Result<(), IngestError> {
        for (offset, (cell, &date)) in cells.iter().zip(dates).enumerate() {
            let row = first_row + offset as u64;
            let value = number(kind, cell).map_err(|m| self.group_error(row, Some(field), m))?;
            let column = &mut self.columns[column_index];
            match value {
                Some(v) => column.push(date, Number::Double(v), row),
                None => column.missing += 1,
            }
        }
        Ok(())
    }

    /// Long: reads the next batch of rows of every column. `Ok(true)` when the row group is done.
    pub(super) fn long_batch(&mut self) -> Result<bool, IngestError> {
        let Plan::Long(plan) = self.plan.clone() else {
            return Ok(true);
        };
        let group_rows = usize::try_from(self.group_rows()).unwrap_or(0);
        let group_bytes: u64 = [self.date.source.leaf, plan.symbol.leaf]
            .into_iter()
            .chain(plan.values.iter().map(|(s, _, _)| s.leaf))
            .map(|leaf| self.chunk_bytes(leaf))
            .sum();
        let Some(GroupCursor::Long(mut cursor)) = self.cursor.take() else {
            return Ok(true);
        };
        let before = cursor.rows_done;
        cursor.rows_done += self.long_rows(&plan, group_rows, &mut cursor)?;
        // Progress: the share of the row group's compressed bytes read so far.
        let share =
            |done: usize| group_bytes.saturating_mul(done as u64) / (group_rows.max(1) as u64);
        self.done_bytes += share(cursor.rows_done) - share(before);
        let done = cursor.rows_done >= group_rows;
        self.cursor = Some(GroupCursor::Long(cursor));
        Ok(done)
    }

    /// Reads the next batch of a long row group; returns the rows read.
    pub(super) fn long_rows(
        &mut self,
        plan: &LongPlan,
        group_rows: usize,
        cursor: &mut LongCursor,
    ) -> Result<usize, IngestError> {
        let LongCursor {
            date,
            symbol,
            values,
            rows_done,
        } = cursor;
        let left = group_rows.saturating_sub(*rows_done);
        let want = BATCH_ROWS.min(left);
        let first_row = self.rows_before + *rows_done as u64 + 1;
        let last_batch = want == left;
        let mut dates = std::mem::take(&mut self.buffers.dates);
        let mut symbols = std::mem::take(&mut self.buffers.symbols);
        let mut cells = std::mem::take(&mut self.buffers.cells);
        let result = (|| {
            // In the last batch, one row more than stated, to catch a longer column.
            let ask = if last_batch { want + 1 } else { want };
            let date_field = self.date.source.field;
            let got = read_cells(
                date,
                self.date.source.max_def,
                ask,
                &mut self.buffers,
                &mut dates,
            )
            .map_err(|m| self.group_error(0, Some(date_field), m))?;
            let got_symbols = read_cells(
                symbol,
                plan.symbol.max_def,
                ask,
                &mut self.buffers,
                &mut symbols,
            )
            .map_err(|m| self.group_error(0, Some(plan.symbol.field), m))?;
            if got != want || got_symbols != want {
                return Err(self.group_error(
                    0,
                    Some(if got != want { date_field } else { plan.symbol.field }),
                    format!(
                        "the column does not have the {group_rows} rows the footer says; the file is damaged"
                    ),
                ));
            }
            let mut bases = Vec::with_capacity(want);
            for (offset, (date_cell, symbol_cell)) in dates.iter().zip(&symbols).enumerate() {
                let row = first_row + offset as u64;
                let day = self
                    .date
                    .day(date_cell, row)
                    .map_err(|m| self.group_error(row, Some(date_field), m))?;
                let base = self.symbol_base(plan, symbol_cell, row)?;
                bases.push((base, day));
            }
            for (v, ((source, kind, _), reader)) in
                plan.values.iter().zip(values.iter_mut()).enumerate()
            {
                let got = read_cells(reader, source.max_def, ask, &mut self.buffers, &mut cells)
                    .map_err(|m| self.group_error(0, Some(source.field), m))?;
                if got != want {
                    return Err(self.group_error(
                        0,
                        Some(source.field),
                        format!(
                            "the column does not have the {group_rows} rows the footer says; the file is damaged"
                        ),
                    ));
                }
                for (offset, (cell, &(base, day))) in cells.iter().zip(&bases).enumerate() {
                    let row = first_row + offset as u64;
                    let value = number(*kind, cell)
                        .map_err(|m| self.group_error(row, Some(source.field), m))?;
                    let column = &mut self.columns[base + v];
                    match value {
                        Some(x) => column.push(day, Number::Double(x), row),
                        None => column.missing += 1,
                    }
                }
            }
            Ok(want)
        })();
        self.buffers.dates = dates;
        self.buffers.symbols = symbols;
        self.buffers.cells = cells;
        result
    }

    /// The first raw column of a row's symbol, created when the symbol is new.
    pub(super) fn symbol_base(
        &mut self,
        plan: &LongPlan,
        cell: &Cell,
        row: u64,
    ) -> Result<usize, IngestError> {
        let field = plan.symbol.field;
        let Cell::Bytes(bytes) = cell else {
            return Err(self.group_error(row, Some(field), "the symbol is empty (null)".into()));
        };
        let text = std::str::from_utf8(bytes.data())
            .map_err(|_| self.group_error(row, Some(field), "the symbol is not UTF-8 text".into()))?
            .trim();
        if text.is_empty() {
            return Err(self.group_error(row, Some(field), "the symbol is empty".into()));
        }
        if let Some(&i) = self.long_index.get(text) {
            return Ok(i);
        }
        let i = self.columns.len();
        for (source, _, basis) in &plan.values {
            self.columns.push(RawColumn::new(
                text.to_string(),
                *basis,
                source.field,
                &self.names,
            ));
        }
        self.long_index.insert(text.to_string(), i);
        Ok(i)
    }

    /// The file as read.
    pub(in crate::ingest) fn finish(mut self) -> Result<ParsedFile, IngestError> {
        self.columns.iter_mut().for_each(RawColumn::shrink_to_fit);
        let rows = self.rows_before;
        if rows == 0 {
            return Err(IngestError::in_parquet(
                &self.file,
                None,
                0,
                None,
                "the file has columns but no rows of data",
            ));
        }
        let date_finding = if self.date.kind == DateKind::Text {
            settle_date_order(&self.date.evidence, &self.columns)
        } else {
            DateOrderFinding::Proven(
                DateOrder::Iso,
                format!("stored as Parquet {}", self.date.kind.label()),
            )
        };
        if let Some(warning) = self.date.normalised.take() {
            self.warnings.insert(0, warning);
        }
        let date_field = self.date.source.field;
        Ok(ParsedFile {
            file: self.file,
            format: self.format,
            delimiter: ',',
            decimal_comma: false,
            preview: self.preview,
            rows: usize::try_from(rows).unwrap_or(usize::MAX),
            note: self.note,
            parquet: Some(ParquetSummary {
                row_groups: self.row_group_starts.len(),
                compression: self.compression,
                created_by: self
                    .reader
                    .metadata()
                    .file_metadata()
                    .created_by()
                    .map(str::to_string),
                date_type: self.date.kind.label(),
                row_group_starts: self.row_group_starts,
            }),
            date_column: (date_field + 1, self.names[date_field].clone()),
            columns: self.names,
            first_data_line: 1,
            raw: self.columns,
            date_finding,
            read_warnings: self.warnings,
        })
    }
}
