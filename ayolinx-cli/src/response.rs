//! Printing a typed Ayolinx answer: the JSON document with `--json` (every field, unknown ones
//! included), otherwise one `field.path: value` line per field.

use serde::Serialize;
use serde_json::Value;

use crate::failure::Failure;
use crate::output::{self, escape_controls};

/// Prints `response` as `--json` asks.
pub(crate) fn show(json: bool, response: &impl Serialize) -> Result<(), Failure> {
    let value = serde_json::to_value(response)
        .map_err(|error| Failure::Transport(format!("cannot show the answer: {error}")))?;
    if json {
        return output::print_pretty(&value);
    }
    let mut lines = Vec::new();
    flatten("", &value, &mut lines);
    for line in lines {
        output::print_text(&line);
    }
    Ok(())
}

/// `path: value` lines of every leaf of `value`, in document order.
fn flatten(path: &str, value: &Value, lines: &mut Vec<String>) {
    let child = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        Value::Object(fields) => {
            for (key, value) in fields {
                flatten(&child(key), value, lines);
            }
        }
        Value::Array(items) => {
            for (index, value) in items.iter().enumerate() {
                flatten(&child(&index.to_string()), value, lines);
            }
        }
        Value::String(text) => lines.push(format!(
            "{}: {}",
            escape_controls(path),
            escape_controls(text)
        )),
        other => lines.push(format!("{}: {other}", escape_controls(path))),
    }
}
