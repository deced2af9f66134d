//! The footer and the schema: the file's bounds and column chunk places, its top-level
//! columns and their types, pandas' metadata, the date column and the layout to read.

use super::*;

pub(super) fn codec_name(codec: Compression) -> &'static str {
    match codec {
        Compression::UNCOMPRESSED => "UNCOMPRESSED",
        Compression::SNAPPY => "SNAPPY",
        Compression::GZIP(_) => "GZIP",
        Compression::LZO => "LZO",
        Compression::BROTLI(_) => "BROTLI",
        Compression::LZ4 => "LZ4",
        Compression::ZSTD(_) => "ZSTD",
        Compression::LZ4_RAW => "LZ4_RAW",
    }
}

pub(super) fn codec_supported(codec: Compression) -> bool {
    matches!(
        codec,
        Compression::UNCOMPRESSED
            | Compression::SNAPPY
            | Compression::GZIP(_)
            | Compression::ZSTD(_)
    )
}

/// What a flat column holds, from its physical, logical and converted types.
pub(super) fn column_type(descr: &ColumnDescPtr) -> ColumnType {
    let logical = descr.logical_type_ref();
    let converted = descr.converted_type();
    let scale = || descr.type_scale().max(0);
    match (descr.physical_type(), logical) {
        (PhysicalType::INT32, Some(LogicalType::Date)) => ColumnType::Date(DateKind::Days),
        (PhysicalType::INT32, None) if converted == ConvertedType::DATE => {
            ColumnType::Date(DateKind::Days)
        }
        (PhysicalType::INT64, Some(LogicalType::Timestamp(t))) => {
            ColumnType::Date(DateKind::Timestamp {
                per_second: match t.unit {
                    TimeUnit::MILLIS => 1_000,
                    TimeUnit::MICROS => 1_000_000,
                    TimeUnit::NANOS => NANOS_PER_SECOND,
                },
                utc: t.is_adjusted_to_u_t_c,
            })
        }
        (PhysicalType::INT64, None)
            if matches!(
                converted,
                ConvertedType::TIMESTAMP_MILLIS | ConvertedType::TIMESTAMP_MICROS
            ) =>
        {
            ColumnType::Date(DateKind::Timestamp {
                per_second: if converted == ConvertedType::TIMESTAMP_MILLIS {
                    1_000
                } else {
                    1_000_000
                },
                utc: true,
            })
        }
        (PhysicalType::INT96, _) => ColumnType::Date(DateKind::Int96),
        (PhysicalType::INT32 | PhysicalType::INT64, Some(LogicalType::Decimal(d))) => {
            ColumnType::Number(NumberKind::Integer {
                scale: d.scale.max(0),
            })
        }
        (PhysicalType::INT32 | PhysicalType::INT64, None | Some(LogicalType::Integer(_))) => {
            match converted {
                ConvertedType::DECIMAL => {
                    ColumnType::Number(NumberKind::Integer { scale: scale() })
                }
                ConvertedType::TIME_MILLIS | ConvertedType::TIME_MICROS => {
                    ColumnType::Other("a time of day")
                }
                _ => ColumnType::Number(NumberKind::Integer { scale: 0 }),
            }
        }
        (PhysicalType::INT32 | PhysicalType::INT64, Some(LogicalType::Time(_))) => {
            ColumnType::Other("a time of day")
        }
        (PhysicalType::FLOAT | PhysicalType::DOUBLE, _) => ColumnType::Number(NumberKind::Float),
        (
            PhysicalType::BYTE_ARRAY | PhysicalType::FIXED_LEN_BYTE_ARRAY,
            Some(LogicalType::Decimal(d)),
        ) => ColumnType::Number(NumberKind::DecimalBytes {
            scale: d.scale.max(0),
        }),
        (PhysicalType::BYTE_ARRAY | PhysicalType::FIXED_LEN_BYTE_ARRAY, None)
            if converted == ConvertedType::DECIMAL =>
        {
            ColumnType::Number(NumberKind::DecimalBytes { scale: scale() })
        }
        (PhysicalType::BYTE_ARRAY, Some(LogicalType::String | LogicalType::Enum) | None) => {
            ColumnType::Text
        }
        (PhysicalType::BOOLEAN, _) => ColumnType::Other("true/false values"),
        (PhysicalType::INT32 | PhysicalType::INT64, Some(_)) => ColumnType::Other("integers"),
        (PhysicalType::BYTE_ARRAY, Some(_)) => ColumnType::Other("binary data"),
        (PhysicalType::FIXED_LEN_BYTE_ARRAY, _) => ColumnType::Other("binary data"),
    }
}

