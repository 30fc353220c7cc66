//! A strict, conservative JSON scanner: the fast path of reading a callback body.
//!
//! It reads a JSON text in one pass without building a `serde_json::Value`: the caller walks the
//! objects it models and takes their string fields as byte ranges of the text, and everything
//! else is only checked. It accepts a subset of what `serde_json` accepts, and answers `None`
//! ("not on the fast path") on anything outside it, valid JSON included:
//!
//! - escaped object keys (an escape could spell a modelled key);
//! - `\u` escapes of UTF-16 surrogates (`serde_json` refuses lone ones);
//! - numbers with an exponent, or longer than 64 characters (`serde_json` refuses some as out of
//!   range);
//! - nesting deeper than 64 levels (`serde_json` stops at 128);
//! - text that is not UTF-8 (the caller checks before it scans).
//!
//! A caller that gets `None` reads the text with `serde_json`, which gives the same answer on
//! valid input and the precise error on invalid input. So the scanner can make reading faster,
//! never different; the differential proptests and the `notification` fuzz target hold it to
//! that.

use std::ops::Range;

use crate::body::json_plain_run_end;

/// The deepest nesting the scanner follows.
const MAX_DEPTH: u32 = 64;
/// The longest number the scanner passes.
const MAX_NUMBER_LEN: usize = 64;

