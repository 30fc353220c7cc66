//! [`AdditionalInfo`]: the `additionalInfo` object of callbacks.

use std::fmt;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::fields::{Fields, Kept, Source, Text, parse_read};
use super::reader::{self, Object, Shape};
use crate::{Channel, Money, WireTime};

pub(super) const KNOWN: &[&str] = &[
    "channel",
    "bankCode",
    "bankName",
    "errorCode",
    "feeMoney",
    "rRN",
    "RRN",
    "trxType",
    "userName",
    "paymentNtb",
    "settleDate",
    "plh",
    "paymentTimeIso8601",
];

/// An `additionalInfo` object: its keys, none of them read field by field in turn.
pub(super) static SHAPE: Shape = Shape {
    known: KNOWN,
    nested: &[("feeMoney", &reader::MONEY)],
};

/// The `additionalInfo` object of a callback, kept whole (as the notification is), with typed
/// readers for the fields Ayolinx documents or was seen sending.
///
/// Every field here is optional and read leniently: a value of an unexpected type reads as
/// `None` and is still kept in [`json`](AdditionalInfo::json). A text field (`RRN`, `bankCode`…)
/// also takes a whole JSON number within 64 bits, written out, but not a number that only a
/// float holds (a fraction, an exponent, more than 64 bits), whose digits are no longer those
/// sent. Fields this crate does not model are in [`extra`](AdditionalInfo::extra).
///
/// ```
/// use ayolinx_proto::callback::AdditionalInfo;
/// use ayolinx_proto::Channel;
///
/// let info = AdditionalInfo::from_json(&serde_json::json!({
///     "channel": "BNC_QRIS", "RRN": "412345678901", "feeMoney": {"currency": "IDR", "value": "105.00"},
///     "acquirer": "BNC",
/// }));
/// assert_eq!(info.channel(), Some(&Channel::BncQris));
/// assert_eq!(info.rrn(), Some("412345678901"));
/// assert_eq!(info.fee_money().map(|m| m.value.to_string()), Some("105.00".into()));
/// assert_eq!(info.extra().get("acquirer"), Some(&serde_json::json!("BNC")));
/// ```
#[derive(Clone, Default)]
pub struct AdditionalInfo {
    /// The body this was read from (the object is its `additionalInfo`); `None` when read
    /// from a `Value` (`json` is then filled from the start).
    source: Option<Arc<str>>,
    kept: Kept,
    channel: Option<Channel>,
    bank_code: Option<Text>,
    bank_name: Option<Text>,
    error_code: Option<Text>,
    fee_money: Option<Money>,
    rrn: Option<Text>,
    trx_type: Option<Text>,
    user_name: Option<Text>,
    payment_ntb: Option<Text>,
    settle_date: Option<Text>,
    plh: Option<Text>,
    payment_time: Option<WireTime>,
}

