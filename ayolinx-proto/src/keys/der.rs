//! A small, strict DER reader and the few encoders the key module needs.
//!
//! Strict means DER, not BER: definite lengths in their shortest form, low tag numbers only,
//! minimal INTEGERs, and no byte left over. Every read is bounds-checked through slice methods
//! that return `Option`, so no input can make this module panic or index out of bounds.

/// Universal tag of an INTEGER.
pub(super) const INTEGER: u8 = 0x02;
/// Universal tag of a BIT STRING.
pub(super) const BIT_STRING: u8 = 0x03;
/// Universal tag of an OCTET STRING.
pub(super) const OCTET_STRING: u8 = 0x04;
/// Universal tag of NULL.
pub(super) const NULL: u8 = 0x05;
/// Universal tag of an OBJECT IDENTIFIER.
pub(super) const OID: u8 = 0x06;
/// Universal tag of a (constructed) SEQUENCE.
pub(super) const SEQUENCE: u8 = 0x30;

/// Where and why a DER structure was rejected. `offset` counts bytes from the start of the
/// outermost input, so nested structures report positions in the caller's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DerError {
    pub(super) offset: usize,
    pub(super) reason: &'static str,
}

/// One decoded element: its content bytes and the offset of its content.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tlv<'a> {
    pub(super) value: &'a [u8],
    pub(super) value_offset: usize,
}

impl<'a> Tlv<'a> {
    /// A reader over this element's content (for SEQUENCE and friends).
    pub(super) fn reader(&self) -> Reader<'a> {
        Reader {
            rest: self.value,
            offset: self.value_offset,
        }
    }

    /// An error located at the start of this element's content.
    pub(super) fn error(&self, reason: &'static str) -> DerError {
        DerError {
            offset: self.value_offset,
            reason,
        }
    }
}

/// Reads consecutive DER elements from a byte slice.
#[derive(Debug, Clone)]
pub(super) struct Reader<'a> {
    rest: &'a [u8],
    offset: usize,
}

impl<'a> Reader<'a> {
    /// A reader over `input`, whose first byte is at `offset` of the outermost buffer.
    pub(super) fn new(input: &'a [u8], offset: usize) -> Self {
        Self {
            rest: input,
            offset,
        }
    }

