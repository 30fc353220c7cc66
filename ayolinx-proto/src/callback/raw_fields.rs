//! Reading the typed fields of a JSON object straight from its text, without building a
//! `serde_json::Value` of the whole object.
//!
//! One pass over the object's text notes where each modelled key's value lies (a borrowed
//! [`RawValue`]) and skips everything else; each typed field is then read from its own small
//! slice. The readers give the same results and the same errors as [`Fields`](super::fields::Fields)
//! on the parsed object: a value is read directly when it can be, and through a `Value` (as
//! `Fields` reads it) when it cannot, so error messages are the same.
//!
//! The text must be known-valid JSON (checked by [`validate`], or written by `serde_json`):
//! skipping a value does not check every detail (numbers out of range, for one) that parsing it
//! would.

use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::Value;
use serde_json::value::RawValue;

use super::fields::{self, ShapeError};

/// The most modelled keys one object may have (`AdditionalInfo` has 13).
const MAX_KNOWN: usize = 16;

/// The modelled fields of one JSON object at `path` (`$`, `$.additionalInfo`), as slices of its
/// text.
pub(crate) struct RawFields<'a> {
    found: [Option<&'a RawValue>; MAX_KNOWN],
    path: &'static str,
    known: &'static [&'static str],
}

impl<'a> RawFields<'a> {
    /// Finds the `known` keys of the object `text`; a [`ShapeError`] at `path` when `text` is
    /// not an object.
    pub(crate) fn scan(
        text: &'a str,
        path: &'static str,
        known: &'static [&'static str],
    ) -> Result<Self, ShapeError> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let scanned = Scan { known }
            .deserialize(&mut deserializer)
            .and_then(|scanned| deserializer.end().map(|()| scanned))
            .map_err(|error| ShapeError {
                path: path.into(),
                reason: error.to_string(),
            })?;
        match scanned {
            Scanned::Object(found) => Ok(Self { found, path, known }),
            Scanned::Other(found) => Err(fields::found_instead_of_object(path, found)),
        }
    }

    /// The value of `key` unless it is absent or `null`.
    pub(crate) fn present(&self, key: &str) -> Option<&'a RawValue> {
        let index = self.known.iter().position(|known| *known == key)?;
        self.found
            .get(index)
            .copied()
            .flatten()
            .filter(|raw| raw.get() != "null")
    }

    /// `key` read as `T`; absent or `null` is `None`, any other value must be a `T`.
    pub(crate) fn strict<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, ShapeError> {
        self.present(key)
            .map(|raw| {
                serde_json::from_str(raw.get()).or_else(|_| {
                    fields::strict_value(&value_of(raw)?, &format!("{}.{key}", self.path))
                })
            })
            .transpose()
    }

    /// `key` read as `T` when it can be; anything else is `None`.
    pub(crate) fn lenient<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        let raw = self.present(key)?;
        serde_json::from_str(raw.get())
            .ok()
            .or_else(|| T::deserialize(&value_of(raw).ok()?).ok())
    }

    /// `key` as text: a string as it is, a number written out; anything else is `None`.
    pub(crate) fn text(&self, key: &str) -> Option<String> {
        let raw = self.present(key)?;
        if raw.get().starts_with('"') {
            serde_json::from_str(raw.get()).ok()
        } else {
            fields::text_value(&value_of(raw).ok()?)
        }
    }
}

/// One value, parsed (the slow path, for values not read directly).
fn value_of(raw: &RawValue) -> Result<Value, ShapeError> {
    serde_json::from_str(raw.get()).map_err(|error| ShapeError {
        path: "$".into(),
        reason: error.to_string(),
    })
}

/// Checks that `body` is JSON, accepting and refusing exactly what parsing it into a
/// `serde_json::Value` would (every number and string is read, nothing is kept).
pub(crate) fn validate(body: &[u8]) -> Result<(), serde_json::Error> {
    serde_json::from_slice::<Valid>(body).map(|_| ())
}

/// Any JSON value, read in full and dropped.
struct Valid;

impl<'de> de::Deserialize<'de> for Valid {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValidVisitor)
    }
}

struct ValidVisitor;

impl<'de> Visitor<'de> for ValidVisitor {
    type Value = Valid;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Valid, E> {
        Ok(Valid)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Valid, E> {
        Ok(Valid)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Valid, E> {
        Ok(Valid)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Valid, E> {
        Ok(Valid)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Valid, E> {
        Ok(Valid)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Valid, E> {
        Ok(Valid)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Valid, A::Error> {
        while seq.next_element::<Valid>()?.is_some() {}
        Ok(Valid)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Valid, A::Error> {
        while map.next_key::<Valid>()?.is_some() {
            map.next_value::<Valid>()?;
        }
        Ok(Valid)
    }
}

/// What a scan found: the modelled keys' values of an object, or the type of a non-object.
// Lives on the stack for one scan; boxing the large variant would cost the allocation it saves.
#[allow(clippy::large_enum_variant)]
enum Scanned<'a> {
    Object([Option<&'a RawValue>; MAX_KNOWN]),
    Other(&'static str),
}

/// Scans a value for the `known` keys of an object.
struct Scan {
    known: &'static [&'static str],
}

impl<'de> DeserializeSeed<'de> for Scan {
    type Value = Scanned<'de>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scan {
    type Value = Scanned<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Scanned::Other("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Scanned::Other("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Scanned::Other("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Scanned::Other("a number"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Scanned::Other("a string"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scanned::Other("null"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scanned::Other("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = [None; MAX_KNOWN];
        while let Some(index) = map.next_key_seed(KeyIndex { known: self.known })? {
            // A repeated key: the last value wins, as in a parsed `Value`.
            match index.and_then(|index| found.get_mut(index)) {
                Some(slot) => *slot = Some(map.next_value::<&'de RawValue>()?),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Scanned::Object(found))
    }
}

/// A key's position among the `known` keys, if it is one.
struct KeyIndex {
    known: &'static [&'static str],
}

impl<'de> DeserializeSeed<'de> for KeyIndex {
    type Value = Option<usize>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyIndex {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.known.iter().position(|known| *known == key))
    }
}
