//! [`Notification`]: the body of a scheme-C callback, typed, with nothing lost.

use std::fmt;
use std::sync::{Arc, OnceLock};

use serde_json::{Map, Value};

use super::additional_info::{self, AdditionalInfo};
use super::endpoint::Endpoint;
use super::error::CallbackError;
use super::fields::{self, Fields, Kept, ShapeError, Source, Text, parse_json, parse_read};
use super::reader::{self, Shape};
use crate::channel::Product;
use crate::{Money, TransactionStatus, WireTime};

pub(super) const KNOWN: &[&str] = &[
    "originalReferenceNo",
    "originalPartnerReferenceNo",
    "partnerReferenceNo",
    "latestTransactionStatus",
    "transactionStatusDesc",
    "amount",
    "customerNumber",
    "finishedTime",
    "callbackType",
    "additionalInfo",
];

/// A notification's object: its keys, and `additionalInfo` read field by field.
static SHAPE: Shape = Shape {
    known: KNOWN,
    nested: &[
        ("additionalInfo", &additional_info::SHAPE),
        ("amount", &reader::MONEY),
    ],
};

/// A payment notification Ayolinx sends with a scheme-C signature: QRIS (SNAP and non-SNAP),
/// e-wallet, convenience store, VA non-SNAP, and any of these made through a payment link
/// (`additionalInfo.plh`). They share one body shape, so one type reads them all; [`kind`]
/// tells them apart.
///
/// The body is kept whole ([`json`](Notification::json), which `Serialize` writes back): every
/// field, in its order, every string as sent. A number is kept as a JSON number value, so its
/// spelling is not (`1.10` is written back `1.1`, and one with an exponent or beyond 64 bits is
/// a double); the bytes as received, which the signature covers, are
/// [`VerifiedCallback::body`](super::VerifiedCallback::body). It is read leniently, because this
/// is the least documented part of the API:
///
/// - required: a reference (`originalReferenceNo`, `originalPartnerReferenceNo` or
///   `partnerReferenceNo`) and a status (`latestTransactionStatus` or, on e-wallet callbacks,
///   `transactionStatusDesc`);
/// - strict when present: the references and statuses must be strings and `amount` a money
///   object, because a payment is matched and credited on them;
/// - lenient: everything else (`finishedTime`, `customerNumber`, `callbackType`,
///   `additionalInfo`): an unexpected value reads as `None` and is still kept. A text field
///   takes a string as it is and a whole JSON number within 64 bits written out; a number with a
///   fraction or an exponent, or beyond 64 bits, reads as `None`, because JSON parsing has
///   already rounded it to a float and written out it would not be the digits that were sent.
///
/// [`kind`]: Notification::kind
///
/// ```
/// use ayolinx_proto::callback::{Notification, NotificationKind};
/// use ayolinx_proto::TransactionStatus;
///
/// let body = br#"{"originalReferenceNo":"AYO-REF-1","originalPartnerReferenceNo":"ORD-1","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"15000.00"},"callbackType":"QRIS","additionalInfo":{"channel":"BNC_QRIS","RRN":"412345678901"},"newField":1}"#;
/// let notification = Notification::from_json_bytes(body)?;
/// assert_eq!(notification.kind(), NotificationKind::Qris);
/// assert_eq!(notification.status(), TransactionStatus::Success);
/// assert_eq!(notification.reference(), "AYO-REF-1");
/// assert_eq!(notification.dedup_key().to_string(), "AYO-REF-1:00");
/// assert_eq!(notification.extra().get("newField"), Some(&serde_json::json!(1)));
/// assert_eq!(serde_json::to_string(&notification)?.as_bytes(), body);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Notification {
    /// The body this was read from; `None` when read from a `Value` (`json` is then filled
    /// from the start).
    source: Option<Arc<str>>,
    kept: Kept,
    original_reference_no: Option<Text>,
    original_partner_reference_no: Option<Text>,
    partner_reference_no: Option<Text>,
    latest_transaction_status: Option<TransactionStatus>,
    transaction_status_desc: Option<Text>,
    amount: Option<Money>,
    customer_number: Option<Text>,
    finished_time: Option<WireTime>,
    callback_type: Option<Text>,
    additional_info: AdditionalInfo,
}

