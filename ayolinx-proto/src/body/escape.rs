//! String escaping: PHP `json_encode` style and plain compact JSON style.
//!
//! Both find the runs of bytes that need no escaping with a 256-entry table (one load per
//! byte) and copy each run with one `extend_from_slice`; nothing is allocated per character.

use super::BodyEncoding;

/// Writes `s` as a JSON string literal, quotes included.
#[inline]
pub(super) fn write_string(out: &mut Vec<u8>, s: &str, encoding: BodyEncoding) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    write_escaped(out, s, encoding);
    out.push(b'"');
}

/// Writes the escaped contents of a JSON string literal, without the quotes: a whole string, or
/// one piece of it (escaping works character by character, so pieces can be written one by one).
pub(super) fn write_escaped(out: &mut Vec<u8>, s: &str, encoding: BodyEncoding) {
    match encoding {
        BodyEncoding::PhpJson => write_php_str(out, s),
        BodyEncoding::Compact => write_compact_str(out, s),
    }
}

/// Which bytes are written as they are, indexed by byte.
type PlainTable = [bool; 256];

/// PHP: printable ASCII and U+007F, except `"`, `\` and `/`.
static PHP_PLAIN: PlainTable = plain_table(true);
/// Compact: every byte from 0x20 up (UTF-8 sequences included), except `"` and `\`.
static COMPACT_PLAIN: PlainTable = plain_table(false);

// Evaluated at compile time, where an index out of range would fail the build; a `u8` index into
// 256 entries cannot be (and `get_mut` is not yet `const`).
#[allow(clippy::indexing_slicing)]
const fn plain_table(php: bool) -> PlainTable {
    let mut table = [false; 256];
    let mut byte: u8 = 0;
    loop {
        let plain = byte >= 0x20
            && byte != b'"'
            && byte != b'\\'
            && !(php && (byte == b'/' || byte >= 0x80));
        table[byte as usize] = plain;
        if byte == u8::MAX {
            return table;
        }
        byte += 1;
    }
}

/// The end of the run of plain bytes that starts at `from`: the index of the first byte that
/// needs an escape, or the length of `bytes`.
fn plain_run_end(bytes: &[u8], from: usize, table: &PlainTable) -> usize {
    let rest = bytes.get(from..).unwrap_or_default();
    // `get` of a `u8` index in a 256-entry table is always `Some`: the check compiles away.
    match rest
        .iter()
        .position(|&byte| table.get(usize::from(byte)) != Some(&true))
    {
        Some(offset) => from + offset,
        None => bytes.len(),
    }
}

/// PHP 8 `json_encode` with default flags, established with `php -r`:
/// `"` and `\` as `\"` and `\\`; `/` as `\/`; U+0008, U+0009, U+000A, U+000C and U+000D as
/// `\b \t \n \f \r`; the other controls below U+0020 as `\u00XX` (lowercase hex); U+007F raw;
/// every non-ASCII character as `\uXXXX` in lowercase hex, as a UTF-16 surrogate pair above
/// U+FFFF; `<`, `>`, `&` and `'` raw.
fn write_php_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    loop {
        let end = plain_run_end(bytes, start, &PHP_PLAIN);
        out.extend_from_slice(bytes.get(start..end).unwrap_or_default());
        let Some(&byte) = bytes.get(end) else {
            return;
        };
        if byte < 0x80 {
            write_ascii_escape(out, byte, true);
            start = end + 1;
        } else {
            // `end` is at the first byte of a character: runs end only at ASCII bytes or at the
            // end of a previous character.
            let c = s
                .get(end..)
                .and_then(|rest| rest.chars().next())
                .unwrap_or('\u{fffd}');
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write_u_escape(out, *unit);
            }
            start = end + c.len_utf8().max(1);
        }
    }
}

/// Plain JSON, as `serde_json` writes it: raw UTF-8, `/` raw, `"` and `\` escaped,
/// `\b \t \n \f \r` for those five controls and `\u00XX` (lowercase) for the others, U+007F raw.
pub(super) fn write_compact_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    loop {
        let end = plain_run_end(bytes, start, &COMPACT_PLAIN);
        out.extend_from_slice(bytes.get(start..end).unwrap_or_default());
        let Some(&byte) = bytes.get(end) else {
            return;
        };
        write_ascii_escape(out, byte, false);
        start = end + 1;
    }
}

/// The escape of an ASCII byte that needs one: a control, `"`, `\`, or (PHP only) `/`.
fn write_ascii_escape(out: &mut Vec<u8>, byte: u8, php: bool) {
    let short = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        b'/' if php => b'/',
        0x08 => b'b',
        0x09 => b't',
        0x0a => b'n',
        0x0c => b'f',
        0x0d => b'r',
        _ => {
            write_u_escape(out, u16::from(byte));
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

/// `\uXXXX` with four lowercase hex digits.
fn write_u_escape(out: &mut Vec<u8>, unit: u16) {
    out.extend_from_slice(&[
        b'\\',
        b'u',
        hex_digit(unit >> 12),
        hex_digit(unit >> 8),
        hex_digit(unit >> 4),
        hex_digit(unit),
    ]);
}

/// The lowercase hex digit of the low four bits of `nibble`.
fn hex_digit(nibble: u16) -> u8 {
    // The mask keeps the value below 16, so the cast is exact.
    let n = (nibble & 0x0f) as u8;
    if n < 10 { b'0' + n } else { b'a' + (n - 10) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn php(s: &str) -> String {
        let mut out = Vec::new();
        write_string(&mut out, s, BodyEncoding::PhpJson);
        String::from_utf8(out).unwrap()
    }

    fn compact(s: &str) -> String {
        let mut out = Vec::new();
        write_string(&mut out, s, BodyEncoding::Compact);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn runs_end_at_the_first_byte_that_needs_an_escape() {
        let reference = |bytes: &[u8], php: bool| {
            bytes
                .iter()
                .position(|&b| {
                    b < 0x20 || b == b'"' || b == b'\\' || (php && (b == b'/' || b >= 0x80))
                })
                .unwrap_or(bytes.len())
        };
        for len in 0..=12 {
            for at in 0..len {
                for byte in 0..=u8::MAX {
                    // Plain bytes around one probe, and a second probe further on.
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = byte;
                    if at + 3 < len {
                        bytes[at + 3] = b'"';
                    }
                    for (php, table) in [(true, &PHP_PLAIN), (false, &COMPACT_PLAIN)] {
                        for from in [0, at / 2, at] {
                            assert_eq!(
                                plain_run_end(&bytes, from, table),
                                from + reference(&bytes[from..], php),
                                "{bytes:?} from {from}, php {php}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn php_escapes() {
        assert_eq!(php("https://a.b/c"), r#""https:\/\/a.b\/c""#);
        assert_eq!(php("é—😀"), r#""\u00e9\u2014\ud83d\ude00""#);
        assert_eq!(php("\u{7f}<>&'"), "\"\u{7f}<>&'\"");
        assert_eq!(php("a\"b\\c\u{1}\u{b}\n"), r#""a\"b\\c\u0001\u000b\n""#);
        assert_eq!(php(""), r#""""#);
    }

    #[test]
    fn compact_matches_serde_json() {
        let mut all = String::new();
        for c in (0u32..0x100).filter_map(char::from_u32) {
            all.push(c);
        }
        all.push_str("/é—😀\u{2028}");
        assert_eq!(compact(&all), serde_json::to_string(&all).unwrap());
    }
}
