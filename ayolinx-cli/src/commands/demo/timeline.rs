//! The demo's record: each step with its timing and what it verified, printed as it happens
//! (or kept for the one `--json` document).

use std::time::Instant;

use serde_json::{Value, json};

use crate::failure::Failure;
use crate::output;

/// What a step shows when it succeeds: one line for people, data for `--json`.
pub(crate) struct Shown {
    pub(crate) line: String,
    pub(crate) data: Value,
    /// Extra lines printed under the step (the QR code).
    pub(crate) block: Option<String>,
}

impl Shown {
    pub(crate) fn new(line: impl Into<String>, data: Value) -> Self {
        Self {
            line: line.into(),
            data,
            block: None,
        }
    }
}

/// One payment's steps.
pub(crate) struct Payment {
    product: &'static str,
    reference: String,
    steps: Vec<Value>,
    failure: Option<Failure>,
    human: bool,
}

impl Payment {
    /// Starts a payment's record and prints its heading.
    pub(crate) fn start(product: &'static str, title: &str, reference: &str, human: bool) -> Self {
        if human {
            output::print_text(&format!("\n{title} {reference}"));
        }
        Self {
            product,
            reference: reference.to_owned(),
            steps: Vec::new(),
            failure: None,
            human,
        }
    }

    /// Runs a step unless an earlier one failed; records and prints it. Returns its value.
    pub(crate) fn step<T>(
        &mut self,
        name: &'static str,
        run: impl FnOnce() -> Result<(T, Shown), Failure>,
    ) -> Option<T> {
        if self.failure.is_some() {
            return None;
        }
        let started = Instant::now();
        let outcome = run();
        let millis = started.elapsed().as_millis();
        let number = self.steps.len() + 1;
        match outcome {
            Ok((value, shown)) => {
                if self.human {
                    output::print_text(&format!(
                        "  {number}  {name:<10} {millis:>5} ms  ok    {}",
                        output::escape_controls(&shown.line)
                    ));
                    if let Some(block) = &shown.block {
                        output::print_text(block);
                    }
                }
                self.steps.push(json!({
                    "step": name, "ms": millis, "ok": true, "detail": shown.line, "data": shown.data,
                }));
                Some(value)
            }
            Err(failure) => {
                if self.human {
                    output::print_text(&format!(
                        "  {number}  {name:<10} {millis:>5} ms  FAIL  {}",
                        output::escape_controls(&failure.to_string())
                    ));
                }
                self.steps.push(json!({
                    "step": name, "ms": millis, "ok": false, "error": failure.to_string(),
                }));
                self.failure = Some(failure);
                None
            }
        }
    }

    /// The payment as JSON, and its failure if a step failed.
    pub(crate) fn finish(self) -> (Value, Option<Failure>) {
        let value = json!({
            "product": self.product,
            "reference": self.reference,
            "ok": self.failure.is_none(),
            "steps": self.steps,
        });
        (value, self.failure)
    }
}
