//! Typed fields read straight from the body text with the [`Scanner`], with the same meaning as
//! reading them from a `serde_json::Value` ([`fields`](super::fields)), or `None` where the
//! fast path does not decide (the caller then reads the `Value`).
//!
//! A string field read here is a [`Text::Slice`] of the body, not a copy.

use std::ops::Range;

use super::scan::{Item, Scanner};
use crate::{Amount, Currency, Money, TransactionStatus, WireTime};

/// A string field's text: a byte range of the body it was read from, or text of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Text {
    /// The field's contents are these bytes of the body, as received (no escapes).
    Slice(Range<usize>),
    /// The field's contents, unescaped (read from a `Value`).
    Own(Box<str>),
}

impl Text {
    /// The text, given the body a [`Text::Slice`] points into.
    pub(crate) fn resolve<'a>(&'a self, body: &'a str) -> &'a str {
        match self {
            Self::Slice(range) => body.get(range.clone()).unwrap_or_default(),
            Self::Own(text) => text,
        }
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Self::Own(text.into_boxed_str())
    }
}

/// A field while its object is read: `None` until its key is met, then what it read as.
pub(crate) type Slot<T> = Option<Option<T>>;

/// Puts a field's reading in its slot; `None` (off the fast path) when the reading is, or when
/// the key came before (a repeated key's last value wins in `serde_json`).
pub(crate) fn fill<T>(slot: &mut Slot<T>, reading: Option<Option<T>>) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(reading?);
    Some(())
}

/// A strictly read string (`Fields::strict::<String>`): a string, or `null` for none.
pub(crate) fn strict_text(scanner: &mut Scanner<'_>) -> Option<Option<Text>> {
    match scanner.value()? {
        Item::Text(range) => Some(Some(Text::Slice(range))),
        Item::Null => Some(None),
        _ => None,
    }
}

/// A strictly read status (`Fields::strict::<TransactionStatus>`).
pub(crate) fn status(scanner: &mut Scanner<'_>) -> Option<Option<TransactionStatus>> {
    match scanner.value()? {
        Item::Text(range) => Some(Some(TransactionStatus::from_code(scanner.slice(range)?))),
        Item::Null => Some(None),
        _ => None,
    }
}

/// A text field (`Fields::text`): a string as it is; `null`, booleans, objects and arrays are
/// none. (A number, which reads as its `serde_json` rendering, is left to the slow path.)
pub(crate) fn text(scanner: &mut Scanner<'_>) -> Option<Option<Text>> {
    match scanner.value()? {
        Item::Text(range) => Some(Some(Text::Slice(range))),
        Item::Null | Item::Bool | Item::Object | Item::Array => Some(None),
        Item::Number | Item::EscapedText => None,
    }
}

/// A leniently read time (`Fields::lenient::<WireTime>`): a string; `null`, booleans, objects
/// and arrays are none. (Numbers are left to the slow path.)
pub(crate) fn time(scanner: &mut Scanner<'_>) -> Option<Option<WireTime>> {
    match scanner.value()? {
        Item::Text(range) => Some(Some(WireTime::from_text(scanner.slice(range)?))),
        Item::Null | Item::Bool | Item::Object | Item::Array => Some(None),
        Item::Number | Item::EscapedText => None,
    }
}

/// A money object, strictly or leniently read: `null` for none, or exactly
/// `{"currency": <string>, "value": <amount string>}` in either order. Any other shape, and an
/// amount that does not parse, is left to the slow path, which has the error or the lenient
/// `None`.
pub(crate) fn money(scanner: &mut Scanner<'_>) -> Option<Option<Money>> {
    if scanner.peek()? != b'{' {
        return match scanner.value()? {
            Item::Null => Some(None),
            _ => None,
        };
    }
    let (mut currency, mut value) = (None, None);
    scanner.object(|scanner, key| {
        let slot = match key {
            "currency" => &mut currency,
            "value" => &mut value,
            _ => return None,
        };
        let Item::Text(range) = scanner.value()? else {
            return None;
        };
        slot.replace(range).is_none().then_some(())
    })?;
    Some(Some(Money {
        currency: Currency::from(scanner.slice(currency?)?),
        value: Amount::parse(scanner.slice(value?)?).ok()?,
    }))
}
