//! Typed fields out of an object the [`reader`](super::reader) read, without losing any of it.
//!
//! A message keeps its object whole (strings as sent, numbers as JSON values); its typed fields
//! are read from the reader's [`Object`]. Fields that identify the payment (references, status,
//! amount) are strict: a value of the wrong type is a [`ShapeError`] naming its path.
//! Descriptive fields are lenient: an unreadable value reads as absent and stays in the object,
//! so a genuine payment is never made unreadable by, say, a date in an unexpected form.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::de::DeserializeOwned;
use serde::de::value::StrDeserializer;
use serde_json::{Map, Value};

use super::endpoint::Endpoint;
use super::error::{CallbackError, CallbackErrorKind};
use super::reader::{self, Object, Raw, Read, Shape};
use crate::Money;

/// A field of the wrong type, with its path (`$.amount`).
#[derive(Debug, Clone)]
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

    /// The error of a body (`$`) that is JSON but not an object: `found` names its type.
    fn not_an_object(found: &str) -> Self {
        Self {
            path: "$".into(),
            reason: format!("expected a JSON object, found {found}"),
        }
    }
}

/// What an object was read from: its string fields point into it, its JSON is kept from it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Source<'a> {
    /// The body text: a string field is a byte range of it, the JSON is parsed from it on
    /// first use.
    Body(&'a Arc<str>),
    /// A parsed object: string fields are copies, the JSON is a copy of the object.
    Json(&'a Map<String, Value>),
}

impl<'a> Source<'a> {
    /// The source of the object at `key` of this one (`additionalInfo`): the same body, or
    /// that key's object (`None` when it is not one).
    pub(crate) fn child(self, key: &str) -> Option<Self> {
        match self {
            Self::Body(body) => Some(Self::Body(body)),
            Self::Json(object) => object.get(key)?.as_object().map(Self::Json),
        }
    }

    /// The body text, when this is one: what a [`Text::Slice`] read from it points into.
    pub(crate) fn base(self) -> Option<&'a str> {
        match self {
            Self::Body(body) => Some(body),
            Self::Json(_) => None,
        }
    }

    /// The body, shared, when this is one.
    pub(crate) fn body(self) -> Option<Arc<str>> {
        match self {
            Self::Body(body) => Some(Arc::clone(body)),
            Self::Json(_) => None,
        }
    }

    /// The kept object: given at once from a parsed object, left to be parsed from the body.
    pub(crate) fn kept(self, known: &'static [&'static str]) -> Kept {
        match self {
            Self::Body(_) => Kept::default(),
            Self::Json(object) => Kept::given(object.clone(), known),
        }
    }
}

/// Reads the object a message is, from its body text: the `serde_json` error when the text is
/// not JSON, a [`ShapeError`] when it is JSON but not an object.
pub(crate) fn read_body<'de>(
    text: &'de str,
    shape: &'static Shape,
) -> serde_json::Result<Result<Object<'de>, ShapeError>> {
    reader::read_text(text, shape).map(into_object)
}

/// Reads the object a message is, from a parsed value; a [`ShapeError`] when it is not an
/// object.
pub(crate) fn read_json<'de>(
    value: &'de Value,
    shape: &'static Shape,
) -> Result<(Object<'de>, &'de Map<String, Value>), ShapeError> {
    let object = into_object(reader::read_value(value, shape))?;
    let map = value
        .as_object()
        .ok_or_else(|| ShapeError::not_an_object("a value"))?;
    Ok((object, map))
}

fn into_object(read: Read<'_>) -> Result<Object<'_>, ShapeError> {
    match read {
        Read::Object(object) => Ok(object),
        Read::Other(found) => Err(ShapeError::not_an_object(found)),
    }
}

/// A string field's text: a byte range of the body it was read from, or text of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Text {
    /// The field's contents are these bytes of the body, as received (no escapes).
    Slice(Range<usize>),
    /// The field's contents, unescaped, or read from a parsed object.
    Own(Box<str>),
}

