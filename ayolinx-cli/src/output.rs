//! Writing results on stdout and messages on stderr: text lines, JSON documents (pretty or one
//! per line), every one escaped by [`crate::escape`].

use serde::Serialize;

pub(crate) use crate::escape::escape_controls;
use crate::escape::{json_line, lines_escaped};
use crate::failure::Failure;

/// Prints `text` on stdout, its lines kept and every other control character escaped.
pub(crate) fn print_text(text: &str) {
    println!("{}", lines_escaped(text));
}

/// Prints `text` on stderr, its lines kept and every other control character escaped.
pub(crate) fn print_error(text: &str) {
    eprintln!("{}", lines_escaped(text));
}

/// Pretty JSON of `value`, controls escaped as in [`crate::escape::json_line`].
pub(crate) fn pretty_json(value: &impl Serialize) -> Result<String, Failure> {
    serde_json::to_string_pretty(value)
        .map(|text| lines_escaped(&text))
        .map_err(cannot_write)
}

/// One line of JSON of `value`, controls escaped.
pub(crate) fn line_json(value: &impl Serialize) -> Result<String, Failure> {
    json_line(value).map_err(cannot_write)
}

fn cannot_write(error: serde_json::Error) -> Failure {
    Failure::BadInput(format!("cannot write the result as JSON: {error}"))
}

/// Prints `value` as pretty JSON on stdout.
pub(crate) fn print_pretty(value: &impl Serialize) -> Result<(), Failure> {
    println!("{}", pretty_json(value)?);
    Ok(())
}

/// Prints `value` as one line of JSON on stdout (for streams of results).
pub(crate) fn print_line(value: &impl Serialize) -> Result<(), Failure> {
    println!("{}", line_json(value)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_c1_and_stays_the_same_json() {
        let value = serde_json::json!({"path": "/cb\u{9b}31m PAID \u{80}\u{9f}\u{7f}é\n"});
        for text in [pretty_json(&value).unwrap(), line_json(&value).unwrap()] {
            assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
            assert!(text.contains("\\u009b31m PAID \\u0080\\u009f\\u007fé\\n"));
            assert_eq!(
                serde_json::from_str::<serde_json::Value>(&text).unwrap(),
                value
            );
        }
    }
}
