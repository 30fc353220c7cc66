//! Reading typed fields out of a JSON object without losing any of it.
//!
//! A message keeps the object exactly as received; its typed fields are read from it here.
//! Fields that identify the payment (references, status, amount) are strict: a value of the wrong
//! type is a [`ShapeError`] naming its path. Descriptive fields are lenient: an unreadable value
//! reads as absent and stays in the object, so a genuine payment is never made unreadable by,
//! say, a date in an unexpected form.

use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::endpoint::Endpoint;
use super::error::{CallbackError, CallbackErrorKind};
use crate::json_type::json_type;

/// A field of the wrong type, with its path (`$.amount`).
#[derive(Debug)]
pub(crate) struct ShapeError {
    pub(crate) path: String,
    pub(crate) reason: String,
}

impl ShapeError {
    /// The error a merchant's endpoint answers with: the body has the wrong shape.
    pub(crate) fn into_error(self, endpoint: Endpoint) -> CallbackError {
        CallbackError::new(
            endpoint,
            CallbackErrorKind::WrongShape {
                path: self.path,
                reason: self.reason,
            },
        )
    }
}

/// The fields of one JSON object at `path` (`$`, `$.additionalInfo`), of which `known` are
/// modelled.
pub(crate) struct Fields<'a> {
    pub(crate) object: &'a Map<String, Value>,
    pub(crate) path: &'a str,
    pub(crate) known: &'static [&'static str],
}

impl Fields<'_> {
    fn present(&self, key: &str) -> Option<&Value> {
        self.object.get(key).filter(|value| !value.is_null())
    }

    /// `key` read as `T`; absent or `null` is `None`, any other value must be a `T`.
    pub(crate) fn strict<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, ShapeError> {
        self.present(key)
            .map(|value| {
                T::deserialize(value).map_err(|error| ShapeError {
                    path: format!("{}.{key}", self.path),
                    reason: error.to_string(),
                })
            })
            .transpose()
    }

    /// `key` read as `T` when it can be; anything else is `None`.
    pub(crate) fn lenient<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        self.present(key)
            .and_then(|value| T::deserialize(value).ok())
    }

    /// `key` as text: a string as it is, a number written out; anything else is `None`.
    pub(crate) fn text(&self, key: &str) -> Option<String> {
        match self.present(key)? {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
    }

    /// The fields that are not modelled, in their order.
    pub(crate) fn extra(&self) -> Map<String, Value> {
        self.object
            .iter()
            .filter(|(key, _)| !self.known.contains(&key.as_str()))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect()
    }
}

/// An object kept exactly as received, and those of its fields that are not modelled, behind one
/// pointer: given at once when the object was read from a `Value`, parsed from the body on
/// first use when the [`Scanner`](super::scan::Scanner) read it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Kept(OnceLock<Box<KeptObject>>);

#[derive(Debug, Clone)]
struct KeptObject {
    json: Map<String, Value>,
    extra: Map<String, Value>,
}

impl KeptObject {
    fn new(json: Map<String, Value>, known: &'static [&'static str]) -> Box<Self> {
        let extra = Fields {
            object: &json,
            path: "",
            known,
        }
        .extra();
        Box::new(Self { json, extra })
    }
}

impl Kept {
    /// An object read from a `Value`, of which `known` are modelled.
    pub(crate) fn given(json: Map<String, Value>, known: &'static [&'static str]) -> Self {
        Self(OnceLock::from(KeptObject::new(json, known)))
    }

    /// The object; `text` is its JSON text, parsed on first use (none is an empty object).
    pub(crate) fn json<'a>(
        &'a self,
        text: impl FnOnce() -> Option<&'a str>,
        known: &'static [&'static str],
    ) -> &'a Map<String, Value> {
        &self.get(text, known).json
    }

    /// The fields of the object that are not modelled, in their order.
    pub(crate) fn extra<'a>(
        &'a self,
        text: impl FnOnce() -> Option<&'a str>,
        known: &'static [&'static str],
    ) -> &'a Map<String, Value> {
        &self.get(text, known).extra
    }

    fn get<'a>(
        &'a self,
        text: impl FnOnce() -> Option<&'a str>,
        known: &'static [&'static str],
    ) -> &'a KeptObject {
        self.0
            .get_or_init(|| KeptObject::new(text().map(parse_scanned).unwrap_or_default(), known))
    }
}

/// JSON text the [`Scanner`](super::scan::Scanner) accepted, parsed. The scanner accepts a
/// subset of what `serde_json` accepts, so this reads; were it ever not to, the result would be
/// empty (`null`, `{}`) rather than a panic, which the differential tests would show.
pub(crate) fn parse_scanned<T: DeserializeOwned + Default>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_default()
}

/// The body as a JSON object, or a [`ShapeError`] at `$`.
pub(crate) fn as_object(value: &Value) -> Result<&Map<String, Value>, ShapeError> {
    value.as_object().ok_or_else(|| not_an_object(value))
}

/// The body as a JSON object, by value, or a [`ShapeError`] at `$`.
pub(crate) fn into_object(value: Value) -> Result<Map<String, Value>, ShapeError> {
    match value {
        Value::Object(object) => Ok(object),
        other => Err(not_an_object(&other)),
    }
}

fn not_an_object(value: &Value) -> ShapeError {
    ShapeError {
        path: "$".into(),
        reason: format!("expected a JSON object, found {}", json_type(value)),
    }
}

/// Parses the verified body as JSON.
pub(crate) fn parse_json(body: &[u8], endpoint: Endpoint) -> Result<Value, CallbackError> {
    serde_json::from_slice(body).map_err(|error| {
        CallbackError::new(
            endpoint,
            CallbackErrorKind::BodyNotJson {
                line: error.line(),
                column: error.column(),
                reason: error.to_string(),
            },
        )
    })
}
