//! [`ExternalId`]: the `X-EXTERNAL-ID` header, unique per request within a day.

use std::fmt;

use crate::Timestamp;

/// The most digits an `X-EXTERNAL-ID` may have.
pub const MAX_EXTERNAL_ID_LEN: usize = 36;

/// An `X-EXTERNAL-ID`: a numeric string of 1 to 36 ASCII digits.
///
/// Ayolinx answers `409xx00` ("Cannot use same X-EXTERNAL-ID in same day") when one is reused
/// within a day. [`ExternalId::generate`] makes 36 digits from the request's timestamp
/// (`yyMMddHHmmss`, 12 digits) and 24 digits of caller-supplied randomness (about 80 bits), so
/// two ids collide within a day only if 16 random bytes do. The core takes the random bytes as an
/// argument: adapters draw them from the OS.
///
/// ```
/// use ayolinx_proto::{ExternalId, Timestamp};
///
/// let ts = Timestamp::from_unix(1_726_120_500)?;
/// let id = ExternalId::generate(&ts, [7; 16]);
/// assert_eq!(id.as_str().len(), 36);
/// assert!(id.as_str().starts_with("240912125500"));
///
/// assert!(ExternalId::new("418075533589").is_ok());
/// assert!(ExternalId::new("2jd9sl384jkd").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ExternalId(String);

impl ExternalId {
    /// Validates a caller-chosen id: 1 to 36 ASCII digits.
    ///
    /// ```
    /// use ayolinx_proto::ExternalId;
    /// assert_eq!(ExternalId::new("0042")?.as_str(), "0042");
    /// assert!(ExternalId::new("").is_err());
    /// assert!(ExternalId::new("1".repeat(37)).is_err());
    /// # Ok::<(), ayolinx_proto::external_id::ExternalIdError>(())
    /// ```
    pub fn new(id: impl Into<String>) -> Result<Self, ExternalIdError> {
        let id = id.into();
        if id.is_empty() {
            return Err(ExternalIdError::Empty);
        }
        if id.len() > MAX_EXTERNAL_ID_LEN {
            return Err(ExternalIdError::TooLong { len: id.len() });
        }
        if let Some(position) = id.bytes().position(|b| !b.is_ascii_digit()) {
            return Err(ExternalIdError::NotNumeric { position });
        }
        Ok(Self(id))
    }

    /// A fresh id: `yyMMddHHmmss` of `timestamp` in its own offset, then 24 digits from `random`
    /// (read as a big-endian integer, reduced modulo 10^24; the bias is below 2^-48).
    ///
    /// ```
    /// use ayolinx_proto::{ExternalId, Timestamp};
    /// let ts = Timestamp::from_unix(1_726_120_500)?;
    /// assert_ne!(ExternalId::generate(&ts, [1; 16]), ExternalId::generate(&ts, [2; 16]));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn generate(timestamp: &Timestamp, random: [u8; 16]) -> Self {
        const TEN_TO_24: u128 = 1_000_000_000_000_000_000_000_000;
        let text = timestamp.to_string();
        let prefix: String = text
            .get(2..19)
            .unwrap_or_default()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let digits = u128::from_be_bytes(random) % TEN_TO_24;
        Self(format!("{prefix}{digits:024}"))
    }

    /// The id as sent in the header.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ExternalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ExternalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ExternalId({})", self.0)
    }
}

impl std::str::FromStr for ExternalId {
    type Err = ExternalIdError;

    fn from_str(id: &str) -> Result<Self, Self::Err> {
        Self::new(id)
    }
}

/// Why a text is not a valid `X-EXTERNAL-ID`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExternalIdError {
    /// The id is empty.
    Empty,
    /// The id has more than 36 characters.
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// The id contains a character that is not an ASCII digit.
    NotNumeric {
        /// Byte offset of the first such character.
        position: usize,
    },
}

impl fmt::Display for ExternalIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("X-EXTERNAL-ID is empty"),
            Self::TooLong { len } => write!(f, "X-EXTERNAL-ID has {len} characters (at most 36)"),
            Self::NotNumeric { position } => {
                write!(
                    f,
                    "X-EXTERNAL-ID must be digits only; byte {position} is not a digit"
                )
            }
        }
    }
}

impl std::error::Error for ExternalIdError {}