    /// True when every byte has been consumed.
    pub(super) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The tag of the next element, without consuming it.
    pub(super) fn peek_tag(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    fn error(&self, reason: &'static str) -> DerError {
        DerError {
            offset: self.offset,
            reason,
        }
    }

    fn take(&mut self, len: usize, reason: &'static str) -> Result<&'a [u8], DerError> {
        let (head, tail) = self
            .rest
            .split_at_checked(len)
            .ok_or_else(|| self.error(reason))?;
        self.rest = tail;
        self.offset = self.offset.saturating_add(len);
        Ok(head)
    }

    /// Reads the next element, whatever its tag.
    pub(super) fn read_any(&mut self) -> Result<Tlv<'a>, DerError> {
        let tag = match self.take(1, "truncated: an element was expected")? {
            [tag] => *tag,
            _ => return Err(self.error("truncated: an element was expected")),
        };
        if tag & 0x1f == 0x1f {
            return Err(self.error("high tag numbers do not occur in key structures"));
        }
        let len = self.read_length()?;
        let value_offset = self.offset;
        let value = self.take(len, "truncated: the element is longer than the input")?;
        Ok(Tlv {
            value,
            value_offset,
        })
    }

    fn read_length(&mut self) -> Result<usize, DerError> {
        let first = match self.take(1, "truncated: a length was expected")? {
            [byte] => *byte,
            _ => return Err(self.error("truncated: a length was expected")),
        };
        if first < 0x80 {
            return Ok(usize::from(first));
        }
        if first == 0x80 {
            return Err(self.error("indefinite length (BER) is not allowed in DER"));
        }
        let count = usize::from(first & 0x7f);
        if count > 4 {
            return Err(self.error("length too large for a key"));
        }
        let at = self.offset;
        let bytes = self.take(count, "truncated: the length is cut off")?;
        if bytes.first() == Some(&0) {
            return Err(DerError {
                offset: at,
                reason: "non-minimal length encoding",
            });
        }
        let mut len: usize = 0;
        for byte in bytes {
            len = len
                .checked_mul(256)
                .and_then(|l| l.checked_add(usize::from(*byte)))
                .ok_or(DerError {
                    offset: at,
                    reason: "length too large for a key",
                })?;
        }
        if len < 0x80 {
            return Err(DerError {
                offset: at,
                reason: "non-minimal length encoding",
            });
        }
        Ok(len)
    }

    /// Reads the next element and checks its tag.
    pub(super) fn read(&mut self, tag: u8, reason: &'static str) -> Result<Tlv<'a>, DerError> {
        match self.peek_tag() {
            Some(found) if found == tag => self.read_any(),
            Some(_) => Err(self.error(reason)),
            None => Err(self.error("truncated: an element was expected")),
        }
    }

    /// Reads a non-negative, minimally encoded INTEGER and returns its magnitude without the
    /// sign byte (empty for zero).
    pub(super) fn read_unsigned(&mut self, what: &'static str) -> Result<&'a [u8], DerError> {
        let tlv = self.read(INTEGER, what)?;
        unsigned_magnitude(&tlv)
    }

    /// Reads a small non-negative INTEGER (a version field).
    pub(super) fn read_small(&mut self, what: &'static str) -> Result<u64, DerError> {
        let tlv = self.read(INTEGER, what)?;
        let magnitude = unsigned_magnitude(&tlv)?;
        if magnitude.len() > 8 {
            return Err(tlv.error("version number too large"));
        }
        Ok(magnitude
            .iter()
            .fold(0u64, |acc, byte| (acc << 8) | u64::from(*byte)))
    }

    /// Fails unless every byte has been consumed.
    pub(super) fn finish(&self, reason: &'static str) -> Result<(), DerError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(self.error(reason))
        }
    }
}

/// Checks the DER rules for an INTEGER that must not be negative, and strips the sign byte.
fn unsigned_magnitude<'a>(tlv: &Tlv<'a>) -> Result<&'a [u8], DerError> {
    match tlv.value {
        [] => Err(tlv.error("empty INTEGER")),
        [first, ..] if first & 0x80 != 0 => {
            Err(tlv.error("negative INTEGER where a positive one is required"))
        }
        [0, second, ..] if second & 0x80 == 0 => Err(tlv.error("non-minimal INTEGER encoding")),
        [0, rest @ ..] => Ok(rest),
        value => Ok(value),
    }
}

/// Checks that an OBJECT IDENTIFIER's content is well formed (non-empty, minimal arcs,
/// complete last arc).
pub(super) fn check_oid(tlv: &Tlv<'_>) -> Result<(), DerError> {
    let mut arc_start = true;
    for byte in tlv.value {
        if arc_start && *byte == 0x80 {
            return Err(tlv.error("non-minimal OBJECT IDENTIFIER arc"));
        }
        arc_start = byte & 0x80 == 0;
    }
    if tlv.value.is_empty() || !arc_start {
        return Err(tlv.error("malformed OBJECT IDENTIFIER"));
    }
    Ok(())
}

/// Dotted-decimal form of a checked OBJECT IDENTIFIER's content, e.g. `1.2.840.10045.2.1`.
pub(super) fn oid_to_string(content: &[u8]) -> String {
    let mut arcs: Vec<u64> = Vec::new();
    let mut value: u64 = 0;
    for byte in content {
        match value.checked_mul(128) {
            Some(shifted) => value = shifted | u64::from(byte & 0x7f),
            None => return String::from("(an OID with an arc too large to print)"),
        }
        if byte & 0x80 == 0 {
            arcs.push(value);
            value = 0;
        }
    }
    let mut out = String::new();
    for (i, arc) in arcs.iter().enumerate() {
        if i == 0 {
            let (first, second) = match *arc {
                a if a < 40 => (0, a),
                a if a < 80 => (1, a - 40),
                a => (2, a - 80),
            };
            out.push_str(&format!("{first}.{second}"));
        } else {
            out.push_str(&format!(".{arc}"));
        }
    }
    out
}