impl Text {
    /// The text of a string read from `base`: a range of it when it is a slice of it; `None`
    /// when the value is not a string.
    fn of(raw: &Raw<'_>, base: Option<&str>) -> Option<Self> {
        match raw {
            Raw::Borrowed(text) => Some(
                base.and_then(|base| reader::range_in(base, text))
                    .map_or_else(|| Self::Own((*text).into()), Self::Slice),
            ),
            Raw::Owned(text) => Some(Self::Own(text.as_str().into())),
            Raw::Object(_) | Raw::Json(_) => None,
        }
    }

    /// The text, given the body a [`Text::Slice`] points into.
    pub(crate) fn resolve<'a>(&'a self, body: &'a str) -> &'a str {
        match self {
            Self::Slice(range) => body.get(range.clone()).unwrap_or_default(),
            Self::Own(text) => text,
        }
    }
}

/// The fields of one object at `path` (`$`, `$.additionalInfo`), read from `source`.
pub(crate) struct Fields<'a, 'de> {
    pub(crate) object: &'a Object<'de>,
    pub(crate) path: &'a str,
    pub(crate) source: Source<'a>,
}

impl<'de> Fields<'_, 'de> {
    fn present(&self, key: &str) -> Option<&Raw<'de>> {
        self.object
            .get(key)
            .filter(|raw| !matches!(raw, Raw::Json(Value::Null)))
    }

    /// `key` read as `T`; absent or `null` is `None`, any other value must be a `T`.
    pub(crate) fn strict<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, ShapeError> {
        self.present(key)
            .map(|raw| {
                deserialize(raw).map_err(|error| ShapeError {
                    path: format!("{}.{key}", self.path),
                    reason: error.to_string(),
                })
            })
            .transpose()
    }

    /// `key` read as `T` when it can be; anything else is `None`.
    pub(crate) fn lenient<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        self.present(key).and_then(|raw| deserialize(raw).ok())
    }

    /// `key` as a string, strictly: absent or `null` is `None`, any other value must be a
    /// string.
    pub(crate) fn strict_text(&self, key: &str) -> Result<Option<Text>, ShapeError> {
        match self
            .present(key)
            .and_then(|raw| Text::of(raw, self.source.base()))
        {
            Some(text) => Ok(Some(text)),
            // Absent, or not a string: `String`'s own error words why.
            None => self.strict::<String>(key).map(|text| text.map(Text::from)),
        }
    }

    /// `key` as text: a string as it is, a whole number written out; anything else is `None`.
    ///
    /// A number with a fraction or an exponent, or beyond 64 bits, was read as an `f64`, which
    /// has already rounded it (a 21-digit customer number, say): written out it would be a
    /// different value than the one sent, so it is not text.
    pub(crate) fn text(&self, key: &str) -> Option<Text> {
        match self.present(key)? {
            Raw::Json(Value::Number(number)) if !number.is_f64() => {
                Some(Text::from(number.to_string()))
            }
            raw => Text::of(raw, self.source.base()),
        }
    }

    /// `key` as money, strictly: absent or `null` is `None`, an object must have a `currency`
    /// and a `value` that read as such (other keys are ignored), as `Money`'s own
    /// `Deserialize` has it.
    pub(crate) fn money(&self, key: &str) -> Result<Option<Money>, ShapeError> {
        let Some(Raw::Object(object)) = self.present(key) else {
            // Not an object: `Money`'s own `Deserialize` reads it or words why not.
            return self.strict(key);
        };
        let error = |error: serde_json::Error| ShapeError {
            path: format!("{}.{key}", self.path),
            reason: error.to_string(),
        };
        let currency = object.get("currency").map(deserialize).transpose();
        let value = object.get("value").map(deserialize).transpose();
        let (currency, value) = (currency.map_err(error)?, value.map_err(error)?);
        let missing = |name| error(serde::de::Error::missing_field(name));
        Ok(Some(Money {
            currency: currency.ok_or_else(|| missing("currency"))?,
            value: value.ok_or_else(|| missing("value"))?,
        }))
    }

    /// The object at `key` (the shape's nested key), with its source.
    pub(crate) fn object(&self, key: &str) -> Option<(&Object<'de>, Source<'_>)> {
        match self.present(key)? {
            Raw::Object(object) => Some((object, self.source.child(key)?)),
            _ => None,
        }
    }
}

