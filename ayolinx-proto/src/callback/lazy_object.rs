//! [`LazyObject`]: a received JSON object kept as its text, parsed into an order-preserving map
//! only when someone asks for the whole of it.

use std::fmt;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::fields;

/// The text of a JSON object (known valid: checked, or written by `serde_json`), its parsed form
/// and its fields outside `known`, each made on first use.
#[derive(Clone, Default)]
pub(crate) struct LazyObject {
    text: Box<str>,
    known: &'static [&'static str],
    json: OnceLock<Map<String, Value>>,
    extra: OnceLock<Map<String, Value>>,
}

impl LazyObject {
    /// The object `text`, of which `known` are modelled; `json` is its parsed form when the
    /// caller already has it.
    pub(crate) fn new(
        text: Box<str>,
        known: &'static [&'static str],
        json: Option<Map<String, Value>>,
    ) -> Self {
        let parsed = OnceLock::new();
        if let Some(json) = json {
            let _already_set = parsed.set(json);
        }
        Self {
            text,
            known,
            json: parsed,
            extra: OnceLock::new(),
        }
    }

    /// The object exactly as received, every field in its order.
    pub(crate) fn json(&self) -> &Map<String, Value> {
        // The text is valid JSON (an object), so the parse does not fail; were it to, the
        // object would read as empty rather than panic.
        self.json
            .get_or_init(|| serde_json::from_str(&self.text).unwrap_or_default())
    }

    /// The fields outside `known`, in their order.
    pub(crate) fn extra(&self) -> &Map<String, Value> {
        self.extra
            .get_or_init(|| fields::extra(self.json(), self.known))
    }
}

impl PartialEq for LazyObject {
    fn eq(&self, other: &Self) -> bool {
        self.json() == other.json()
    }
}

impl fmt::Debug for LazyObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.json().fmt(f)
    }
}