pub(super) fn type_words(kind: ColumnType) -> String {
    match kind {
        ColumnType::Date(d) => format!("dates ({})", d.label()),
        ColumnType::Number(_) => "numbers".into(),
        ColumnType::Text => "text".into(),
        ColumnType::Other(words) => words.into(),
        ColumnType::Nested => "nested values (a struct, list or map)".into(),
    }
}

/// pandas' metadata: the index columns, and the time zone of each tz-aware column.
#[derive(Debug, Default)]
pub(super) struct PandasMetadata {
    pub(super) index_columns: Vec<String>,
    pub(super) zones: Vec<(String, String)>,
}

pub(super) fn pandas_metadata(metadata: &ParquetMetaData) -> PandasMetadata {
    let mut found = PandasMetadata::default();
    let Some(text) = metadata
        .file_metadata()
        .key_value_metadata()
        .and_then(|kv| kv.iter().find(|k| k.key == "pandas"))
        .and_then(|k| k.value.as_deref())
    else {
        return found;
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else {
        return found;
    };
    if let Some(index) = json.get("index_columns").and_then(|v| v.as_array()) {
        found.index_columns = index
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
    }
    if let Some(columns) = json.get("columns").and_then(|v| v.as_array()) {
        for column in columns {
            let name = column
                .get("field_name")
                .or_else(|| column.get("name"))
                .and_then(|v| v.as_str());
            let zone = column
                .get("metadata")
                .and_then(|m| m.get("timezone"))
                .and_then(|v| v.as_str());
            if let (Some(name), Some(zone)) = (name, zone) {
                found.zones.push((name.to_string(), zone.to_string()));
            }
        }
    }
    found
}

/// The file's top-level columns: flat ones with their leaf and type, nested ones marked.
pub(super) fn top_level_fields(metadata: &ParquetMetaData) -> Vec<Field> {
    let schema = metadata.file_metadata().schema_descr();
    let roots = schema.root_schema().get_fields();
    let mut fields: Vec<Field> = roots
        .iter()
        .map(|f| Field {
            name: f.name().to_string(),
            leaf: None,
            kind: ColumnType::Nested,
            max_def: 0,
        })
        .collect();
    let mut leaves_of = vec![0usize; roots.len()];
    for leaf in 0..schema.num_columns() {
        let root = schema.get_column_root_idx(leaf);
        let Some(field) = fields.get_mut(root) else {
            continue;
        };
        leaves_of[root] += 1;
        let descr = schema.column(leaf);
        let flat = roots[root].is_primitive() && descr.max_rep_level() == 0;
        if flat && leaves_of[root] == 1 {
            field.leaf = Some(leaf);
            field.kind = column_type(&descr);
            field.max_def = descr.max_def_level();
        } else {
            field.leaf = Some(leaf);
            field.kind = ColumnType::Nested;
        }
    }
    fields
}

/// The date column: named as in a CSV file, else pandas' index, else the first date-typed one.
pub(super) fn find_date_field(
    file: &str,
    fields: &[Field],
    pandas: &PandasMetadata,
) -> Result<usize, IngestError> {
    let is_date = |f: &Field| matches!(f.kind, ColumnType::Date(_));
    let named = fields.iter().position(|f| {
        crate::ingest::layout::is_date_name(&f.name) && (is_date(f) || f.kind == ColumnType::Text)
    });
    if let Some(i) = named {
        return Ok(i);
    }
    let index = fields.iter().position(|f| {
        pandas.index_columns.contains(&f.name) && (is_date(f) || f.kind == ColumnType::Text)
    });
    if let Some(i) = index {
        return Ok(i);
    }
    if let Some(i) = fields.iter().position(is_date) {
        return Ok(i);
    }
    if let Some(i) = fields
        .iter()
        .position(|f| crate::ingest::layout::is_date_name(&f.name))
    {
        return Err(IngestError::in_parquet(
            file,
            None,
            0,
            Some((i + 1, &fields[i].name)),
            format!(
                "the date column holds {}, not dates; write it as a DATE or TIMESTAMP",
                type_words(fields[i].kind)
            ),
        ));
    }
    let listed: Vec<&str> = fields.iter().take(8).map(|f| f.name.as_str()).collect();
    Err(IngestError::in_parquet(
        file,
        None,
        0,
        None,
        format!(
            "no date column: expected a DATE or TIMESTAMP column, or a text column named date or time (the columns are {}{})",
            listed.join(", "),
            if fields.len() > listed.len() { ", ..." } else { "" }
        ),
    ))
}

/// Opens the file's footer and checks what the `parquet` crate trusts: the magic numbers, the
/// bounds on columns and rows, and the column chunks' places (the crate panics on negative
/// offsets). Returns the reader, the first row (1-based) of each row group and the rows.
pub(super) fn open_footer(
    file: &str,
    data: &[u8],
) -> Result<(SerializedFileReader<Bytes>, Vec<u64>, u64), IngestError> {
    let whole = |message: String| IngestError::in_parquet(file, None, 0, None, message);
    if data.len() < 12 || !data.ends_with(PARQUET_MAGIC) {
        return Err(whole(format!(
            "the Parquet file is truncated: it has {} bytes and does not end with PAR1 (download or copy it again)",
            data.len()
        )));
    }
    // The crate's Thrift reader takes each element of a list of booleans as zero bytes, so a
    // footer declaring a list of 2^31 of them keeps it busy for seconds: the footer's metadata
    // is read through first (a longer footer than the file is the crate's to report).
    let end = data.len() - 8;
    let footer_len = u32::from_le_bytes([data[end], data[end + 1], data[end + 2], data[end + 3]]);
    if let Some(start) = end.checked_sub(footer_len as usize) {
        let mut metadata = Thrift {
            bytes: &data[start..end],
            at: 0,
        };
        if metadata.skip(12, 0).is_none() {
            return Err(whole(
                "the Parquet footer cannot be read (its metadata is malformed); the file is damaged or truncated".into(),
            ));
        }
        // The crate allocates room for as many children as a schema group says it has before
        // it looks for them (a few bytes saying 863 million asked for 6.9 GB), and builds the
        // schema recursively.
        if let Some(children) = schema_children(&data[start..end]) {
            check_schema_shape(&children)
                .map_err(|problem| whole(format!("the Parquet schema is damaged: {problem}")))?;
        }
    }
    let reader = SerializedFileReader::new(Bytes::copy_from_slice(data)).map_err(|e| {
        whole(format!(
            "the Parquet footer cannot be read ({e}); the file is damaged or truncated"
        ))
    })?;
    let metadata = reader.metadata();
    let schema = metadata.file_metadata().schema_descr();
    if schema.num_columns() > MAX_PARQUET_COLUMNS {
        return Err(whole(format!(
            "the file has {} columns, more than the {MAX_PARQUET_COLUMNS} accepted; select the columns you need before writing it",
            schema.num_columns()
        )));
    }
    let groups = metadata.num_row_groups();
    let damaged = |g: usize, message: String| {
        IngestError::in_parquet(file, Some((g + 1, groups)), 0, None, message)
    };
    let mut starts = Vec::with_capacity(groups);
    let mut rows: u64 = 0;
    for (g, group) in metadata.row_groups().iter().enumerate() {
        let n = u64::try_from(group.num_rows()).map_err(|_| {
            damaged(
                g,
                "the row group has a negative number of rows; the file is damaged".into(),
            )
        })?;
        starts.push(rows + 1);
        rows = rows.saturating_add(n);
        if group.columns().len() != schema.num_columns() {
            return Err(damaged(
                g,
                "the row group does not have a chunk for every column; the file is damaged".into(),
            ));
        }
        for (leaf, chunk) in group.columns().iter().enumerate() {
            let start = chunk
                .dictionary_page_offset()
                .unwrap_or_else(|| chunk.data_page_offset());
            let length = chunk.compressed_size();
            let end = start.checked_add(length);
            if start < 0 || length < 0 || end.is_none_or(|end| end > data.len() as i64) {
                return Err(damaged(
                    g,
                    format!(
                        "the footer places column {} outside the file; the file is damaged",
                        leaf + 1
                    ),
                ));
            }
            check_page_headers(data, start as usize, length as usize, leaf + 1)
                .map_err(|problem| damaged(g, format!("{problem}; the file is damaged")))?;
        }
    }
    if rows > MAX_PARQUET_ROWS {
        return Err(whole(format!(
            "the file has {rows} rows, more than the {MAX_PARQUET_ROWS} accepted; reduce it (fewer symbols or dates) before writing it"
        )));
    }
    Ok((reader, starts, rows))
}

/// The layout of a file, its plan of columns to read, and the raw columns known in advance.
pub(super) struct PlannedLayout {
    pub(super) format: Format,
    pub(super) note: Option<String>,
    pub(super) plan: Plan,
    /// Wide and one-symbol files: one per value column (long files add theirs as symbols come).
    pub(super) columns: Vec<RawColumn>,
    pub(super) warnings: Vec<String>,
}

/// Sniffs the layout from the column names, as for a CSV header (with the date column found
/// by type moved first), and checks the types of the columns it needs.
pub(super) fn plan_layout(
    file: &str,
    fields: &[Field],
    date: &DateReader,
    file_symbol: &str,
) -> Result<PlannedLayout, IngestError> {
    let names: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
    let date_field = date.source.field;
    let mut header = names.clone();
    header.swap(0, date_field);
    let layout = sniff(file, &[header], file_symbol)
        .map_err(|e| IngestError::in_parquet(file, None, 0, None, e.message))?;
    // Columns of the sniffed header are in swapped order: map them back.
    let unswap = |i: usize| match i {
        0 => date_field,
        i if i == date_field => 0,
        i => i,
    };
    let column_error = |field: usize, message: String| {
        IngestError::in_parquet(file, None, 0, Some((field + 1, &names[field])), message)
    };
    let flat_source = |field: usize| -> Result<Source, IngestError> {
        let f = &fields[field];
        match f.leaf {
            Some(leaf) if f.kind != ColumnType::Nested => Ok(Source {
                field,
                leaf,
                max_def: f.max_def,
            }),
            _ => Err(column_error(
                field,
                "the column is nested (a struct, list or map); flatten it into plain columns before writing the file".into(),
            )),
        }
    };
    let number_source = |index: usize| -> Result<(Source, NumberKind), IngestError> {
        let field = unswap(index);
        let source = flat_source(field)?;
        match fields[field].kind {
            ColumnType::Number(kind) => Ok((source, kind)),
            other => Err(column_error(
                field,
                format!("the close column holds {}, not numbers", type_words(other)),
            )),
        }
    };
    let mut warnings = Vec::new();
    let mut columns = Vec::new();
    let plan = match layout.format {
        Format::Long => {
            let symbol_field = unswap(layout.symbol_column.unwrap_or(0));
            let symbol = flat_source(symbol_field)?;
            if fields[symbol_field].kind != ColumnType::Text {
                return Err(column_error(
                    symbol_field,
                    format!(
                        "the symbol column holds {}, not text; write the symbols as strings",
                        type_words(fields[symbol_field].kind)
                    ),
                ));
            }
            let values = layout
                .values
                .iter()
                .map(|v| number_source(v.index).map(|(source, kind)| (source, kind, v.basis)))
                .collect::<Result<_, _>>()?;
            Plan::Long(LongPlan { symbol, values })
        }
        Format::Wide | Format::Fred => {
            let mut values = Vec::new();
            for (field, meta) in fields.iter().enumerate() {
                if field == date_field {
                    continue;
                }
                if meta.name.starts_with("__index_level_") {
                    warnings.push(format!(
                        "column {}: pandas' index, left out (not a symbol)",
                        meta.name
                    ));
                    continue;
                }
                let source = flat_source(field)?;
                let ColumnType::Number(kind) = meta.kind else {
                    return Err(column_error(
                        field,
                        format!(
                            "the column holds {}, not numbers; a wide file has one date column ({}) and one numeric column per symbol",
                            type_words(meta.kind),
                            date.name
                        ),
                    ));
                };
                columns.push(RawColumn::new(
                    meta.name.clone(),
                    PriceBasis::Unknown,
                    field,
                    &names,
                ));
                values.push((source, kind));
            }
            Plan::Wide(WidePlan { values })
        }
        _ => {
            let mut values = Vec::new();
            for v in &layout.values {
                let (source, kind) = number_source(v.index)?;
                columns.push(RawColumn::new(
                    v.symbol.clone().unwrap_or_else(|| file_symbol.to_string()),
                    v.basis,
                    source.field,
                    &names,
                ));
                values.push((source, kind));
            }
            Plan::Wide(WidePlan { values })
        }
    };
    Ok(PlannedLayout {
        format: layout.format,
        note: layout.note,
        plan,
        columns,
        warnings,
    })
}

/// Checks every column chunk to read: a codec this build has, and a bounded decoded size per
/// row group. Returns the codecs met, each once.
pub(super) fn check_chunks(
    file: &str,
    metadata: &ParquetMetaData,
    names: &[String],
    read: &[Source],
) -> Result<Vec<String>, IngestError> {
    let groups = metadata.num_row_groups();
    let mut compression = Vec::new();
    for (g, group) in metadata.row_groups().iter().enumerate() {
        let mut decoded: u64 = 0;
        for source in read {
            let chunk = group.column(source.leaf);
            let codec = chunk.compression();
            if !codec_supported(codec) {
                return Err(IngestError::in_parquet(
                    file,
                    Some((g + 1, groups)),
                    0,
                    Some((source.field + 1, &names[source.field])),
                    unsupported_codec(codec),
                ));
            }
            let descr = metadata.file_metadata().schema_descr().column(source.leaf);
            let text = descr.physical_type() == PhysicalType::BYTE_ARRAY;
            if let Some(encoding) = chunk
                .encodings()
                .find(|&e| text && is_unchecked_text_encoding(e))
            {
                return Err(IngestError::in_parquet(
                    file,
                    Some((g + 1, groups)),
                    0,
                    Some((source.field + 1, &names[source.field])),
                    unchecked_text_encoding(encoding),
                ));
            }
            let name = codec_name(codec).to_string();
            if !compression.contains(&name) {
                compression.push(name);
            }
            decoded = decoded
                .saturating_add(u64::try_from(chunk.uncompressed_size()).unwrap_or(u64::MAX));
        }
        if decoded > MAX_ROW_GROUP_BYTES {
            return Err(IngestError::in_parquet(
                file,
                Some((g + 1, groups)),
                0,
                None,
                format!(
                    "the row group holds {} MiB of columns to read, more than the {} MiB accepted; write the file with smaller row groups",
                    decoded >> 20,
                    MAX_ROW_GROUP_BYTES >> 20
                ),
            ));
        }
    }
    Ok(compression)
}
