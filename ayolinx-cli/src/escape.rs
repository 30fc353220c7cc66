//! The one escaping function of everything the command prints. Much of it came from the network
//! (request paths, Ayolinx's answers, a hostile `--base-url`) or from a user: a raw control such
//! as U+009B (CSI, C1) or ESC could otherwise move the cursor and draw a fake "paid" line.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with every control character (C0 including line breaks and tabs, DEL, C1) written as
/// a visible `\u00XX` escape, which is also a valid JSON escape of the same character.
pub(crate) fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            // Writing into a String cannot fail.
            write!(escaped, "\\u{:04x}", u32::from(c)).ok();
        } else {
            escaped.push(c);
        }
    }
    Cow::Owned(escaped)
}

/// `text` made safe line by line: its own line breaks stay, every other control is escaped.
pub(crate) fn lines_escaped(text: &str) -> String {
    text.split('\n')
        .map(escape_controls)
        .collect::<Vec<_>>()
        .join("\n")
}

/// One line of JSON of `value`. `serde_json` escapes C0 controls but writes DEL and C1 raw;
/// here they are `\u` escapes too (the same string to any JSON reader).
pub(crate) fn json_line(value: &impl serde::Serialize) -> Result<String, serde_json::Error> {
    serde_json::to_string(value).map(|text| escape_controls(&text).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_the_rest_kept() {
        assert_eq!(escape_controls("paid é"), "paid é");
        assert_eq!(
            escape_controls("a\u{1b}[2Kb\u{9b}2Kc\u{7f}\n\t"),
            "a\\u001b[2Kb\\u009b2Kc\\u007f\\u000a\\u0009"
        );
        assert_eq!(lines_escaped("one\u{85}\ntwo"), "one\\u0085\ntwo");
    }
}