impl Notification {
    /// The top-level keys this type reads; every other key is in [`extra`](Notification::extra).
    ///
    /// ```
    /// use ayolinx_proto::callback::Notification;
    /// assert!(Notification::MODELLED_KEYS.contains(&"latestTransactionStatus"));
    /// ```
    pub const MODELLED_KEYS: &'static [&'static str] = KNOWN;

    /// Reads a notification from a JSON value (usually
    /// [`VerifiedCallback::notification`](super::VerifiedCallback::notification) does this).
    ///
    /// ```
    /// use ayolinx_proto::callback::{CallbackErrorKind, Notification};
    /// let error = Notification::from_json(&serde_json::json!({"latestTransactionStatus": "00"})).unwrap_err();
    /// assert!(matches!(error.kind(), CallbackErrorKind::WrongShape { path, .. } if path == "$"));
    /// ```
    pub fn from_json(value: &Value) -> Result<Self, CallbackError> {
        Self::read(value).map_err(|error| error.into_error(Endpoint::Notify))
    }

    /// Reads a notification from raw body bytes (after the signature has been checked).
    ///
    /// ```
    /// use ayolinx_proto::callback::{CallbackErrorKind, Notification};
    /// let error = Notification::from_json_bytes(b"not json").unwrap_err();
    /// assert!(matches!(error.kind(), CallbackErrorKind::BodyNotJson { line: 1, column: 2, .. }));
    /// ```
    pub fn from_json_bytes(body: &[u8]) -> Result<Self, CallbackError> {
        ReadBody::read(body, Endpoint::Notify)?.into_notification()
    }

    /// Reads a notification from its object, read from `source`.
    fn read_object(fields: &Fields<'_, '_>) -> Result<Self, ShapeError> {
        let original_reference_no = fields.strict_text("originalReferenceNo")?;
        let original_partner_reference_no = fields.strict_text("originalPartnerReferenceNo")?;
        let partner_reference_no = fields.strict_text("partnerReferenceNo")?;
        // A blank reference names no transaction: keyed on it, every such callback would share
        // one deduplication key, and all but the first would be answered as already processed.
        let base = fields.source.base().unwrap_or_default();
        let references = [
            &original_reference_no,
            &original_partner_reference_no,
            &partner_reference_no,
        ];
        if fields::first_named(references.map(|text| text.as_ref().map(|text| text.resolve(base))))
            .is_none()
        {
            return Err(no_reference());
        }
        let latest_transaction_status = fields.strict("latestTransactionStatus")?;
        let transaction_status_desc = fields.strict_text("transactionStatusDesc")?;
        if latest_transaction_status.is_none() && transaction_status_desc.is_none() {
            return Err(no_status());
        }
        Ok(Self {
            source: fields.source.body(),
            kept: fields.source.kept(KNOWN),
            original_reference_no,
            original_partner_reference_no,
            partner_reference_no,
            latest_transaction_status,
            transaction_status_desc,
            amount: fields.money("amount")?,
            customer_number: fields.text("customerNumber"),
            finished_time: fields.lenient("finishedTime"),
            callback_type: fields.text("callbackType"),
            additional_info: fields
                .object("additionalInfo")
                .map(|(object, source)| AdditionalInfo::read_object(object, source))
                .unwrap_or_default(),
        })
    }

    /// Reads a notification from a parsed value.
    fn read(value: &Value) -> Result<Self, ShapeError> {
        let (object, map) = fields::read_json(value, &SHAPE)?;
        Self::read_object(&Fields {
            object: &object,
            path: "$",
            source: Source::Json(map),
        })
    }

    /// Reads a notification from the body text it keeps: `Err` when the text is not JSON,
    /// `Ok(Err)` when it is JSON but not a notification.
    fn read_body(body: &Arc<str>) -> serde_json::Result<Result<Self, ShapeError>> {
        Ok(fields::read_body(body, &SHAPE)?.and_then(|object| {
            Self::read_object(&Fields {
                object: &object,
                path: "$",
                source: Source::Body(body),
            })
        }))
    }

    /// The body: every field, in its order, strings as sent, numbers as JSON number values.
    ///
    /// ```
    /// use ayolinx_proto::callback::Notification;
    /// let body = br#"{"originalReferenceNo":"AYO-1","latestTransactionStatus":"00","feeRate":1.10}"#;
    /// let notification = Notification::from_json_bytes(body)?;
    /// assert_eq!(notification.json()["feeRate"], serde_json::json!(1.1));
    /// assert_eq!(
    ///     serde_json::to_string(&notification)?,
    ///     r#"{"originalReferenceNo":"AYO-1","latestTransactionStatus":"00","feeRate":1.1}"#
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn json(&self) -> &Map<String, Value> {
        self.kept.json(|| self.parse_source(), KNOWN)
    }

    /// The top-level fields this crate does not model, in their order.
    pub fn extra(&self) -> &Map<String, Value> {
        self.kept.extra(|| self.parse_source(), KNOWN)
    }

    /// The body this was read from, parsed (read from a `Value`, `kept` is given at once).
    fn parse_source(&self) -> Map<String, Value> {
        self.source.as_deref().map(parse_read).unwrap_or_default()
    }

    /// A string field's text.
    fn text<'a>(&'a self, field: &'a Option<Text>) -> Option<&'a str> {
        let body = self.source.as_deref().unwrap_or_default();
        field.as_ref().map(|text| text.resolve(body))
    }

    /// The reference this notification is about: `originalReferenceNo` (Ayolinx's), else
    /// `originalPartnerReferenceNo` (the merchant's order id), else `partnerReferenceNo`; a
    /// reference that is empty or only whitespace is passed over (a notification with no other
    /// does not read).
    ///
    /// ```
    /// use ayolinx_proto::callback::Notification;
    /// let body = br#"{"originalReferenceNo": "", "originalPartnerReferenceNo": "ORD-1", "latestTransactionStatus": "00"}"#;
    /// let notification = Notification::from_json_bytes(body).unwrap();
    /// assert_eq!(notification.reference(), "ORD-1");
    /// assert_eq!(notification.original_reference_no(), Some(""));
    /// ```
    pub fn reference(&self) -> &str {
        self.reference_no().unwrap_or_default()
    }

    /// The first of the three references that is present and not blank.
    fn reference_no(&self) -> Option<&str> {
        fields::first_named([
            self.original_reference_no(),
            self.original_partner_reference_no(),
            self.partner_reference_no(),
        ])
    }

    /// `originalReferenceNo`: Ayolinx's reference of the transaction.
    pub fn original_reference_no(&self) -> Option<&str> {
        self.text(&self.original_reference_no)
    }

    /// `originalPartnerReferenceNo`: the merchant's reference (its order id).
    pub fn original_partner_reference_no(&self) -> Option<&str> {
        self.text(&self.original_partner_reference_no)
    }

    /// `partnerReferenceNo`, which e-wallet callbacks may carry instead.
    pub fn partner_reference_no(&self) -> Option<&str> {
        self.text(&self.partner_reference_no)
    }

    /// The transaction status: `latestTransactionStatus`, else read from
    /// `transactionStatusDesc` (`"SUCCESS"` is [`TransactionStatus::Success`]; an unknown word
    /// is [`TransactionStatus::Unknown`]).
    pub fn status(&self) -> TransactionStatus {
        match (
            &self.latest_transaction_status,
            self.transaction_status_desc(),
        ) {
            (Some(status), _) => status.clone(),
            (None, Some(desc)) => status_from_desc(desc),
            (None, None) => TransactionStatus::Unknown(String::new()),
        }
    }

    /// Whether the payment succeeded (status `00`).
    pub fn is_paid(&self) -> bool {
        self.status().is_paid()
    }

    /// `latestTransactionStatus` as sent.
    pub fn latest_transaction_status(&self) -> Option<&TransactionStatus> {
        self.latest_transaction_status.as_ref()
    }

    /// `transactionStatusDesc` as sent (e-wallet callbacks, e.g. `"SUCCESS"`).
    pub fn transaction_status_desc(&self) -> Option<&str> {
        self.text(&self.transaction_status_desc)
    }

    /// `amount`: the amount paid.
    pub fn amount(&self) -> Option<&Money> {
        self.amount.as_ref()
    }

    /// `customerNumber`.
    pub fn customer_number(&self) -> Option<&str> {
        self.text(&self.customer_number)
    }

    /// `finishedTime`: when the transaction finished. Kept as given; its instant is there when
    /// it could be read.
    pub fn finished_time(&self) -> Option<&WireTime> {
        self.finished_time.as_ref()
    }

    /// `callbackType` (e.g. `"QRIS"`), seen on real traffic.
    pub fn callback_type(&self) -> Option<&str> {
        self.text(&self.callback_type)
    }

    /// `additionalInfo` (empty when absent).
    pub fn additional_info(&self) -> &AdditionalInfo {
        &self.additional_info
    }

    /// The payment-link id (`additionalInfo.plh`) when the payment was made through a link.
    pub fn payment_link_id(&self) -> Option<&str> {
        self.additional_info.payment_link_id()
    }

    /// The product paid with, from the channel (`additionalInfo.channel`), else from
    /// `callbackType`.
    pub fn product(&self) -> Option<Product> {
        self.additional_info
            .channel()
            .and_then(|channel| {
                channel
                    .product()
                    .or_else(|| product_from_word(channel.as_str()))
            })
            .or_else(|| self.callback_type().and_then(product_from_word))
    }

    /// What kind of notification this is: a payment link when `additionalInfo.plh` is present,
    /// otherwise the [`product`](Notification::product).
    pub fn kind(&self) -> NotificationKind {
        if self.payment_link_id().is_some() {
            return NotificationKind::PaymentLink;
        }
        match self.product() {
            Some(Product::Qris) => NotificationKind::Qris,
            Some(Product::Ewallet) => NotificationKind::Ewallet,
            Some(Product::VirtualAccount) => NotificationKind::VirtualAccount,
            Some(Product::Retail) => NotificationKind::ConvenienceStore,
            _ => NotificationKind::Unknown,
        }
    }

    /// The deduplication key: [`reference`](Notification::reference) plus the status code.
    /// One transaction sends a callback per status it reaches (`01`, `02`, `00`), and Ayolinx
    /// resends each until answered, so store the key and answer
    /// [`Outcome::AlreadyProcessed`](super::ack::Outcome::AlreadyProcessed) when it is seen
    /// again.
    pub fn dedup_key(&self) -> DedupKey {
        DedupKey {
            reference: self.reference().to_owned(),
            status: self.status().code().to_owned(),
        }
    }
}

