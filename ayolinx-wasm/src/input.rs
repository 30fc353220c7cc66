//! Reading arguments: strings, bodies and option objects, each checked with a message that names
//! the argument and says what was expected (and never quotes a value, which may be a secret).

use js_sys::{ArrayBuffer, Uint8Array};
use serde_json::{Map, Value};
use wasm_bindgen::{JsCast, JsValue};

use crate::convert::{from_js, kind_of, string};
use crate::failure::Failure;

/// A required string argument.
pub(crate) fn text(value: &JsValue, name: &str) -> Result<String, Failure> {
    string(value, name)?.ok_or_else(|| {
        Failure::argument(format!("{name} must be a string, got {}", kind_of(value)))
    })
}

/// A body: a string (sent as its UTF-8 bytes), a `Uint8Array` or an `ArrayBuffer` (raw bytes).
pub(crate) fn bytes(value: &JsValue, name: &str) -> Result<Vec<u8>, Failure> {
    if let Some(text) = string(value, name)? {
        return Ok(text.into_bytes());
    }
    if let Some(array) = value.dyn_ref::<Uint8Array>() {
        return Ok(array.to_vec());
    }
    if let Some(buffer) = value.dyn_ref::<ArrayBuffer>() {
        return Ok(Uint8Array::new(buffer).to_vec());
    }
    Err(Failure::argument(format!(
        "{name} must be a string, a Uint8Array or an ArrayBuffer, got {}",
        kind_of(value)
    )))
}

/// An options object: its known properties, read by name.
pub(crate) struct Options {
    what: &'static str,
    fields: Map<String, Value>,
}

impl Options {
    /// Reads an options object whose properties are among `known`; `undefined` and `null` read
    /// as no options when `optional`.
    pub(crate) fn read(
        value: &JsValue,
        what: &'static str,
        known: &[&str],
        optional: bool,
    ) -> Result<Self, Failure> {
        if optional && (value.is_undefined() || value.is_null()) {
            return Ok(Self {
                what,
                fields: Map::new(),
            });
        }
        let fields = match from_js(value, what)? {
            Value::Object(fields) => fields,
            _ => {
                return Err(Failure::argument(format!(
                    "{what} must be an object, got {}",
                    kind_of(value)
                )));
            }
        };
        if let Some(unknown) = fields.keys().find(|key| !known.contains(&key.as_str())) {
            return Err(Failure::argument(format!(
                "{what} has an unknown property {unknown:?}; expected {}",
                known.join(", ")
            )));
        }
        Ok(Self { what, fields })
    }

    fn wrong(&self, name: &str, expected: &str, got: &Value) -> Failure {
        let got = match got {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        Failure::argument(format!(
            "{}.{name} must be {expected}, got {got}",
            self.what
        ))
    }

    /// A property that may be absent (or `null`).
    pub(crate) fn value(&self, name: &str) -> Option<&Value> {
        self.fields.get(name).filter(|value| !value.is_null())
    }

    /// An optional string property.
    pub(crate) fn text(&self, name: &str) -> Result<Option<&str>, Failure> {
        match self.value(name) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(other) => Err(self.wrong(name, "a string", other)),
        }
    }

    /// A required string property.
    pub(crate) fn required_text(&self, name: &str) -> Result<&str, Failure> {
        self.text(name)?.ok_or_else(|| {
            Failure::argument(format!("{}.{name} is required (a string)", self.what))
        })
    }

    /// An optional whole number property in `0..=max`.
    pub(crate) fn whole_number(&self, name: &str, max: u64) -> Result<Option<u64>, Failure> {
        match self.value(name) {
            None => Ok(None),
            Some(Value::Number(number)) => number
                .as_u64()
                .filter(|number| *number <= max)
                .map(Some)
                .ok_or_else(|| {
                    Failure::argument(format!(
                        "{}.{name} must be a whole number from 0 to {max}",
                        self.what
                    ))
                }),
            Some(other) => Err(self.wrong(name, "a number", other)),
        }
    }

    /// An optional boolean property.
    pub(crate) fn flag(&self, name: &str) -> Result<Option<bool>, Failure> {
        match self.value(name) {
            None => Ok(None),
            Some(Value::Bool(flag)) => Ok(Some(*flag)),
            Some(other) => Err(self.wrong(name, "a boolean", other)),
        }
    }
}
