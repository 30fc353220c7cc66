//! [`AdditionalInfo`]: the `additionalInfo` object of callbacks.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::fields::{Fields, Kept};
use super::scan::Scanner;
use super::scanned::{self, Slot, Text, fill};
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

/// The `additionalInfo` object of a callback, kept exactly as received, with typed readers for
/// the fields Ayolinx documents or was seen sending.
///
/// Every field here is optional and read leniently: a value of an unexpected type reads as
/// `None` and is still kept in [`json`](AdditionalInfo::json). Fields this crate does not model
/// are in [`extra`](AdditionalInfo::extra).
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
    /// The body this was scanned from and the object's range in it; `None` when read from a
    /// `Value` (`json` is then filled from the start).
    source: Option<(Arc<str>, Range<usize>)>,
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

/// The fields of an `additionalInfo` object while the scanner reads it.
#[derive(Default)]
struct Draft {
    channel: Slot<Text>,
    bank_code: Slot<Text>,
    bank_name: Slot<Text>,
    error_code: Slot<Text>,
    fee_money: Slot<Money>,
    rrn: Slot<Text>,
    rrn_as_documented: Slot<Text>,
    trx_type: Slot<Text>,
    user_name: Slot<Text>,
    payment_ntb: Slot<Text>,
    settle_date: Slot<Text>,
    plh: Slot<Text>,
    payment_time: Slot<WireTime>,
}

impl AdditionalInfo {
    /// Reads an `additionalInfo` value. Anything but an object reads as empty (and stays in the
    /// enclosing message's JSON).
    pub fn from_json(value: &Value) -> Self {
        let Some(object) = value.as_object() else {
            return Self::default();
        };
        let fields = Fields {
            object,
            path: "$.additionalInfo",
            known: KNOWN,
        };
        let text = |key| fields.text(key).map(Text::from);
        Self {
            source: None,
            kept: Kept::given(object.clone(), KNOWN),
            channel: fields.text("channel").map(|code| Channel::from_code(&code)),
            bank_code: text("bankCode"),
            bank_name: text("bankName"),
            error_code: text("errorCode"),
            fee_money: fields.lenient("feeMoney"),
            rrn: text("RRN").or_else(|| text("rRN")),
            trx_type: text("trxType"),
            user_name: text("userName"),
            payment_ntb: text("paymentNtb"),
            settle_date: text("settleDate"),
            plh: text("plh"),
            payment_time: fields.lenient("paymentTimeIso8601"),
        }
    }

    /// Reads the `additionalInfo` value at the scanner, of the body `source`, as
    /// [`from_json`](AdditionalInfo::from_json) reads it; `None` off the fast path.
    pub(crate) fn scan(scanner: &mut Scanner<'_>, source: &Arc<str>) -> Option<Self> {
        if scanner.peek()? != b'{' {
            scanner.value()?;
            return Some(Self::default());
        }
        let start = scanner.position();
        let mut draft = Draft::default();
        scanner.object(|scanner, key| match key {
            "channel" => fill(&mut draft.channel, scanned::text(scanner)),
            "bankCode" => fill(&mut draft.bank_code, scanned::text(scanner)),
            "bankName" => fill(&mut draft.bank_name, scanned::text(scanner)),
            "errorCode" => fill(&mut draft.error_code, scanned::text(scanner)),
            "feeMoney" => fill(&mut draft.fee_money, scanned::money(scanner)),
            "RRN" => fill(&mut draft.rrn, scanned::text(scanner)),
            "rRN" => fill(&mut draft.rrn_as_documented, scanned::text(scanner)),
            "trxType" => fill(&mut draft.trx_type, scanned::text(scanner)),
            "userName" => fill(&mut draft.user_name, scanned::text(scanner)),
            "paymentNtb" => fill(&mut draft.payment_ntb, scanned::text(scanner)),
            "settleDate" => fill(&mut draft.settle_date, scanned::text(scanner)),
            "plh" => fill(&mut draft.plh, scanned::text(scanner)),
            "paymentTimeIso8601" => fill(&mut draft.payment_time, scanned::time(scanner)),
            _ => scanner.value().map(drop),
        })?;
        let range = start..scanner.position();
        Some(Self {
            channel: draft
                .channel
                .flatten()
                .map(|code| Channel::from_code(code.resolve(source))),
            bank_code: draft.bank_code.flatten(),
            bank_name: draft.bank_name.flatten(),
            error_code: draft.error_code.flatten(),
            fee_money: draft.fee_money.flatten(),
            rrn: draft.rrn.flatten().or(draft.rrn_as_documented.flatten()),
            trx_type: draft.trx_type.flatten(),
            user_name: draft.user_name.flatten(),
            payment_ntb: draft.payment_ntb.flatten(),
            settle_date: draft.settle_date.flatten(),
            plh: draft.plh.flatten(),
            payment_time: draft.payment_time.flatten(),
            source: Some((Arc::clone(source), range)),
            kept: Kept::default(),
        })
    }

    /// The object exactly as received.
    pub fn json(&self) -> &Map<String, Value> {
        self.kept.json(|| self.object_text(), KNOWN)
    }

    /// The fields this crate does not model, in their order.
    pub fn extra(&self) -> &Map<String, Value> {
        self.kept.extra(|| self.object_text(), KNOWN)
    }

    /// The object's text in the body it was scanned from.
    fn object_text(&self) -> Option<&str> {
        self.source
            .as_ref()
            .and_then(|(body, range)| body.get(range.clone()))
    }

    /// A string field's text.
    fn text<'a>(&'a self, field: &'a Option<Text>) -> Option<&'a str> {
        let body = self.source.as_ref().map_or("", |(body, _)| body);
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
