//! The one reader of callback bodies: a JSON object read in one pass with `serde`, keeping only
//! the values of the keys a message models ([`Object`]).
//!
//! It runs over the body text (`serde_json`'s deserializer, where a string without escapes is
//! borrowed from the body, so a field can be a byte range of it) and over a parsed
//! `serde_json::Value` (for the `from_json` readers) alike, so every field has one reader
//! whatever it is read from. Everything else is only checked: the text is parsed as
//! `serde_json` parses a `Value` (numbers in range, escapes valid, the nesting limit), so a body
//! reads exactly when it is JSON. Of a repeated key the last value counts, as in a `Value`.

use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::json_type::json_type;

/// How an object is read: the keys it models, and those of them whose object value is read the
/// same way (`additionalInfo`, money objects).
#[derive(Debug)]
pub(crate) struct Shape {
    pub(crate) known: &'static [&'static str],
    pub(crate) nested: &'static [(&'static str, &'static Shape)],
}

/// A money object (`amount`, `feeMoney`, `paidAmount`).
pub(crate) static MONEY: Shape = Shape {
    known: &["currency", "value"],
    nested: &[],
};

/// The value of a modelled key.
#[derive(Debug)]
pub(crate) enum Raw<'de> {
    /// A string without escapes, borrowed from what was read.
    Borrowed(&'de str),
    /// A string unescaped.
    Owned(String),
    /// The object of a nested key, read shallowly in turn.
    Object(Object<'de>),
    /// Any other value.
    Json(Value),
}

/// A JSON object read shallowly: the last value of each key its [`Shape`] models.
#[derive(Debug)]
pub(crate) struct Object<'de> {
    pub(crate) shape: &'static Shape,
    values: Vec<Option<Raw<'de>>>,
}

impl<'de> Object<'de> {
    /// The value of `key`; `None` when it is absent (or not modelled).
    pub(crate) fn get(&self, key: &str) -> Option<&Raw<'de>> {
        let at = self.shape.known.iter().position(|known| *known == key)?;
        self.values.get(at)?.as_ref()
    }
}

/// What a whole text or value read as: an object, or another JSON value (its type named as
/// shape errors name it: `"an array"`, `"null"`…).
#[derive(Debug)]
pub(crate) enum Read<'de> {
    Object(Object<'de>),
    Other(&'static str),
}

/// Reads the JSON text `text` as an object of `shape`; the `serde_json` error when it is not
/// JSON.
pub(crate) fn read_text<'de>(
    text: &'de str,
    shape: &'static Shape,
) -> serde_json::Result<Read<'de>> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let read = read_top(shape, &mut deserializer)?;
    deserializer.end()?;
    Ok(read)
}

/// Reads a parsed value as an object of `shape`.
pub(crate) fn read_value<'de>(value: &'de Value, shape: &'static Shape) -> Read<'de> {
    // Reading a `Value` cannot fail: every visitor here accepts every JSON value.
    read_top(shape, value).unwrap_or(Read::Other("a value that could not be read"))
}

/// The byte range of `part` inside `whole`, when `part` is a slice of it.
pub(crate) fn range_in(whole: &str, part: &str) -> Option<Range<usize>> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    let range = start..start.checked_add(part.len())?;
    let slice = whole.get(range.clone())?;
    (slice.as_ptr() == part.as_ptr()).then_some(range)
}

/// A whole text or value read: an object of `shape`, or the type of what it is instead.
fn read_top<'de, D: Deserializer<'de>>(
    shape: &'static Shape,
    deserializer: D,
) -> Result<Read<'de>, D::Error> {
    Ok(match RawSeed(Some(shape)).deserialize(deserializer)? {
        Raw::Object(object) => Read::Object(object),
        Raw::Borrowed(_) | Raw::Owned(_) => Read::Other("a string"),
        Raw::Json(value) => Read::Other(json_type(&value)),
    })
}

/// Reads the entries of a map: the modelled keys' values kept, the others checked and dropped.
fn read_object<'de, A: MapAccess<'de>>(
    shape: &'static Shape,
    mut map: A,
) -> Result<Object<'de>, A::Error> {
    let mut values: Vec<Option<Raw<'de>>> = shape.known.iter().map(|_| None).collect();
    while let Some(slot) = map.next_key_seed(KeySeed(shape.known))? {
        match slot.and_then(|at| Some((at, values.get_mut(at)?))) {
            Some((at, value)) => {
                let nested = shape
                    .nested
                    .iter()
                    .find(|(key, _)| shape.known.get(at) == Some(key))
                    .map(|(_, nested)| *nested);
                *value = Some(map.next_value_seed(RawSeed(nested))?);
            }
            None => map.next_value_seed(Skip)?,
        }
    }
    Ok(Object { shape, values })
}

/// A key: its position among the modelled keys, `None` for any other.
struct KeySeed(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|known| *known == key))
    }
}

/// A modelled key's value; an object is read shallowly when the key is a nested one.
struct RawSeed(Option<&'static Shape>);

impl<'de> DeserializeSeed<'de> for RawSeed {
    type Value = Raw<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Raw<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RawSeed {
    type Value = Raw<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Raw<'de>, E> {
        Ok(Raw::Borrowed(text))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Raw<'de>, E> {
        Ok(Raw::Owned(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Raw<'de>, E> {
        Ok(Raw::Owned(text))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Raw<'de>, A::Error> {
        match self.0 {
            Some(shape) => read_object(shape, map).map(Raw::Object),
            None => Value::deserialize(MapAccessDeserializer::new(map)).map(Raw::Json),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Raw<'de>, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(Raw::Json)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Raw<'de>, E> {
        Ok(Raw::Json(Value::Bool(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Raw<'de>, E> {
        Ok(Raw::Json(Value::from(value)))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Raw<'de>, E> {
        Ok(Raw::Json(Value::from(value)))
    }

    /// A number with a fraction or an exponent, or beyond 64 bits, which `serde_json` reads as
    /// an `f64`. It is kept so that a typed reader refuses it in its own words (`Amount`: "a JSON
    /// float cannot carry an exact amount"), never to be read: no money is made of it, and
    /// [`Fields::text`](super::fields::Fields::text) does not write it out.
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Raw<'de>, E> {
        Ok(Raw::Json(Value::from(value)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Raw<'de>, E> {
        Ok(Raw::Json(Value::Null))
    }
}

/// A value that is not kept, parsed in full (unlike `serde::de::IgnoredAny` over `serde_json`,
/// which passes over numbers without reading them), so that a body is accepted exactly when a `Value`
/// parse accepts it.
struct Skip;

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key_seed(Skip)?.is_some() {
            map.next_value_seed(Skip)?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Skip)?.is_some() {}
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}