fn status_from_desc(desc: &str) -> TransactionStatus {
    let code = match desc.to_ascii_uppercase().as_str() {
        "SUCCESS" | "SUCCESSFUL" | "PAID" => "00",
        "INIT" | "INITIATED" => "01",
        "PAYING" => "02",
        "PENDING" => "03",
        "REFUND" | "REFUNDED" => "04",
        "CANCEL" | "CANCELED" | "CANCELLED" => "05",
        "FAIL" | "FAILED" => "06",
        "NOT_FOUND" | "NOT FOUND" => "07",
        _ => return TransactionStatus::Unknown(desc.to_owned()),
    };
    TransactionStatus::from_code(code)
}

/// Guesses a product from a channel code or `callbackType` that this crate does not know.
fn product_from_word(word: &str) -> Option<Product> {
    let word = word.to_ascii_uppercase();
    if word.contains("QRIS") {
        Some(Product::Qris)
    } else if word.starts_with("EMONEY") || word.starts_with("EWALLET") || word == "DANA" {
        Some(Product::Ewallet)
    } else if word.starts_with("VIRTUAL_ACCOUNT") || word == "VA" {
        Some(Product::VirtualAccount)
    } else if word.starts_with("RETAIL") {
        Some(Product::Retail)
    } else {
        None
    }
}

