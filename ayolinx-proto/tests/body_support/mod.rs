//! Test support for the `body_*` tests: a small JSON parser whose floats are correctly rounded.
//!
//! `serde_json` without its `float_roundtrip` feature may parse a float one ulp off (`1.0e+25`
//! becomes `9.999999999999999e24`), which would make a correct encoder look wrong; the workspace
//! enables that feature, and this parser keeps the tests exact whatever the features. It reads
//! numbers with `str::parse::<f64>`, which is exact, and builds the same `serde_json::Value`
//! otherwise, key order kept.
#![allow(dead_code, unreachable_pub)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::{Map, Number, Value};

/// Parses one JSON document. Integers that fit `i64` (or, when positive, `u64`) stay integers,
/// as in `serde_json`; `-0` is the integer 0, as in PHP; other numbers are correctly rounded
/// `f64`s. Panics on invalid input or an infinite number.
pub fn parse(text: &str) -> Value {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        pos: 0,
    };
    let value = parser.value();
    parser.ws();
    assert_eq!(
        parser.pos,
        parser.bytes.len(),
        "trailing characters in {text:?}"
    );
    value
}

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> u8 {
        *self.bytes.get(self.pos).expect("unexpected end of JSON")
    }

    fn ws(&mut self) {
        while self
            .bytes
            .get(self.pos)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) {
        self.ws();
        assert_eq!(
            self.peek(),
            byte,
            "expected {:?} at {}",
            byte as char,
            self.pos
        );
        self.pos += 1;
    }

    fn value(&mut self) -> Value {
        self.ws();
        match self.peek() {
            b'{' => {
                self.pos += 1;
                let mut map = Map::new();
                self.ws();
                if self.peek() == b'}' {
                    self.pos += 1;
                    return Value::Object(map);
                }
                loop {
                    self.ws();
                    let key = self.string();
                    self.expect(b':');
                    let value = self.value();
                    map.insert(key, value);
                    self.ws();
                    let next = self.peek();
                    self.pos += 1;
                    match next {
                        b',' => continue,
                        b'}' => return Value::Object(map),
                        other => panic!("unexpected {:?} in object", other as char),
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == b']' {
                    self.pos += 1;
                    return Value::Array(items);
                }
                loop {
                    items.push(self.value());
                    self.ws();
                    let next = self.peek();
                    self.pos += 1;
                    match next {
                        b',' => continue,
                        b']' => return Value::Array(items),
                        other => panic!("unexpected {:?} in array", other as char),
                    }
                }
            }
            b'"' => Value::String(self.string()),
            b't' => self.literal("true", Value::Bool(true)),
            b'f' => self.literal("false", Value::Bool(false)),
            b'n' => self.literal("null", Value::Null),
            _ => self.number(),
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Value {
        assert!(
            self.bytes[self.pos..].starts_with(word.as_bytes()),
            "bad literal at {}",
            self.pos
        );
        self.pos += word.len();
        value
    }

    fn number(&mut self) -> Value {
        let start = self.pos;
        while self
            .bytes
            .get(self.pos)
            .is_some_and(|b| matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
        {
            self.pos += 1;
        }
        let text = std::str::from_utf8(&self.bytes[start..self.pos]).unwrap();
        assert!(
            !text.is_empty(),
            "unexpected {:?} at {start}",
            self.bytes[start] as char
        );
        if !text.contains(['.', 'e', 'E']) {
            if let Ok(i) = text.parse::<i64>() {
                return Value::Number(i.into());
            }
            if let Ok(u) = text.parse::<u64>() {
                return Value::Number(u.into());
            }
        }
        let f: f64 = text
            .parse()
            .unwrap_or_else(|e| panic!("bad number {text}: {e}"));
        Value::Number(Number::from_f64(f).unwrap_or_else(|| panic!("{text} is not finite")))
    }

    fn hex4(&mut self) -> u32 {
        let text = std::str::from_utf8(&self.bytes[self.pos..self.pos + 4]).unwrap();
        self.pos += 4;
        u32::from_str_radix(text, 16).unwrap()
    }

    fn string(&mut self) -> String {
        assert_eq!(self.peek(), b'"', "expected a string at {}", self.pos);
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            while !matches!(self.peek(), b'"' | b'\\') {
                self.pos += 1;
            }
            out.push_str(std::str::from_utf8(&self.bytes[start..self.pos]).unwrap());
            let byte = self.peek();
            self.pos += 1;
            if byte == b'"' {
                return out;
            }
            let escape = self.peek();
            self.pos += 1;
            let c = match escape {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let unit = self.hex4();
                    if (0xd800..0xdc00).contains(&unit) {
                        assert_eq!(
                            &self.bytes[self.pos..self.pos + 2],
                            b"\\u",
                            "lone surrogate"
                        );
                        self.pos += 2;
                        let low = self.hex4();
                        char::from_u32(0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00)).unwrap()
                    } else {
                        char::from_u32(unit).expect("lone surrogate")
                    }
                }
                other => panic!("bad escape \\{}", other as char),
            };
            out.push(c);
        }
    }
}