/// Appends a DER length.
fn push_length(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
        return;
    }
    let bytes = len.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    let significant = bytes.get(skip..).unwrap_or_default();
    out.push(0x80 | significant.len() as u8);
    out.extend_from_slice(significant);
}

/// Appends one element with the given tag and content.
pub(super) fn push_tlv(out: &mut Vec<u8>, tag: u8, content: &[u8]) {
    out.push(tag);
    push_length(out, content.len());
    out.extend_from_slice(content);
}

/// Appends a non-negative INTEGER from its big-endian magnitude (leading zeros are dropped and a
/// sign byte is added when the top bit is set).
pub(super) fn push_unsigned(out: &mut Vec<u8>, magnitude: &[u8]) {
    let skip = magnitude.iter().take_while(|b| **b == 0).count();
    let trimmed = magnitude.get(skip..).unwrap_or_default();
    let mut content = Vec::with_capacity(trimmed.len() + 1);
    if trimmed.first().is_none_or(|b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(trimmed);
    push_tlv(out, INTEGER, &content);
}

/// Number of significant bits in a big-endian magnitude.
pub(super) fn bit_length(magnitude: &[u8]) -> usize {
    let skip = magnitude.iter().take_while(|b| **b == 0).count();
    match magnitude.get(skip..) {
        Some([first, rest @ ..]) => rest.len() * 8 + (8 - first.leading_zeros() as usize),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_strict() {
        assert!(
            Reader::new(&[0x04, 0x81, 0x05, 1, 2, 3, 4, 5], 0)
                .read_any()
                .is_err()
        );
        assert!(
            Reader::new(&[0x04, 0x80, 0x00, 0x00], 0)
                .read_any()
                .is_err()
        );
        assert!(
            Reader::new(&[0x04, 0x82, 0x00, 0x80], 0)
                .read_any()
                .is_err()
        );
        assert!(Reader::new(&[0x04, 0x03, 1, 2], 0).read_any().is_err());
        let long = [vec![0x04, 0x81, 0x80], vec![7u8; 0x80]].concat();
        assert_eq!(
            Reader::new(&long, 0).read_any().map(|t| t.value.len()),
            Ok(0x80)
        );
    }

    #[test]
    fn integers_are_minimal_and_unsigned() {
        let read = |bytes: &[u8]| {
            Reader::new(bytes, 0)
                .read_unsigned("int")
                .map(<[u8]>::to_vec)
        };
        assert_eq!(read(&[0x02, 0x01, 0x05]), Ok(vec![5]));
        assert_eq!(read(&[0x02, 0x02, 0x00, 0x80]), Ok(vec![0x80]));
        assert_eq!(read(&[0x02, 0x01, 0x00]), Ok(vec![]));
        assert!(read(&[0x02, 0x02, 0x00, 0x05]).is_err());
        assert!(read(&[0x02, 0x01, 0x80]).is_err());
        assert!(read(&[0x02, 0x00]).is_err());
    }

    #[test]
    fn encoders_round_trip() {
        let mut out = Vec::new();
        push_unsigned(&mut out, &[0x00, 0x80, 0x01]);
        assert_eq!(out, [0x02, 0x03, 0x00, 0x80, 0x01]);
        let mut big = Vec::new();
        push_tlv(&mut big, OCTET_STRING, &[0u8; 300]);
        assert_eq!(big.get(..4), Some(&[0x04, 0x82, 0x01, 0x2c][..]));
        assert_eq!(bit_length(&[0x00, 0x01, 0x00]), 9);
        assert_eq!(
            oid_to_string(&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]),
            "1.2.840.10045.2.1"
        );
    }
}