impl serde::Serialize for Notification {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.json().serialize(serializer)
    }
}

impl PartialEq for Notification {
    /// Equal when the bodies are: every typed field is read from the body.
    fn eq(&self, other: &Self) -> bool {
        self.json() == other.json()
    }
}

impl fmt::Debug for Notification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Notification")
            .field("original_reference_no", &self.original_reference_no())
            .field(
                "original_partner_reference_no",
                &self.original_partner_reference_no(),
            )
            .field("partner_reference_no", &self.partner_reference_no())
            .field("latest_transaction_status", &self.latest_transaction_status)
            .field("transaction_status_desc", &self.transaction_status_desc())
            .field("amount", &self.amount)
            .field("customer_number", &self.customer_number())
            .field("finished_time", &self.finished_time)
            .field("callback_type", &self.callback_type())
            .field("additional_info", &self.additional_info)
            .field("json", self.json())
            .finish()
    }
}

impl<'de> serde::Deserialize<'de> for Notification {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Self::read(&value).map_err(|ShapeError { path, reason }| {
            serde::de::Error::custom(format!("{path}: {reason}"))
        })
    }
}

/// What a [`Notification`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NotificationKind {
    /// QRIS (SNAP or non-SNAP: the bodies are the same).
    Qris,
    /// E-wallet (DANA).
    Ewallet,
    /// Virtual account, non-SNAP notify (the SNAP VA payment is a [`VaPayment`](super::VaPayment)).
    VirtualAccount,
    /// Convenience store (retail).
    ConvenienceStore,
    /// A payment made through a payment link (`additionalInfo.plh`); the channel's product is in
    /// [`Notification::product`].
    PaymentLink,
    /// Neither the channel nor `callbackType` says.
    Unknown,
}

