//! [`BodyError`], and the internal error that collects the path while it unwinds.

use std::fmt;

use super::MAX_DEPTH;

/// Why a value could not be encoded as a request body, and where.
///
/// Every variant carries `path`, the place of the bad value written the way you would reach it
/// in JavaScript: `amount.value`, `urlParams[0].url`, or `["odd key"]` for a key that is not a
/// plain name. The empty path is the top-level value. [`BodyError::path`] returns it for any
/// variant.
///
/// ```
/// use ayolinx_proto::body::{BodyEncoding, BodyError, encode};
///
/// #[derive(serde::Serialize)]
/// struct Location { latitude: f64 }
/// #[derive(serde::Serialize)]
/// struct Body { location: Location }
///
/// let body = Body { location: Location { latitude: f64::NAN } };
/// let err = encode(&body, BodyEncoding::PhpJson).unwrap_err();
/// assert!(matches!(err, BodyError::NonFiniteFloat { .. }));
/// assert_eq!(err.path(), "location.latitude");
/// assert_eq!(
///     err.to_string(),
///     "cannot encode the float NaN at `location.latitude`: JSON has no NaN or infinity",
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum BodyError {
    /// A float is NaN or infinite. JSON has no such number; PHP's `json_encode` fails on it, and
    /// writing `null` instead (as `serde_json` does) would sign a value nobody meant to send.
    #[non_exhaustive]
    NonFiniteFloat {
        /// Where the float is.
        path: String,
        /// The float itself (NaN, `inf` or `-inf`).
        float: f64,
    },
    /// An integer outside the signed 64-bit range under [`BodyEncoding::PhpJson`].
    ///
    /// PHP's `json_decode` turns such an integer into a float, and `json_encode` then writes it
    /// differently (`18446744073709551615` comes back as `1.8446744073709552e+19`), so a server
    /// that re-encodes the body would hash other bytes than the ones signed. Send the value as a
    /// string. [`BodyEncoding::Compact`] writes such integers exactly.
    ///
    /// [`BodyEncoding::PhpJson`]: super::BodyEncoding::PhpJson
    /// [`BodyEncoding::Compact`]: super::BodyEncoding::Compact
    #[non_exhaustive]
    IntegerOutOfRange {
        /// Where the integer is.
        path: String,
        /// The integer, in decimal.
        value: String,
    },
    /// A map key that is not a string. Strings, chars, integers (written as strings, as
    /// `serde_json` does), unit enum variants and newtype wrappers of those are accepted; `kind`
    /// names what was found instead.
    #[non_exhaustive]
    KeyNotString {
        /// Where the map is.
        path: String,
        /// What the key was: `"bool"`, `"f64"`, `"unit"`, `"sequence"`, `"map"`, and so on.
        kind: &'static str,
    },
    /// The value nests arrays and objects deeper than `limit` ([`MAX_DEPTH`], PHP's default
    /// `json_encode` depth). Counting is PHP's: every array and object is one level, empty or not.
    #[non_exhaustive]
    TooDeep {
        /// Where the array or object that went one level too deep is.
        path: String,
        /// The limit, [`MAX_DEPTH`].
        limit: usize,
    },
    /// An object holds the same key twice (e.g. an `extra` map repeating a modelled field).
    /// PHP's `json_decode` keeps the last one and other readers the first, so the signed body
    /// would mean two things; it is never written.
    #[non_exhaustive]
    DuplicateKey {
        /// Where the object is.
        path: String,
        /// The repeated key.
        key: String,
    },
    /// A `Serialize` implementation reported an error (`serde::ser::Error::custom`).
    #[non_exhaustive]
    Custom {
        /// Where the value whose `Serialize` failed is.
        path: String,
        /// The message the implementation gave.
        message: String,
    },
}

impl BodyError {
    /// The path of the bad value, e.g. `urlParams[0].url`; empty for the top-level value.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use ayolinx_proto::body::{BodyEncoding, encode};
    ///
    /// let mut map = BTreeMap::new();
    /// map.insert(true, "yes");
    /// let err = encode(&vec![map], BodyEncoding::Compact).unwrap_err();
    /// assert_eq!(err.path(), "[0]");
    /// ```
    pub fn path(&self) -> &str {
        match self {
            Self::NonFiniteFloat { path, .. }
            | Self::IntegerOutOfRange { path, .. }
            | Self::KeyNotString { path, .. }
            | Self::TooDeep { path, .. }
            | Self::DuplicateKey { path, .. }
            | Self::Custom { path, .. } => path,
        }
    }
}