/// The offset of the first byte at or after `from` that cannot stand in a string as it is: `"`,
/// `\` or a control character below U+0020 (bytes of multi-byte UTF-8 characters can; the text
/// is a `str`), or the end. Eight bytes at a time, then the body encoder's byte-by-byte rule
/// ([`json_plain_run_end`]) in the last seven.
#[inline]
fn skip_plain(bytes: &[u8], mut from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    /// A high bit in each byte of `word` that is zero (exact up to the first such byte).
    fn zero_bytes(word: u64) -> u64 {
        word.wrapping_sub(ONES) & !word & HIGHS
    }
    while let Some(chunk) = bytes.get(from..from + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let special = (word.wrapping_sub(ONES * 0x20) & !word & HIGHS)
            | zero_bytes(word ^ (ONES * u64::from(b'"')))
            | zero_bytes(word ^ (ONES * u64::from(b'\\')));
        if special != 0 {
            // The lowest flagged byte is exact: a false flag needs a borrow from a true one
            // below it.
            return from + (special.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    json_plain_run_end(bytes, from)
}

/// One value the scanner passed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    /// A string without escapes: the byte range of its contents, quotes excluded.
    Text(Range<usize>),
    /// A string with escapes (its text differs from its bytes).
    EscapedText,
    /// A number.
    Number,
    /// `true` or `false`.
    Bool,
    /// `null`.
    Null,
    /// An object.
    Object,
    /// An array.
    Array,
}

/// A position in a JSON text; each method reads one piece of it or answers `None`.
pub(crate) struct Scanner<'a> {
    text: &'a str,
    position: usize,
    depth: u32,
}

impl<'a> Scanner<'a> {
    /// A scanner at the start of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            position: 0,
            depth: 0,
        }
    }

    /// The byte offset of the next thing to read.
    #[inline]
    pub(crate) fn position(&self) -> usize {
        self.position
    }

    /// The text of `range`, when it is one.
    #[inline]
    pub(crate) fn slice(&self, range: Range<usize>) -> Option<&'a str> {
        self.text.get(range)
    }

    /// Skips whitespace and shows the next byte without reading it.
    #[inline]
    pub(crate) fn peek(&mut self) -> Option<u8> {
        loop {
            match self.byte()? {
                b' ' | b'\t' | b'\n' | b'\r' => self.position += 1,
                byte => return Some(byte),
            }
        }
    }

    /// Reads an object, calling `entry` with each key after its colon; `entry` reads the value
    /// (with [`value`](Scanner::value) or a reader of its own).
    pub(crate) fn object(
        &mut self,
        mut entry: impl FnMut(&mut Self, &'a str) -> Option<()>,
    ) -> Option<()> {
        self.sequence(b'{', b'}', |scanner| {
            scanner.expect(b'"')?;
            let Item::Text(key) = scanner.string_rest()? else {
                return None;
            };
            let key = scanner.slice(key)?;
            scanner.expect(b':')?;
            entry(scanner, key)
        })
    }

    /// Reads one value of any kind, checking all of it.
    pub(crate) fn value(&mut self) -> Option<Item> {
        match self.peek()? {
            b'"' => {
                self.position += 1;
                self.string_rest()
            }
            b'{' => self.nested_object(),
            b'[' => self.nested_array(),
            b't' => self.literal("true", Item::Bool),
            b'f' => self.literal("false", Item::Bool),
            b'n' => self.literal("null", Item::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    /// An object inside a value, checked. Out of line, so that reading a string (the common
    /// value) does not pay for the registers of reading an object.
    #[inline(never)]
    fn nested_object(&mut self) -> Option<Item> {
        self.object(|scanner, _| scanner.value().map(drop))?;
        Some(Item::Object)
    }

    /// An array inside a value, checked (out of line, as objects).
    #[inline(never)]
    fn nested_array(&mut self) -> Option<Item> {
        self.array()?;
        Some(Item::Array)
    }

    /// The end of the text: nothing but whitespace may be left.
    pub(crate) fn finish(mut self) -> Option<()> {
        match self.peek() {
            None => Some(()),
            Some(_) => None,
        }
    }

    #[inline]
    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.position).copied()
    }

    /// Skips whitespace and reads the next byte.
    #[inline]
    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.position += 1;
        Some(byte)
    }

    #[inline]
    fn expect(&mut self, wanted: u8) -> Option<()> {
        (self.next()? == wanted).then_some(())
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    fn array(&mut self) -> Option<()> {
        self.sequence(b'[', b']', |scanner| scanner.value().map(drop))
    }

    /// `open`, then `item`s separated by commas, then `close`, one level deeper.
    #[inline(always)]
    fn sequence(
        &mut self,
        open: u8,
        close: u8,
        mut item: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<()> {
        self.expect(open)?;
        self.enter()?;
        if self.peek()? == close {
            self.position += 1;
        } else {
            loop {
                item(self)?;
                match self.next()? {
                    b',' => {}
                    byte if byte == close => break,
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        Some(())
    }

    /// The rest of a string whose opening quote was read.
    #[inline(always)]
    fn string_rest(&mut self) -> Option<Item> {
        let start = self.position;
        let mut escaped = false;
        loop {
            self.position = skip_plain(self.text.as_bytes(), self.position);
            match self.byte()? {
                b'"' => {
                    let end = self.position;
                    self.position += 1;
                    return Some(if escaped {
                        Item::EscapedText
                    } else {
                        Item::Text(start..end)
                    });
                }
                b'\\' => {
                    self.position += 1;
                    self.escape()?;
                    escaped = true;
                }
                _ => return None,
            }
        }
    }

    /// The escape after a backslash.
    fn escape(&mut self) -> Option<()> {
        let kind = self.byte()?;
        self.position += 1;
        match kind {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Some(()),
            b'u' => {
                let hex = self.text.get(self.position..self.position + 4)?;
                if !hex.bytes().all(|byte| byte.is_ascii_hexdigit()) {
                    return None;
                }
                let unit = u16::from_str_radix(hex, 16).ok()?;
                self.position += 4;
                (!(0xd800..=0xdfff).contains(&unit)).then_some(())
            }
            _ => None,
        }
    }

    fn literal(&mut self, word: &str, item: Item) -> Option<Item> {
        let end = self.position + word.len();
        (self.text.get(self.position..end)? == word).then(|| {
            self.position = end;
            item
        })
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, at most [`MAX_NUMBER_LEN`] long.
    fn number(&mut self) -> Option<Item> {
        let start = self.position;
        if self.byte() == Some(b'-') {
            self.position += 1;
        }
        match self.byte()? {
            b'0' => self.position += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.byte() == Some(b'.') {
            self.position += 1;
            let fraction = self.position;
            self.digits();
            if self.position == fraction {
                return None;
            }
        }
        if matches!(self.byte(), Some(b'e' | b'E')) || self.position - start > MAX_NUMBER_LEN {
            return None;
        }
        Some(Item::Number)
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.byte() {
            self.position += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Item, Scanner};

    fn scan(text: &str) -> Option<Item> {
        let mut scanner = Scanner::new(text);
        let item = scanner.value()?;
        scanner.finish()?;
        Some(item)
    }

    #[test]
    fn reads_what_serde_json_reads_within_its_subset() {
        for text in [
            r#"{"a":[1,-2.5,0,true,false,null,"x\n\u00e9\"",{}],"b":{"c":[]}}"#,
            " \t\r\n[ ] ",
            r#""caf\u00e9 ☕""#,
            "-0.125",
        ] {
            assert!(scan(text).is_some(), "{text}");
            assert!(
                serde_json::from_str::<serde_json::Value>(text).is_ok(),
                "{text}"
            );
        }
    }

    #[test]
    fn gives_up_on_everything_outside_its_subset() {
        for text in [
            "",
            "{",
            r#"{"a":1,}"#,
            "[1,]",
            "01",
            "1.",
            "-",
            "1e5",
            "tru",
            "nul",
            r#""\ud83d\ude00""#,
            r#""\x""#,
            "\"a\u{1}\"",
            r#"{"a\u0062":1}"#,
            "{} {}",
            "\u{feff}{}",
            &format!("{}1", "9".repeat(64)),
            &format!("{}{}", "[".repeat(65), "]".repeat(65)),
        ] {
            assert_eq!(scan(text), None, "{text:?}");
        }
    }

    #[test]
    fn the_word_at_a_time_skip_stops_exactly_at_the_first_byte_a_string_cannot_hold() {
        let plain: Vec<u8> = (0x20..=0xff)
            .filter(|&byte| byte != b'"' && byte != b'\\')
            .collect();
        for first in 0..=255u8 {
            for second in 0..=255u8 {
                let mut bytes = plain.clone();
                bytes[5] = first;
                bytes[6] = second;
                let expected = bytes
                    .iter()
                    .position(|&byte| byte < 0x20 || byte == b'"' || byte == b'\\')
                    .unwrap_or(bytes.len());
                assert_eq!(
                    super::skip_plain(&bytes, 0),
                    expected,
                    "{first:#x} {second:#x}"
                );
                assert_eq!(super::skip_plain(&bytes, 7), bytes.len());
            }
        }
    }

    #[test]
    fn strings_without_escapes_are_ranges_of_the_text() {
        assert_eq!(scan(r#""abc""#), Some(Item::Text(1..4)));
        assert_eq!(scan(r#""a\/c""#), Some(Item::EscapedText));
        let mut keys = Vec::new();
        let mut scanner = Scanner::new(r#"{"x": "1", "y" :{"z":2}}"#);
        scanner
            .object(|scanner, key| {
                keys.push(key);
                scanner.value().map(drop)
            })
            .unwrap();
        assert_eq!(keys, ["x", "y"]);
    }
}