/// Whether a reference is empty or only whitespace, and so names no transaction.
pub(crate) fn is_blank(reference: &str) -> bool {
    reference.trim().is_empty()
}

/// The first of `references`, in order of preference, that is present and not blank.
pub(crate) fn first_named<'a>(
    references: impl IntoIterator<Item = Option<&'a str>>,
) -> Option<&'a str> {
    references
        .into_iter()
        .flatten()
        .find(|reference| !is_blank(reference))
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Self::Own(text.into_boxed_str())
    }
}

/// A modelled value read as `T`, with the error `T` words when it is not one.
fn deserialize<T: DeserializeOwned>(raw: &Raw<'_>) -> serde_json::Result<T> {
    match raw {
        Raw::Borrowed(text) => T::deserialize(StrDeserializer::<serde_json::Error>::new(text)),
        Raw::Owned(text) => T::deserialize(StrDeserializer::<serde_json::Error>::new(text)),
        Raw::Json(value) => T::deserialize(value),
        Raw::Object(_) => Err(serde::de::Error::custom(
            "an object read field by field is not a single value",
        )),
    }
}

/// An object kept whole, and those of its fields that are not modelled, behind one
/// pointer: given at once when the object was read from a parsed value, parsed from the body on
/// first use when it was read from the body text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Kept(OnceLock<Box<KeptObject>>);

#[derive(Debug, Clone)]
struct KeptObject {
    json: Map<String, Value>,
    extra: Map<String, Value>,
}

impl KeptObject {
    fn new(json: Map<String, Value>, known: &'static [&'static str]) -> Box<Self> {
        let extra = extra_fields(&json, known);
        Box::new(Self { json, extra })
    }
}

/// The fields of `object` that are not among `known`, in their order.
pub(crate) fn extra_fields(
    object: &Map<String, Value>,
    known: &'static [&'static str],
) -> Map<String, Value> {
    object
        .iter()
        .filter(|(key, _)| !known.contains(&key.as_str()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

impl Kept {
    /// An object read from a parsed value, of which `known` are modelled.
    pub(crate) fn given(json: Map<String, Value>, known: &'static [&'static str]) -> Self {
        Self(OnceLock::from(KeptObject::new(json, known)))
    }

    /// The object; `parse` gives it from the body on first use.
    pub(crate) fn json(
        &self,
        parse: impl FnOnce() -> Map<String, Value>,
        known: &'static [&'static str],
    ) -> &Map<String, Value> {
        &self.get(parse, known).json
    }

    /// The fields of the object that are not modelled, in their order.
    pub(crate) fn extra(
        &self,
        parse: impl FnOnce() -> Map<String, Value>,
        known: &'static [&'static str],
    ) -> &Map<String, Value> {
        &self.get(parse, known).extra
    }

    fn get(
        &self,
        parse: impl FnOnce() -> Map<String, Value>,
        known: &'static [&'static str],
    ) -> &KeptObject {
        self.0.get_or_init(|| KeptObject::new(parse(), known))
    }
}

/// A body the reader accepted, parsed as `T`. The reader accepts exactly what `serde_json`
/// does, so this reads; were it ever not to, the result would be empty (`null`, `{}`) rather
/// than a panic.
pub(crate) fn parse_read<T: DeserializeOwned + Default>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_default()
}

/// Parses a body as JSON.
pub(crate) fn parse_json(body: &[u8], endpoint: Endpoint) -> Result<Value, CallbackError> {
    serde_json::from_slice(body).map_err(|error| not_json(&error, endpoint))
}

/// The error of a body that is not JSON.
pub(crate) fn not_json(error: &serde_json::Error, endpoint: Endpoint) -> CallbackError {
    CallbackError::new(
        endpoint,
        CallbackErrorKind::BodyNotJson {
            line: error.line(),
            column: error.column(),
            reason: error.to_string(),
        },
    )
}
