//! [`Payload::parse`]: the TLV fields of a merchant-presented payload, templates opened, CRC
//! checked.

use serde::Serialize;

use super::crc::crc16_ccitt_false;
use super::error::QrisError;

/// Whether a top-level tag holds a template of its own fields: the merchant account
/// information templates `26`–`51` and the additional data field template `62`.
fn is_template(tag: &str) -> bool {
    tag == "62" || tag.parse::<u8>().is_ok_and(|tag| (26..=51).contains(&tag))
}

/// One field: its tag, its value as written, where it starts, and, for a template, its own
/// fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    tag: String,
    value: String,
    position: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    template: Vec<Field>,
}

impl Field {
    /// The two-digit tag, e.g. `"54"`.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The value as written (for a template, its fields' text).
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Where the field starts in the payload (byte offset).
    pub fn position(&self) -> usize {
        self.position
    }

    /// The fields of a template (`26`–`51`, `62`); empty for any other field.
    pub fn template(&self) -> &[Field] {
        &self.template
    }

    /// The template's field with `tag`.
    pub fn get(&self, tag: &str) -> Option<&Field> {
        find(&self.template, tag)
    }
}

fn find<'a>(fields: &'a [Field], tag: &str) -> Option<&'a Field> {
    fields.iter().find(|field| field.tag == tag)
}

/// A parsed EMV merchant-presented (QRIS) payload whose structure and CRC hold.
///
/// ```
/// use ayolinx_proto::qris::{Payload, QrisError};
///
/// let payload = Payload::parse("00020101021253033605405150005802ID6304B376")?;
/// assert_eq!(payload.value("54"), Some("15000"));
/// assert!(payload.is_dynamic());
///
/// let changed = Payload::parse("00020101021253033605405990005802ID6304B376");
/// assert!(matches!(changed, Err(QrisError::CrcMismatch { .. })));
/// # Ok::<(), QrisError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Payload {
    fields: Vec<Field>,
}

impl Payload {
    /// Reads a payload: every field's tag and length, the templates' own fields, no tag twice in
    /// one template, the format indicator `000201` first, and the CRC (`63`) last and right.
    ///
    /// # Errors
    ///
    /// The first [`QrisError`] met, with its position.
    pub fn parse(text: &str) -> Result<Self, QrisError> {
        if text.is_empty() {
            return Err(QrisError::Empty);
        }
        let fields = read_fields(text, 0, Level::Top)?;
        match fields.first() {
            Some(first) if first.tag == "00" && first.value == "01" => {}
            _ => {
                return Err(QrisError::FormatIndicator {
                    found: text.chars().take(6).collect(),
                });
            }
        }
        let crc_at = fields
            .iter()
            .position(|field| field.tag == "63")
            .ok_or(QrisError::MissingCrc)?;
        if let Some(next) = fields.get(crc_at + 1) {
            return Err(QrisError::CrcNotLast {
                position: next.position,
            });
        }
        let crc = fields.get(crc_at).ok_or(QrisError::MissingCrc)?;
        // Four hex digits exactly: `from_str_radix` alone would also take a sign (`+A3B`).
        let written = (crc.value.len() == 4
            && crc.value.bytes().all(|byte| byte.is_ascii_hexdigit()))
        .then(|| u16::from_str_radix(&crc.value, 16).ok())
        .flatten()
        .ok_or_else(|| QrisError::MalformedCrc {
            position: crc.position,
            value: crc.value.clone(),
        })?;
        let covered = text.get(..crc.position + 4).unwrap_or_default();
        let computed = crc16_ccitt_false(covered.as_bytes());
        if computed != written {
            return Err(QrisError::CrcMismatch {
                computed,
                found: crc.value.clone(),
            });
        }
        Ok(Self { fields })
    }

    /// The top-level fields, in order.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The top-level field with `tag`.
    pub fn get(&self, tag: &str) -> Option<&Field> {
        find(&self.fields, tag)
    }

    /// The value of the top-level field with `tag`.
    pub fn value(&self, tag: &str) -> Option<&str> {
        self.get(tag).map(Field::value)
    }

    /// Whether the point of initiation (`01`) is `12`: dynamic, for one payment.
    pub fn is_dynamic(&self) -> bool {
        self.value("01") == Some("12")
    }
}

/// Where fields are read: templates are opened at the top level only.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Top,
    InTemplate,
}

/// Reads the fields of `text`, which starts at byte `base` of the payload.
fn read_fields(text: &str, base: usize, level: Level) -> Result<Vec<Field>, QrisError> {
    let mut fields: Vec<Field> = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let position = base + (text.len() - rest.len());
        let (field, after) = read_field(rest, position, level)?;
        if find(&fields, &field.tag).is_some() {
            return Err(QrisError::DuplicateTag {
                position,
                tag: field.tag,
            });
        }
        fields.push(field);
        rest = after;
    }
    Ok(fields)
}

/// Reads one field at the start of `rest` (at byte `position` of the payload); returns it and
/// what follows it.
fn read_field(rest: &str, position: usize, level: Level) -> Result<(Field, &str), QrisError> {
    let digits = |range: std::ops::Range<usize>| {
        rest.get(range)
            .filter(|text| text.bytes().all(|b| b.is_ascii_digit()))
    };
    let truncated = |tag: Option<&str>, length, available| QrisError::Truncated {
        position,
        tag: tag.map(str::to_owned),
        length,
        available,
    };
    if rest.chars().take(4).count() < 4 {
        return Err(truncated(None, 0, rest.chars().count()));
    }
    let tag = digits(0..2).ok_or(QrisError::BadTag { position })?;
    let length = digits(2..4)
        .and_then(|length| length.parse::<usize>().ok())
        .filter(|length| *length > 0)
        .ok_or_else(|| QrisError::BadLength {
            position,
            tag: tag.to_owned(),
        })?;
    let body = rest.get(4..).unwrap_or_default();
    let end = match body.char_indices().nth(length) {
        Some((end, _)) => end,
        None if body.chars().count() == length => body.len(),
        None => return Err(truncated(Some(tag), length, body.chars().count())),
    };
    let value = body.get(..end).unwrap_or_default();
    let template = if level == Level::Top && is_template(tag) {
        read_fields(value, position + 4, Level::InTemplate)?
    } else {
        Vec::new()
    };
    let field = Field {
        tag: tag.to_owned(),
        value: value.to_owned(),
        position,
        template,
    };
    Ok((field, body.get(end..).unwrap_or_default()))
}