impl AdditionalInfo {
    /// The keys this type reads; every other key is in [`extra`](AdditionalInfo::extra).
    ///
    /// ```
    /// use ayolinx_proto::callback::AdditionalInfo;
    /// assert!(AdditionalInfo::MODELLED_KEYS.contains(&"RRN"));
    /// ```
    pub const MODELLED_KEYS: &'static [&'static str] = KNOWN;

    /// Reads an `additionalInfo` value. Anything but an object reads as empty (and stays in the
    /// enclosing message's JSON).
    pub fn from_json(value: &Value) -> Self {
        match (reader::read_value(value, &SHAPE), value.as_object()) {
            (reader::Read::Object(object), Some(map)) => {
                Self::read_object(&object, Source::Json(map))
            }
            _ => Self::default(),
        }
    }

    /// Reads an `additionalInfo` object the reader read from `source`.
    pub(crate) fn read_object(object: &Object<'_>, source: Source<'_>) -> Self {
        let fields = Fields {
            object,
            path: "$.additionalInfo",
            source,
        };
        let text = |key| fields.text(key);
        Self {
            source: source.body(),
            kept: source.kept(KNOWN),
            channel: fields
                .text("channel")
                .map(|code| Channel::from_code(code.resolve(source.base().unwrap_or_default()))),
            bank_code: text("bankCode"),
            bank_name: text("bankName"),
            error_code: text("errorCode"),
            fee_money: fields.money("feeMoney").ok().flatten(),
            rrn: text("RRN").or_else(|| text("rRN")),
            trx_type: text("trxType"),
            user_name: text("userName"),
            payment_ntb: text("paymentNtb"),
            settle_date: text("settleDate"),
            plh: text("plh"),
            payment_time: fields.lenient("paymentTimeIso8601"),
        }
    }

    /// The object: every field, in its order, strings as sent, numbers as JSON number values.
    pub fn json(&self) -> &Map<String, Value> {
        self.kept.json(|| self.parse_source(), KNOWN)
    }

    /// The fields this crate does not model, in their order.
    pub fn extra(&self) -> &Map<String, Value> {
        self.kept.extra(|| self.parse_source(), KNOWN)
    }

    /// The `additionalInfo` object of the body this was read from, parsed (read from a
    /// `Value`, `kept` is given at once).
    fn parse_source(&self) -> Map<String, Value> {
        let mut body: Map<String, Value> =
            self.source.as_deref().map(parse_read).unwrap_or_default();
        match body.swap_remove("additionalInfo") {
            Some(Value::Object(object)) => object,
            _ => Map::new(),
        }
    }

    /// A string field's text.
    fn text<'a>(&'a self, field: &'a Option<Text>) -> Option<&'a str> {
        let body = self.source.as_deref().unwrap_or_default();
        field.as_ref().map(|text| text.resolve(body))
    }

    /// `channel`: the payment channel (`BNC_QRIS`, `VIRTUAL_ACCOUNT_BNI`…).
    pub fn channel(&self) -> Option<&Channel> {
        self.channel.as_ref()
    }

    /// `bankCode`: the paying bank's code.
    pub fn bank_code(&self) -> Option<&str> {
        self.text(&self.bank_code)
    }

    /// `bankName`: the paying bank's name.
    pub fn bank_name(&self) -> Option<&str> {
        self.text(&self.bank_name)
    }

    /// `errorCode`: the acquirer's error code, on failed payments.
    pub fn error_code(&self) -> Option<&str> {
        self.text(&self.error_code)
    }

    /// `feeMoney`: the fee, when it is a readable money object.
    pub fn fee_money(&self) -> Option<&Money> {
        self.fee_money.as_ref()
    }

    /// The retrieval reference number: `RRN` as real traffic sends it, or `rRN` as the docs
    /// write it. Whichever was received is what is written back.
    pub fn rrn(&self) -> Option<&str> {
        self.text(&self.rrn)
    }

    /// `trxType`: the transaction type.
    pub fn trx_type(&self) -> Option<&str> {
        self.text(&self.trx_type)
    }

    /// `userName`: the payer's name as the acquirer reports it.
    pub fn user_name(&self) -> Option<&str> {
        self.text(&self.user_name)
    }

    /// `paymentNtb`: the bank's transaction number.
    pub fn payment_ntb(&self) -> Option<&str> {
        self.text(&self.payment_ntb)
    }

    /// `settleDate`: the settlement date, as text (its format is undocumented).
    pub fn settle_date(&self) -> Option<&str> {
        self.text(&self.settle_date)
    }

    /// `plh`: the payment-link id, present only on callbacks of payments made through a payment
    /// link.
    pub fn payment_link_id(&self) -> Option<&str> {
        self.text(&self.plh)
    }

    /// `paymentTimeIso8601`: when a VA payment was made.
    pub fn payment_time(&self) -> Option<&WireTime> {
        self.payment_time.as_ref()
    }
}

impl PartialEq for AdditionalInfo {
    /// Equal when the objects are: every typed field is read from the object.
    fn eq(&self, other: &Self) -> bool {
        self.json() == other.json()
    }
}

impl fmt::Debug for AdditionalInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AdditionalInfo")
            .field("channel", &self.channel)
            .field("bank_code", &self.bank_code())
            .field("bank_name", &self.bank_name())
            .field("error_code", &self.error_code())
            .field("fee_money", &self.fee_money)
            .field("rrn", &self.rrn())
            .field("trx_type", &self.trx_type())
            .field("user_name", &self.user_name())
            .field("payment_ntb", &self.payment_ntb())
            .field("settle_date", &self.settle_date())
            .field("plh", &self.payment_link_id())
            .field("payment_time", &self.payment_time)
            .field("json", self.json())
            .finish()
    }
}
