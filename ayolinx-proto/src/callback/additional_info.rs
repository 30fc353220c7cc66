//! [`AdditionalInfo`]: the `additionalInfo` object of callbacks.

use serde_json::{Map, Value};

use super::fields::Fields;
use crate::{Channel, Money, WireTime};

const KNOWN: &[&str] = &[
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
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AdditionalInfo {
    json: Map<String, Value>,
    channel: Option<Channel>,
    bank_code: Option<String>,
    bank_name: Option<String>,
    error_code: Option<String>,
    fee_money: Option<Money>,
    rrn: Option<String>,
    trx_type: Option<String>,
    user_name: Option<String>,
    payment_ntb: Option<String>,
    settle_date: Option<String>,
    plh: Option<String>,
    payment_time: Option<WireTime>,
    extra: Map<String, Value>,
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
        Self {
            json: object.clone(),
            channel: fields.text("channel").map(|code| Channel::from_code(&code)),
            bank_code: fields.text("bankCode"),
            bank_name: fields.text("bankName"),
            error_code: fields.text("errorCode"),
            fee_money: fields.lenient("feeMoney"),
            rrn: fields.text("RRN").or_else(|| fields.text("rRN")),
            trx_type: fields.text("trxType"),
            user_name: fields.text("userName"),
            payment_ntb: fields.text("paymentNtb"),
            settle_date: fields.text("settleDate"),
            plh: fields.text("plh"),
            payment_time: fields.lenient("paymentTimeIso8601"),
            extra: fields.extra(),
        }
    }

    /// The object exactly as received.
    pub fn json(&self) -> &Map<String, Value> {
        &self.json
    }

    /// The fields this crate does not model, in their order.
    pub fn extra(&self) -> &Map<String, Value> {
        &self.extra
    }

    /// `channel`: the payment channel (`BNC_QRIS`, `VIRTUAL_ACCOUNT_BNI`…).
    pub fn channel(&self) -> Option<&Channel> {
        self.channel.as_ref()
    }

    /// `bankCode`: the paying bank's code.
    pub fn bank_code(&self) -> Option<&str> {
        self.bank_code.as_deref()
    }

    /// `bankName`: the paying bank's name.
    pub fn bank_name(&self) -> Option<&str> {
        self.bank_name.as_deref()
    }

    /// `errorCode`: the acquirer's error code, on failed payments.
    pub fn error_code(&self) -> Option<&str> {
        self.error_code.as_deref()
    }

    /// `feeMoney`: the fee, when it is a readable money object.
    pub fn fee_money(&self) -> Option<&Money> {
        self.fee_money.as_ref()
    }

    /// The retrieval reference number: `RRN` as real traffic sends it, or `rRN` as the docs
    /// write it. Whichever was received is what is written back.
    pub fn rrn(&self) -> Option<&str> {
        self.rrn.as_deref()
    }

    /// `trxType`: the transaction type.
    pub fn trx_type(&self) -> Option<&str> {
        self.trx_type.as_deref()
    }

    /// `userName`: the payer's name as the acquirer reports it.
    pub fn user_name(&self) -> Option<&str> {
        self.user_name.as_deref()
    }

    /// `paymentNtb`: the bank's transaction number.
    pub fn payment_ntb(&self) -> Option<&str> {
        self.payment_ntb.as_deref()
    }

    /// `settleDate`: the settlement date, as text (its format is undocumented).
    pub fn settle_date(&self) -> Option<&str> {
        self.settle_date.as_deref()
    }

    /// `plh`: the payment-link id, present only on callbacks of payments made through a payment
    /// link.
    pub fn payment_link_id(&self) -> Option<&str> {
        self.plh.as_deref()
    }

    /// `paymentTimeIso8601`: when a VA payment was made.
    pub fn payment_time(&self) -> Option<&WireTime> {
        self.payment_time.as_ref()
    }
}
