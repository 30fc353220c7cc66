//! From the text a user pastes to DER bytes.
//!
//! Accepted: a PEM block (RFC 7468, LF or CRLF, any line width, even all on one line), with the
//! line breaks possibly written as literal `\n` escapes (keys kept in environment variables),
//! wrapped in surrounding whitespace or double quotes; and bare base64 of the DER or of a whole
//! PEM. Text before the first `-----BEGIN` line and after its `-----END` line is ignored, as
//! RFC 7468 allows. The label decides the error for bodies that are not plain DER keys
//! (encrypted, certificates, other algorithms); a plain DER body is then classified by its own
//! structure.

use std::borrow::Cow;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use zeroize::Zeroizing;

use super::{KeyError, Wanted};

/// Standard alphabet, padding optional, non-canonical trailing bits rejected.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The longest PEM label accepted; real labels are under 30 characters.
const MAX_LABEL_LEN: usize = 64;

/// Decodes the text of a key to DER.
pub(super) fn decode(text: &str, wanted: Wanted) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let text = unescape(text);
    let text = strip_wrapping(&text);
    if text.is_empty() {
        return Err(KeyError::Empty);
    }
    if let Some(begin) = text.find("-----BEGIN") {
        let block = text.get(begin..).unwrap_or_default();
        return decode_block(block, wanted);
    }
    let compact: Zeroizing<String> =
        Zeroizing::new(text.chars().filter(|c| !c.is_ascii_whitespace()).collect());
    let bytes = Zeroizing::new(
        BASE64
            .decode(compact.as_bytes())
            .map_err(|_| KeyError::NotPem)?,
    );
    if bytes.starts_with(b"-----BEGIN") {
        // Base64 of a whole PEM file, as some platforms store keys. One level only.
        let inner = std::str::from_utf8(&bytes).map_err(|_| KeyError::NotPem)?;
        return decode_block(inner.trim_end(), wanted);
    }
    match bytes.first() {
        Some(0x30) => Ok(bytes),
        _ => Err(KeyError::NotPem),
    }
}

/// Turns literal `\n` and `\r` escapes into line breaks. Base64 and PEM framing never contain a
/// backslash, so this cannot change a well-formed key.
fn unescape(text: &str) -> Cow<'_, str> {
    if text.contains('\\') {
        Cow::Owned(text.replace("\\r", "\r").replace("\\n", "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Trims whitespace and one pair of surrounding double quotes.
fn strip_wrapping(text: &str) -> &str {
    let trimmed = text.trim();
    trimmed
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .map_or(trimmed, str::trim)
}

/// Decodes the block that starts at `-----BEGIN`.
fn decode_block(block: &str, wanted: Wanted) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let after_begin = block
        .strip_prefix("-----BEGIN ")
        .ok_or(KeyError::InvalidPem {
            reason: "`-----BEGIN` must be followed by one space and the label",
        })?;
    let label_end = after_begin.find("-----").ok_or(KeyError::InvalidPem {
        reason: "the BEGIN line does not end with `-----`",
    })?;
    let label = after_begin.get(..label_end).unwrap_or_default();
    if label.is_empty()
        || label.len() > MAX_LABEL_LEN
        || !label
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ' || b == b'-')
    {
        return Err(KeyError::InvalidPem {
            reason: "the BEGIN label is not a PEM label",
        });
    }
    let rest = after_begin.get(label_end + 5..).unwrap_or_default();
    let end = rest.find("-----END").ok_or(KeyError::InvalidPem {
        reason: "there is no `-----END` line (the key is cut off)",
    })?;
    let end_line = rest.get(end..).unwrap_or_default();
    let matches_label = end_line
        .strip_prefix("-----END ")
        .and_then(|t| t.strip_prefix(label))
        .is_some_and(|t| t.starts_with("-----"));
    if !matches_label {
        return Err(KeyError::InvalidPem {
            reason: "the END label differs from the BEGIN label",
        });
    }
    check_label(label, wanted)?;

    let body = rest.get(..end).unwrap_or_default();
    let mut base64_text = Zeroizing::new(String::with_capacity(body.len()));
    for line in body.lines() {
        if let Some((name, value)) = line.split_once(':') {
            // An RFC 1421 header, as in legacy OpenSSL keys ("Proc-Type: 4,ENCRYPTED").
            if name.trim().eq_ignore_ascii_case("Proc-Type") && value.contains("ENCRYPTED") {
                return Err(wanted.encrypted("a PEM with a `Proc-Type: 4,ENCRYPTED` header"));
            }
            continue;
        }
        base64_text.extend(line.chars().filter(|c| !c.is_ascii_whitespace()));
    }
    if base64_text.is_empty() {
        return Err(KeyError::InvalidPem {
            reason: "the body between BEGIN and END is empty",
        });
    }
    BASE64
        .decode(base64_text.as_bytes())
        .map(Zeroizing::new)
        .map_err(|_| KeyError::InvalidPem {
            reason: "the body between BEGIN and END is not valid base64",
        })
}

/// Rejects the labels whose bodies are not plain RSA keys, with the error that says what to do.
fn check_label(label: &str, wanted: Wanted) -> Result<(), KeyError> {
    match label {
        "PRIVATE KEY" | "RSA PRIVATE KEY" | "PUBLIC KEY" | "RSA PUBLIC KEY" => Ok(()),
        "ENCRYPTED PRIVATE KEY" => Err(wanted.encrypted("an `ENCRYPTED PRIVATE KEY` PEM")),
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => Err(KeyError::Certificate),
        "EC PRIVATE KEY" | "EC PARAMETERS" => Err(super::not_rsa(super::structure::EC_PUBLIC_KEY)),
        "DSA PRIVATE KEY" => Err(super::not_rsa(super::structure::DSA)),
        other => Err(KeyError::UnsupportedPemLabel {
            label: other.to_owned(),
        }),
    }
}