impl NotificationKind {
    /// A stable name: `QRIS`, `EWALLET`, `VIRTUAL_ACCOUNT`, `CONVENIENCE_STORE`,
    /// `PAYMENT_LINK` or `UNKNOWN`.
    ///
    /// ```
    /// assert_eq!(ayolinx_proto::callback::NotificationKind::PaymentLink.as_str(), "PAYMENT_LINK");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Qris => "QRIS",
            Self::Ewallet => "EWALLET",
            Self::VirtualAccount => "VIRTUAL_ACCOUNT",
            Self::ConvenienceStore => "CONVENIENCE_STORE",
            Self::PaymentLink => "PAYMENT_LINK",
            Self::Unknown => "UNKNOWN",
        }
    }
}

impl fmt::Display for NotificationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The deduplication key of a [`Notification`]: its reference and its status code.
///
/// `Display` writes `reference:status` (`AYO-REF-1:00`), for logs and simple stores.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DedupKey {
    reference: String,
    status: String,
}

impl DedupKey {
    /// The reference part.
    pub fn reference(&self) -> &str {
        &self.reference
    }

    /// The status code part (`00`, `01`…).
    pub fn status(&self) -> &str {
        &self.status
    }
}

impl fmt::Display for DedupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.reference, self.status)
    }
}

fn no_reference() -> ShapeError {
    ShapeError {
        path: "$".into(),
        reason: "no reference: none of originalReferenceNo, originalPartnerReferenceNo or \
                 partnerReferenceNo is present and not blank"
            .into(),
    }
}

fn no_status() -> ShapeError {
    ShapeError {
        path: "$".into(),
        reason: "no status: neither latestTransactionStatus nor transactionStatusDesc is present"
            .into(),
    }
}

/// A notification-endpoint body, read: its text, kept; the notification read from it (or why it
/// is not one); its JSON, parsed on first use.
#[derive(Clone)]
pub(crate) struct ReadBody {
    pub(super) text: Arc<str>,
    json: OnceLock<Value>,
    notification: Result<Notification, ShapeError>,
}

impl ReadBody {
    /// Reads a verified body in one pass, with the `BodyNotJson` error of `serde_json` when it
    /// is not JSON.
    pub(crate) fn read(body: &[u8], endpoint: Endpoint) -> Result<Self, CallbackError> {
        let Ok(text) = std::str::from_utf8(body) else {
            // JSON is UTF-8, so this fails and `serde_json` words the error.
            let json = parse_json(body, endpoint)?;
            return Ok(Self {
                text: String::from_utf8_lossy(body).into(),
                notification: Notification::read(&json),
                json: OnceLock::from(json),
            });
        };
        let text = Arc::<str>::from(text);
        let notification =
            Notification::read_body(&text).map_err(|error| fields::not_json(&error, endpoint))?;
        Ok(Self {
            text,
            json: OnceLock::new(),
            notification,
        })
    }

    pub(super) fn json(&self) -> &Value {
        self.json.get_or_init(|| parse_read(&self.text))
    }

    /// The notification, or the error of a body that is not one.
    pub(crate) fn notification(&self) -> Result<Notification, CallbackError> {
        self.notification
            .clone()
            .map_err(|error| error.into_error(Endpoint::Notify))
    }

    /// The notification, moved out.
    pub(crate) fn into_notification(self) -> Result<Notification, CallbackError> {
        self.notification
            .map_err(|error| error.into_error(Endpoint::Notify))
    }
}