/// Writes ` at `path`` or ` at the top level`.
struct At<'a>(&'a str);

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("at the top level")
        } else {
            write!(f, "at `{}`", self.0)
        }
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NonFiniteFloat { path, float } => write!(
                f,
                "cannot encode the float {float} {}: JSON has no NaN or infinity",
                At(path)
            ),
            Self::IntegerOutOfRange { path, value } => write!(
                f,
                "the integer {value} {} is outside the signed 64-bit range: PHP would decode it as \
                 a float and re-encode other bytes, so the body hash would not match; send it as \
                 a string",
                At(path)
            ),
            Self::KeyNotString { path, kind } => write!(
                f,
                "a map key {} is a {kind}: JSON object keys must be strings (integers are \
                 accepted and written as strings)",
                At(path)
            ),
            Self::TooDeep { path, limit } => write!(
                f,
                "the value {} nests arrays and objects deeper than {limit} levels, PHP \
                 json_encode's default depth",
                At(path)
            ),
            Self::DuplicateKey { path, key } => write!(
                f,
                "the key `{key}` appears twice in the object {}: PHP keeps the last one and \
                 other readers the first, so the signed body would mean two things",
                At(path)
            ),
            Self::Custom { path, message } => {
                write!(
                    f,
                    "the Serialize implementation failed {}: {message}",
                    At(path)
                )
            }
        }
    }
}

impl std::error::Error for BodyError {}

/// One step of a path, innermost first while the error unwinds.
#[derive(Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

/// What went wrong, without the path.
#[derive(Debug)]
pub(super) enum Kind {
    NonFiniteFloat(f64),
    IntegerOutOfRange(String),
    KeyNotString(&'static str),
    TooDeep,
    DuplicateKey(String),
    Custom(String),
}

/// The error of the internal serializer. Each compound level adds its segment as the error
/// passes through it, so the happy path never builds a path.
#[derive(Debug)]
pub(super) struct Error {
    kind: Kind,
    reversed_path: Vec<Segment>,
}

impl Error {
    pub(super) fn new(kind: Kind) -> Self {
        Self {
            kind,
            reversed_path: Vec::new(),
        }
    }

    /// Adds an object key (struct field, map key, enum variant) as the next outer segment.
    pub(super) fn in_key(mut self, key: &str) -> Self {
        self.reversed_path.push(Segment::Key(key.to_owned()));
        self
    }

    /// Adds an array index as the next outer segment.
    pub(super) fn in_index(mut self, index: usize) -> Self {
        self.reversed_path.push(Segment::Index(index));
        self
    }

    /// The public error, with the path rendered outermost first.
    pub(super) fn into_public(self) -> BodyError {
        let mut path = String::new();
        for segment in self.reversed_path.iter().rev() {
            match segment {
                Segment::Index(index) => {
                    path.push('[');
                    path.push_str(&index.to_string());
                    path.push(']');
                }
                Segment::Key(key) if is_plain_name(key) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Segment::Key(key) => {
                    path.push('[');
                    path.push_str(&quote(key));
                    path.push(']');
                }
            }
        }
        match self.kind {
            Kind::NonFiniteFloat(float) => BodyError::NonFiniteFloat { path, float },
            Kind::IntegerOutOfRange(value) => BodyError::IntegerOutOfRange { path, value },
            Kind::KeyNotString(kind) => BodyError::KeyNotString { path, kind },
            Kind::TooDeep => BodyError::TooDeep {
                path,
                limit: MAX_DEPTH,
            },
            Kind::DuplicateKey(key) => BodyError::DuplicateKey { path, key },
            Kind::Custom(message) => BodyError::Custom { path, message },
        }
    }
}

/// A key that reads unambiguously after a `.`.
fn is_plain_name(key: &str) -> bool {
    !key.is_empty()
        && key.chars().all(|c| {
            !matches!(c, '.' | '[' | ']' | '"' | '\\') && !c.is_whitespace() && !c.is_control()
        })
}

/// A key in double quotes, escaped the JSON way.
fn quote(key: &str) -> String {
    let mut out = Vec::with_capacity(key.len() + 2);
    out.push(b'"');
    super::escape::write_compact_str(&mut out, key);
    out.push(b'"');
    String::from_utf8_lossy(&out).into_owned()
}

impl std::error::Error for Error {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.kind, f)
    }
}

impl serde::ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::new(Kind::Custom(msg.to_string()))
    }
}
