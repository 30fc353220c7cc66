//! The strings to sign and the signatures of the three Ayolinx schemes.
//!
//! Each scheme is two stages you can print and compare: a string to sign, then a signature over
//! its UTF-8 bytes. When Ayolinx answers "invalid signature", compare stage by stage: the body
//! bytes, [`sha256_hex`] of them, the string to sign, then the signature.
//!
//! | scheme | string to sign | signature |
//! |---|---|---|
//! | A, access token | [`token_string_to_sign`] | [`PrivateKey::sign_base64`](crate::PrivateKey::sign_base64) |
//! | B, transactional request | [`request_string_to_sign`] | [`hmac_sha512_base64`] |
//! | C, callback from Ayolinx | [`callback_string_to_sign`] | [`PublicKey::verify_base64`](crate::PublicKey::verify_base64) |
//!
//! Signatures are standard base64 with padding. Verification accepts standard base64 with or
//! without padding and nothing else, and compares in constant time.

use std::fmt;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Sha256, Sha512};

use crate::sha256::sha256;

/// Length in bytes of an HMAC-SHA512 tag. Ayolinx signatures are always the full tag.
pub const HMAC_SHA512_TAG_LEN: usize = 64;

/// Standard alphabet, padding optional on input, non-canonical trailing bits rejected.
const LENIENT_PADDING: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Lowercase hex of the SHA-256 of `bytes`: the `hashedRequestBody` of every string to sign.
///
/// An empty body hashes the empty string; the segment is never dropped.
///
/// ```
/// use ayolinx_proto::signature::sha256_hex;
/// assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256Hex::of(bytes).as_str().to_owned()
}

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// The two lowercase hex digits of `byte`.
fn hex_pair(byte: u8) -> [u8; 2] {
    let digit = |nibble: u8| {
        HEX_DIGITS
            .get(usize::from(nibble & 0x0f))
            .copied()
            .unwrap_or(b'0')
    };
    [digit(byte >> 4), digit(byte)]
}

pub(crate) fn lower_hex(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.extend_from_slice(&hex_pair(*byte));
    }
    // Hex digits are ASCII, so this is always `Ok`.
    String::from_utf8(out).unwrap_or_default()
}

/// The lowercase hex of the SHA-256 of some bytes, on the stack.
struct Sha256Hex([u8; 64]);

impl Sha256Hex {
    fn of(bytes: &[u8]) -> Self {
        let mut out = [0; 64];
        for (pair, byte) in out.chunks_exact_mut(2).zip(sha256(bytes)) {
            pair.copy_from_slice(&hex_pair(byte));
        }
        Self(out)
    }

