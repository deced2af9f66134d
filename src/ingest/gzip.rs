use super::IngestError;
use flate2::read::MultiGzDecoder;
use std::borrow::Cow;
use std::io::Read;

/// Largest decompressed size accepted (a guard against decompression bombs).
pub const MAX_DECOMPRESSED_BYTES: u64 = 1 << 30;

/// Returns the bytes of a file, decompressed when they start with the gzip magic number
/// (`1f 8b`), whatever the file is called.
pub fn decompress<'a>(file: &str, bytes: &'a [u8]) -> Result<Cow<'a, [u8]>, IngestError> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(Cow::Borrowed(bytes));
    }
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(4));
    let mut reader = MultiGzDecoder::new(bytes).take(MAX_DECOMPRESSED_BYTES + 1);
    reader
        .read_to_end(&mut out)
        .map_err(|e| IngestError::at(file, 1, None, format!("the gzip data is damaged ({e})")))?;
    if out.len() as u64 > MAX_DECOMPRESSED_BYTES {
        return Err(IngestError::at(
            file,
            1,
            None,
            format!(
                "the file decompresses to more than {} MiB, the largest accepted",
                MAX_DECOMPRESSED_BYTES >> 20
            ),
        ));
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
}
