use super::limits::{size_text, MAX_FILE_BYTES, REDUCE_HINT};
use super::IngestError;
use flate2::read::MultiGzDecoder;
use std::borrow::Cow;
use std::io::Read;

/// Largest decompressed size accepted (a guard against decompression bombs): the text read from
/// a gzip file is bounded as a plain file is.
pub const MAX_DECOMPRESSED_BYTES: u64 = MAX_FILE_BYTES;

/// Returns the bytes of a file, decompressed when they start with the gzip magic number
/// (`1f 8b`), whatever the file is called. Inflating stops past [`MAX_DECOMPRESSED_BYTES`] (the
/// size in a gzip trailer is not used: it is modulo 4 GiB, and a cut file's last bytes are not
/// a trailer).
pub fn decompress<'a>(file: &str, bytes: &'a [u8]) -> Result<Cow<'a, [u8]>, IngestError> {
    decompress_at_most(file, bytes, MAX_DECOMPRESSED_BYTES)
}

fn too_large(file: &str, limit: u64) -> IngestError {
    IngestError::whole(
        file,
        format!(
            "the file decompresses to more than {}, the most text Rotation Lab reads. {REDUCE_HINT}",
            size_text(limit)
        ),
    )
}

fn decompress_at_most<'a>(
    file: &str,
    bytes: &'a [u8],
    limit: u64,
) -> Result<Cow<'a, [u8]>, IngestError> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(Cow::Borrowed(bytes));
    }
    let capacity = bytes.len().saturating_mul(4).min(limit as usize);
    let mut out = Vec::with_capacity(capacity);
    let mut reader = MultiGzDecoder::new(bytes).take(limit + 1);
    reader
        .read_to_end(&mut out)
        .map_err(|e| IngestError::at(file, 1, None, format!("the gzip data is damaged ({e})")))?;
    if out.len() as u64 > limit {
        return Err(too_large(file, limit));
    }
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write;

    #[test]
    fn gzip_is_detected_by_content() {
        let mut enc = GzEncoder::new(Vec::new(), Compression::default());
        enc.write_all(b"date,A\n2024-01-02,1\n").unwrap();
        let gz = enc.finish().unwrap();
        assert_eq!(
            &*decompress("x.csv", &gz).unwrap(),
            b"date,A\n2024-01-02,1\n"
        );
        assert_eq!(&*decompress("x.csv.gz", b"plain").unwrap(), b"plain");
        let err = decompress("x.csv.gz", &gz[..gz.len() / 2]).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("x.csv.gz:1: the gzip data is damaged"),
            "{err}"
        );
    }

    #[test]
    fn a_bomb_is_stopped_at_the_bound() {
        let mut enc = GzEncoder::new(Vec::new(), Compression::default());
        enc.write_all(&vec![b'1'; 100_000]).unwrap();
        let gz = enc.finish().unwrap();
        let err = decompress_at_most("b.csv.gz", &gz, 50_000).unwrap_err();
        assert_eq!(
            err.to_string(),
            "b.csv.gz: the file decompresses to more than 50 kB, the most text Rotation Lab reads. Reduce it first (see README: Parquet / DuckDB)"
        );
        assert_eq!(
            decompress_at_most("b.csv.gz", &gz, 100_000).unwrap().len(),
            100_000
        );
    }
}