    fn as_str(&self) -> &str {
        // Hex digits are ASCII, so this is always `Ok`.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// Scheme A: the string the merchant signs with its RSA key to get an access token,
/// `client_key|timestamp`.
///
/// `client_key` is the `X-CLIENT-KEY` value (the `CK…` client key, never the secret) and
/// `timestamp` is exactly the `X-TIMESTAMP` header value.
///
/// ```
/// use ayolinx_proto::signature::token_string_to_sign;
/// assert_eq!(
///     token_string_to_sign("CKSandbox-1", "2024-09-18T06:36:36+07:00"),
///     "CKSandbox-1|2024-09-18T06:36:36+07:00",
/// );
/// ```
pub fn token_string_to_sign(client_key: &str, timestamp: &str) -> String {
    let mut out = String::with_capacity(client_key.len() + 1 + timestamp.len());
    out.push_str(client_key);
    out.push('|');
    out.push_str(timestamp);
    out
}

/// Scheme B: the string signed with HMAC-SHA512 for every transactional request,
/// `METHOD:path:access_token:sha256hex(body):timestamp`.
///
/// The method is upper-cased; `path` is the path only (no host, no query), `access_token` the bare
/// token without `Bearer `, `body` the exact bytes sent, `timestamp` exactly the `X-TIMESTAMP`
/// header value.
///
/// ```
/// use ayolinx_proto::signature::request_string_to_sign;
/// assert_eq!(
///     request_string_to_sign("POST", "/v1.0/qr/qr-mpm-generate", "tok", b"body", "2024-09-12T12:55:00+07:00"),
///     "POST:/v1.0/qr/qr-mpm-generate:tok:230d8358dc8e8890b4c58deeb62912ee2f20357ae92a5cc861b98e68fe31acb5:2024-09-12T12:55:00+07:00",
/// );
/// ```
pub fn request_string_to_sign(
    method: &str,
    path: &str,
    access_token: &str,
    body: &[u8],
    timestamp: &str,
) -> String {
    join_segments(method, &[path, access_token], body, timestamp)
}

/// Scheme C: the string Ayolinx signs with its RSA key on every callback,
/// `METHOD:path:sha256hex(body):timestamp`, with no access token.
///
/// `path` is the path of the merchant's own callback URL as the request arrived (not the
/// documented `/v1.0/qr/qr-mpm-notify`), `body` the raw bytes received, never a re-serialised
/// copy, and `timestamp` the callback's `X-TIMESTAMP` header value.
///
/// ```
/// use ayolinx_proto::signature::callback_string_to_sign;
/// let s = callback_string_to_sign("POST", "/webhooks/ayolinx", b"{}", "2024-09-12T12:55:00+07:00");
/// assert_eq!(
///     s,
///     "POST:/webhooks/ayolinx:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a:2024-09-12T12:55:00+07:00",
/// );
/// ```
pub fn callback_string_to_sign(method: &str, path: &str, body: &[u8], timestamp: &str) -> String {
    join_segments(method, &[path], body, timestamp)
}

/// `METHOD:segment:…:sha256hex(body):timestamp`, written into one allocation of the exact size.
fn join_segments(method: &str, segments: &[&str], body: &[u8], timestamp: &str) -> String {
    let len = method.len()
        + segments.iter().map(|s| s.len() + 1).sum::<usize>()
        + 1
        + 64
        + 1
        + timestamp.len();
    let mut out = String::with_capacity(len);
    write_string_to_sign(method, segments, body, timestamp, |piece| {
        out.push_str(piece);
    });
    out
}

/// Writes `METHOD:segment:…:sha256hex(body):timestamp` piece by piece into `push`, the method
/// upper-cased: the one definition of the scheme-B and scheme-C strings to sign, shared by the
/// functions that return them and by [`RequestSigner`], which hashes the pieces without
/// building the string.
fn write_string_to_sign(
    method: &str,
    segments: &[&str],
    body: &[u8],
    timestamp: &str,
    mut push: impl FnMut(&str),
) {
    if method.bytes().any(|b| b.is_ascii_lowercase()) {
        push(&method.to_ascii_uppercase());
    } else {
        push(method);
    }
    for segment in segments {
        push(":");
        push(segment);
    }
    push(":");
    push(Sha256Hex::of(body).as_str());
    push(":");
    push(timestamp);
}

/// Length in bytes of an HMAC-SHA256 tag (only the SNAP VA payment call may use it).
pub const HMAC_SHA256_TAG_LEN: usize = 32;

fn hmac_tag<D>(secret: &[u8], message: &[u8]) -> Hmac<D>
where
    D: hmac::EagerHash,
    Hmac<D>: KeyInit + Mac,
{
    // HMAC accepts keys of any length, so this cannot fail; the fallback keeps it panic-free.
    let mut mac = <Hmac<D> as KeyInit>::new_from_slice(secret)
        .unwrap_or_else(|_| <Hmac<D> as KeyInit>::new(&Default::default()));
    mac.update(message);
    mac
}

fn verify_hmac<D>(
    secret: &[u8],
    message: &[u8],
    signature: &str,
    tag_len: usize,
) -> Result<(), SignatureError>
where
    D: hmac::EagerHash,
    Hmac<D>: KeyInit + Mac,
{
    check_decoded_signature(signature, tag_len, |tag| {
        hmac_tag::<D>(secret, message).verify_slice(tag).is_ok()
    })
}

/// Scheme B signature: standard base64 (padded) of HMAC-SHA512(`secret`, `message`).
///
/// `secret` is the client secret's bytes and `message` the string to sign's bytes.
///
/// ```
/// use ayolinx_proto::signature::hmac_sha512_base64;
/// let tag = hmac_sha512_base64(b"secret", b"message");
/// assert_eq!(tag.len(), 88);
/// assert!(tag.ends_with("=="));
/// ```
pub fn hmac_sha512_base64(secret: &[u8], message: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD
        .encode(hmac_tag::<Sha512>(secret, message).finalize().into_bytes())
}

/// HMAC-SHA512 keyed once with a client secret, for signing many scheme-B requests: each
/// signature starts from a copy of the keyed state, so the key's two padded blocks are not
/// hashed again per request. The state is as sensitive as the secret; the SHA-2 states inside
/// are wiped when dropped (`sha2`'s `zeroize` feature).
#[derive(Clone)]
pub(crate) struct RequestSigner(Hmac<Sha512>);

impl RequestSigner {
    pub(crate) fn new(secret: &[u8]) -> Self {
        Self(hmac_tag::<Sha512>(secret, b""))
    }

    /// The scheme-B signature of a request: the same bytes as [`hmac_sha512_base64`] of
    /// [`request_string_to_sign`] with the secret this signer was keyed with, the string to sign
    /// hashed piece by piece rather than built.
    pub(crate) fn sign_request_base64(
        &self,
        method: &str,
        path: &str,
        access_token: &str,
        body: &[u8],
        timestamp: &str,
    ) -> String {
        let mut mac = self.0.clone();
        write_string_to_sign(method, &[path, access_token], body, timestamp, |piece| {
            mac.update(piece.as_bytes());
        });
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    }
}

/// Checks a scheme-B signature in constant time.
///
/// `signature` must be standard base64 (padding optional) of the full 64-byte tag. URL-safe
/// base64, whitespace, hex and truncated tags are each rejected with a [`SignatureError`] that
/// says which.
///
/// ```
/// use ayolinx_proto::signature::{hmac_sha512_base64, verify_hmac_sha512_base64, SignatureError};
/// let tag = hmac_sha512_base64(b"secret", b"message");
/// assert!(verify_hmac_sha512_base64(b"secret", b"message", &tag).is_ok());
/// assert!(verify_hmac_sha512_base64(b"secret", b"message", tag.trim_end_matches('=')).is_ok());
/// assert_eq!(verify_hmac_sha512_base64(b"other", b"message", &tag), Err(SignatureError::Mismatch));
/// ```
pub fn verify_hmac_sha512_base64(
    secret: &[u8],
    message: &[u8],
    signature: &str,
) -> Result<(), SignatureError> {
    verify_hmac::<Sha512>(secret, message, signature, HMAC_SHA512_TAG_LEN)
}

/// Standard base64 (padded) of HMAC-SHA256(`secret`, `message`): the variant of the SNAP VA
/// payment signature that Ayolinx's English docs describe (see
/// [`VaSignatureCheck`](crate::callback::VaSignatureCheck)).
///
/// ```
/// use ayolinx_proto::signature::hmac_sha256_base64;
/// assert_eq!(hmac_sha256_base64(b"secret", b"message").len(), 44);
/// ```
pub fn hmac_sha256_base64(secret: &[u8], message: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD
        .encode(hmac_tag::<Sha256>(secret, message).finalize().into_bytes())
}

/// Checks an HMAC-SHA256 signature in constant time, under the same base64 rules as
/// [`verify_hmac_sha512_base64`]; the full 32-byte tag is required.
///
/// ```
/// use ayolinx_proto::signature::{hmac_sha256_base64, verify_hmac_sha256_base64};
/// let tag = hmac_sha256_base64(b"secret", b"message");
/// assert!(verify_hmac_sha256_base64(b"secret", b"message", &tag).is_ok());
/// assert!(verify_hmac_sha256_base64(b"secret", b"other", &tag).is_err());
/// ```
pub fn verify_hmac_sha256_base64(
    secret: &[u8],
    message: &[u8],
    signature: &str,
) -> Result<(), SignatureError> {
    verify_hmac::<Sha256>(secret, message, signature, HMAC_SHA256_TAG_LEN)
}

/// The most bytes a signature can have: an RSA-8192 signature.
const MAX_SIGNATURE_LEN: usize = 1024;

/// A signature header value, decoded and checked to be exactly the expected length, held on the
/// stack.
#[derive(Clone)]
pub(crate) struct DecodedSignature {
    buffer: [u8; MAX_SIGNATURE_LEN],
    len: usize,
}

impl DecodedSignature {
    /// The decoded bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.buffer.get(..self.len).unwrap_or_default()
    }
}

/// Decodes a signature header value (on the stack when it fits; otherwise, and for every
/// malformed value, by [`decode_signature_base64`], which words the error) and checks that it is
/// exactly `expected_len` bytes long.
pub(crate) fn decode_signature(
    signature: &str,
    expected_len: usize,
) -> Result<DecodedSignature, SignatureError> {
    let wrong_length = |actual| SignatureError::WrongLength {
        expected: expected_len,
        actual,
    };
    let mut buffer = [0u8; MAX_SIGNATURE_LEN];
    let len = match LENIENT_PADDING.decode_slice(signature, &mut buffer) {
        Ok(len) if !signature.is_empty() => len,
        _ => {
            let decoded = decode_signature_base64(signature)?;
            let slot = buffer
                .get_mut(..decoded.len())
                .ok_or(wrong_length(decoded.len()))?;
            slot.copy_from_slice(&decoded);
            decoded.len()
        }
    };
    if len != expected_len {
        return Err(wrong_length(len));
    }
    Ok(DecodedSignature { buffer, len })
}

/// Checks a signature header value: [decoded](decode_signature) to exactly `expected_len` bytes,
/// then accepted by `matches`.
pub(crate) fn check_decoded_signature(
    signature: &str,
    expected_len: usize,
    matches: impl FnOnce(&[u8]) -> bool,
) -> Result<(), SignatureError> {
    let decoded = decode_signature(signature, expected_len)?;
    if matches(decoded.as_bytes()) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// Decodes a signature header value under the verification rules: the standard alphabet, padding
/// optional, nothing else (no whitespace, no URL-safe alphabet, no non-canonical trailing bits).
fn decode_signature_base64(signature: &str) -> Result<Vec<u8>, SignatureError> {
    if signature.is_empty() {
        return Err(SignatureError::Empty);
    }
    LENIENT_PADDING.decode(signature).map_err(|error| {
        let reason = match error {
            base64::DecodeError::InvalidByte(offset, byte) => match byte {
                b'-' | b'_' => NotBase64Reason::UrlSafeAlphabet { offset },
                b' ' | b'\t' | b'\r' | b'\n' => NotBase64Reason::Whitespace { offset },
                _ => NotBase64Reason::InvalidCharacter { offset },
            },
            base64::DecodeError::InvalidLength(_) => NotBase64Reason::InvalidLength,
            base64::DecodeError::InvalidLastSymbol(offset, _) => {
                NotBase64Reason::NonCanonicalEnding { offset }
            }
            base64::DecodeError::InvalidPadding => NotBase64Reason::InvalidPadding,
        };
        SignatureError::NotBase64(reason)
    })
}

/// Why a signature could not be accepted.
///
/// The message names the stage that failed; it never contains a secret, a key or the expected
/// signature.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureError {
    /// The signature was an empty string.
    Empty,
    /// The signature is not standard base64.
    NotBase64(NotBase64Reason),
    /// The signature decoded to the wrong number of bytes (for example a truncated HMAC tag, or an
    /// RSA signature of another key size).
    WrongLength {
        /// Bytes a signature must have.
        expected: usize,
        /// Bytes this one had.
        actual: usize,
    },
    /// The signature is well-formed but does not match the message and key.
    Mismatch,
}

/// What is wrong with a signature that is not standard base64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotBase64Reason {
    /// A character outside the standard base64 alphabet at this byte offset.
    InvalidCharacter {
        /// Byte offset of the character.
        offset: usize,
    },
    /// A `-` or `_` at this byte offset: URL-safe base64, which Ayolinx does not use.
    UrlSafeAlphabet {
        /// Byte offset of the character.
        offset: usize,
    },
    /// Whitespace at this byte offset.
    Whitespace {
        /// Byte offset of the character.
        offset: usize,
    },
    /// The number of base64 characters cannot encode whole bytes.
    InvalidLength,
    /// The last character carries bits that a canonical encoder would have left zero.
    NonCanonicalEnding {
        /// Byte offset of the character.
        offset: usize,
    },
    /// Padding in the wrong place or of the wrong length.
    InvalidPadding,
}

impl fmt::Display for NotBase64Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidCharacter { offset } => {
                write!(
                    f,
                    "a character outside the base64 alphabet at offset {offset}"
                )
            }
            Self::UrlSafeAlphabet { offset } => write!(
                f,
                "a URL-safe base64 character at offset {offset} (signatures use the standard alphabet with + and /)"
            ),
            Self::Whitespace { offset } => write!(f, "whitespace at offset {offset}"),
            Self::InvalidLength => f.write_str("a length that cannot be base64"),
            Self::NonCanonicalEnding { offset } => {
                write!(
                    f,
                    "non-canonical trailing bits in the character at offset {offset}"
                )
            }
            Self::InvalidPadding => f.write_str("misplaced or wrong '=' padding"),
        }
    }
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("the signature is empty"),
            Self::NotBase64(reason) => write!(f, "the signature is not standard base64: {reason}"),
            Self::WrongLength { expected, actual } => write!(
                f,
                "the signature decodes to {actual} bytes, but a valid one has {expected} bytes"
            ),
            Self::Mismatch => f.write_str("the signature does not match the message and key"),
        }
    }
}

impl std::error::Error for SignatureError {}
