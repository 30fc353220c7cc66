//! The exact bytes of a request body: the bytes that are hashed into the signature and the bytes
//! that are sent.
//!
//! Ayolinx defines the body hash as `hash('sha256', json_encode(bodyData))` in PHP, so the
//! default encoding, [`BodyEncoding::PhpJson`], writes exactly what PHP 8's `json_encode` writes
//! with default flags: compact, keys in serialisation order, `/` as `\/`, every non-ASCII
//! character as `\uXXXX`. [`BodyEncoding::Compact`] writes plain compact JSON with raw UTF-8, as
//! `serde_json::to_vec` does. Serialise once with [`encode`], hash those bytes, send those bytes.
//!
//! ```
//! use ayolinx_proto::body::{BodyEncoding, encode};
//! use ayolinx_proto::signature::sha256_hex;
//!
//! #[derive(serde::Serialize)]
//! #[serde(rename_all = "camelCase")]
//! struct UrlParam<'a> { #[serde(rename = "type")] kind: &'a str, url: &'a str }
//! #[derive(serde::Serialize)]
//! #[serde(rename_all = "camelCase")]
//! struct Body<'a> { url_params: Vec<UrlParam<'a>> }
//!
//! let body = Body { url_params: vec![UrlParam { kind: "NOTIFICATION", url: "https://example.com/cb" }] };
//! let bytes = encode(&body, BodyEncoding::PhpJson).unwrap();
//! assert_eq!(bytes, br#"{"urlParams":[{"type":"NOTIFICATION","url":"https:\/\/example.com\/cb"}]}"#);
//! assert_eq!(sha256_hex(&bytes), "3f0d431937b0c43de8ff528c6c850773c2466a7003e2f48b9dbada2b536dfce8");
//! ```
//!
//! Values JSON cannot hold are errors, never a silent `null` and never a panic: NaN and
//! infinities, map keys that are not strings, nesting deeper than [`MAX_DEPTH`], and (under
//! `PhpJson`) integers outside `i64`. See [`BodyError`].

mod error;
mod escape;
mod key;
mod number;
mod serializer;

pub use error::BodyError;

/// The deepest nesting of arrays and objects [`encode`] accepts: 512, the default depth of PHP's
/// `json_encode`, in both encodings.
///
/// Counted as PHP counts (established with `php -r`): every array and object is one level, empty
/// or not, so 512 nested arrays encode and 513 fail with "Maximum stack depth exceeded". Mind that
/// PHP's `json_decode` with its default depth of 512 accepts only 511 nested levels.
///
/// ```
/// use ayolinx_proto::body::{BodyEncoding, BodyError, MAX_DEPTH, encode};
///
/// let mut value = serde_json::json!(1);
/// for _ in 0..MAX_DEPTH {
///     value = serde_json::json!([value]);
/// }
/// assert!(encode(&value, BodyEncoding::PhpJson).is_ok());
/// let too_deep = serde_json::json!([value]);
/// assert!(matches!(
///     encode(&too_deep, BodyEncoding::PhpJson),
///     Err(BodyError::TooDeep { limit: 512, .. })
/// ));
/// ```
pub const MAX_DEPTH: usize = 512;

/// How [`encode`] writes strings and numbers. Both are compact and keep key order.
///
/// ```
/// use ayolinx_proto::body::{BodyEncoding, encode};
///
/// let value = serde_json::json!({ "name": "café", "url": "https://a.id/x", "rate": 1.0 });
/// assert_eq!(BodyEncoding::default(), BodyEncoding::PhpJson);
/// assert_eq!(
///     encode(&value, BodyEncoding::PhpJson).unwrap(),
///     br#"{"name":"caf\u00e9","url":"https:\/\/a.id\/x","rate":1}"#,
/// );
/// assert_eq!(
///     encode(&value, BodyEncoding::Compact).unwrap(),
///     r#"{"name":"café","url":"https://a.id/x","rate":1.0}"#.as_bytes(),
/// );
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum BodyEncoding {
    /// Byte for byte what PHP 8's `json_encode($value)` writes with default flags (the default).
    ///
    /// - `/` is `\/`; `"` and `\` are `\"` and `\\`; `<`, `>`, `&`, `'` and U+007F stay raw.
    /// - U+0008, U+0009, U+000A, U+000C and U+000D are `\b`, `\t`, `\n`, `\f` and `\r`; the other
    ///   controls below U+0020 are `\u00XX` in lowercase hex.
    /// - Every non-ASCII character is `\uXXXX` in lowercase hex (`é` is `\u00e9`), and above
    ///   U+FFFF a UTF-16 surrogate pair (`😀` is `\ud83d\ude00`). The output is pure ASCII.
    /// - Integers are decimal; integers outside `i64` are an error, because PHP would decode them
    ///   as floats and re-encode other bytes.
    /// - Floats are written as PHP 8 writes them with `serialize_precision = -1`: shortest
    ///   round-trip digits, integral values without `.0` (`1`, `-0`, `10000000000000000`),
    ///   exponent form when the value is at least 1e17 or below 1e-4, as `1.0e+17`, `1.5e-7`
    ///   (sign always, exponent not padded). PHP re-encodes every such number to the same bytes,
    ///   except `-0`, which it decodes as the integer 0.
    #[default]
    PhpJson,
    /// Plain compact JSON, byte for byte what `serde_json::to_vec` writes: raw UTF-8, `/` raw,
    /// controls escaped as `serde_json` does, integers exact at any width, floats as
    /// `serde_json` writes them (`1.0`, `1e+16`, `1e-7`). Unlike `serde_json`, a NaN or infinite
    /// float is an error (not `null`), and so is a `bool` or float map key.
    Compact,
}

/// Serialises `value` to the exact body bytes for `encoding`.
///
/// Structs keep field order and maps keep their iteration order (a `serde_json::Value` keeps
/// its key order, the workspace enables `preserve_order`), so `#[serde(flatten)]` and
/// `skip_serializing_if` work as usual. `None`, `()` and unit structs are `null`; unit variants
/// are strings; newtype variants are `{"Variant":value}`; byte slices are arrays of numbers.
///
/// ```
/// use ayolinx_proto::body::{BodyEncoding, encode};
///
/// let value = serde_json::json!({ "note": "é/—", "emoji": "😀" });
/// assert_eq!(
///     encode(&value, BodyEncoding::PhpJson).unwrap(),
///     br#"{"note":"\u00e9\/\u2014","emoji":"\ud83d\ude00"}"#,
/// );
/// assert_eq!(encode(&value, BodyEncoding::Compact).unwrap(), serde_json::to_vec(&value).unwrap());
/// ```
///
/// # Errors
///
/// A [`BodyError`] naming what was wrong and the path to it (`amount.value`,
/// `urlParams[0].url`): a NaN or infinite float, a map key that is not a string, nesting deeper
/// than [`MAX_DEPTH`], an integer outside `i64` under [`BodyEncoding::PhpJson`], or an error
/// raised by a `Serialize` implementation.
pub fn encode<T: serde::Serialize + ?Sized>(
    value: &T,
    encoding: BodyEncoding,
) -> Result<Vec<u8>, BodyError> {
    let mut serializer = serializer::Serializer::new(encoding);
    match value.serialize(&mut serializer) {
        Ok(()) => Ok(serializer.out),
        Err(error) => Err(error.into_public()),
    }
}
