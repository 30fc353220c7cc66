//! Writing results on stdout: JSON documents, pretty or one per line.

use serde::Serialize;

use crate::failure::Failure;

/// Prints `value` as pretty JSON on stdout.
pub(crate) fn print_pretty(value: &impl Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|error| Failure::BadInput(format!("cannot write the result as JSON: {error}")))?;
    println!("{text}");
    Ok(())
}

/// Prints `value` as one line of JSON on stdout (for streams of results).
pub(crate) fn print_line(value: &impl Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string(value)
        .map_err(|error| Failure::BadInput(format!("cannot write the result as JSON: {error}")))?;
    println!("{text}");
    Ok(())
}
