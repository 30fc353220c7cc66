//! [`QrisError`]: why a payload cannot be read, or is not the payment asked for.

use std::fmt;

use crate::Amount;

/// Why a QRIS payload cannot be read, or is not the payment that was asked for. Positions are
/// byte offsets into the payload (character positions for the ASCII payloads QRIS uses).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum QrisError {
    /// The payload is empty.
    Empty,
    /// A tag is not two digits.
    BadTag {
        /// Where the tag starts.
        position: usize,
    },
    /// A length is not two digits, or is `00`.
    BadLength {
        /// Where the field starts.
        position: usize,
        /// The field's tag.
        tag: String,
    },
    /// The payload ends inside a field.
    Truncated {
        /// Where the field starts.
        position: usize,
        /// The field's tag, when it could be read.
        tag: Option<String>,
        /// The characters the field announced.
        length: usize,
        /// The characters left.
        available: usize,
    },
    /// A tag appears twice in the same template.
    DuplicateTag {
        /// Where the second one starts.
        position: usize,
        /// The tag.
        tag: String,
    },
    /// The payload does not start with the payload format indicator `000201`.
    FormatIndicator {
        /// What the payload starts with (at most 6 characters).
        found: String,
    },
    /// There is no CRC field (`63`).
    MissingCrc,
    /// The CRC field is not the last one.
    CrcNotLast {
        /// Where the field after it starts.
        position: usize,
    },
    /// The CRC field is not four hex digits.
    MalformedCrc {
        /// Where the CRC field starts.
        position: usize,
        /// Its value.
        value: String,
    },
    /// The CRC does not match the payload: it was changed, cut, or written with a wrong CRC.
    CrcMismatch {
        /// The CRC of the payload, computed.
        computed: u16,
        /// The CRC written in the payload.
        found: String,
    },
    /// The point of initiation (`01`) is not `12` (dynamic, one payment).
    NotDynamic {
        /// Its value; `None` when absent.
        found: Option<String>,
    },
    /// The transaction currency (`53`) is not the one asked for (`360` for IDR).
    WrongCurrency {
        /// The ISO 4217 code expected: `360`, or the alphabetic code asked for when it has no
        /// known numeric code.
        expected: String,
        /// Its value; `None` when absent.
        found: Option<String>,
    },
    /// The country code (`58`) is not `ID`.
    WrongCountry {
        /// Its value; `None` when absent.
        found: Option<String>,
    },
    /// The amount (`54`) is not the one asked for (compared exactly).
    WrongAmount {
        /// The amount asked for.
        expected: Amount,
        /// Its value; `None` when absent.
        found: Option<String>,
    },
}

impl fmt::Display for QrisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |found: &Option<String>| match found {
            Some(value) => format!("{value:?}"),
            None => "absent".to_owned(),
        };
        match self {
            Self::Empty => f.write_str("the payload is empty"),
            Self::BadTag { position } => write!(f, "at {position}: the tag is not two digits"),
            Self::BadLength { position, tag } => write!(
                f,
                "at {position}: the length of tag {tag} is not two digits from 01 to 99"
            ),
            Self::Truncated {
                position,
                tag,
                length,
                available,
            } => match tag {
                Some(tag) => write!(
                    f,
                    "at {position}: tag {tag} announces {length} characters but {available} are left"
                ),
                None => write!(
                    f,
                    "at {position}: the payload ends inside a tag and length ({available} characters left)"
                ),
            },
            Self::DuplicateTag { position, tag } => {
                write!(f, "at {position}: tag {tag} appears a second time")
            }
            Self::FormatIndicator { found } => write!(
                f,
                "at 0: the payload must start with the format indicator 000201, not {found:?}"
            ),
            Self::MissingCrc => f.write_str("there is no CRC (tag 63)"),
            Self::CrcNotLast { position } => {
                write!(
                    f,
                    "at {position}: a field follows the CRC (tag 63 must be last)"
                )
            }
            Self::MalformedCrc { position, value } => {
                write!(f, "at {position}: the CRC {value:?} is not four hex digits")
            }
            Self::CrcMismatch { computed, found } => write!(
                f,
                "the CRC is {found}, but the payload's CRC-16/CCITT-FALSE is {computed:04X}"
            ),
            Self::NotDynamic { found } => write!(
                f,
                "tag 01 (point of initiation) is {}, expected \"12\" (dynamic)",
                shown(found)
            ),
            Self::WrongCurrency { expected, found } => write!(
                f,
                "tag 53 (currency) is {}, expected {expected:?}",
                shown(found)
            ),
            Self::WrongCountry { found } => {
                write!(f, "tag 58 (country) is {}, expected \"ID\"", shown(found))
            }
            Self::WrongAmount { expected, found } => write!(
                f,
                "tag 54 (amount) is {}, expected {expected}",
                shown(found)
            ),
        }
    }
}

impl std::error::Error for QrisError {}
