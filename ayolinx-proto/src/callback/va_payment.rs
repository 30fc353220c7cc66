//! [`VaPayment`]: the body of the SNAP VA payment call (scheme D).

use serde_json::{Map, Value};

use super::additional_info::{self, AdditionalInfo};
use super::endpoint::Endpoint;
use super::error::CallbackError;
use super::fields::{self, Fields, ShapeError, Source, Text};
use super::reader::{self, Shape};
use crate::Money;

const KNOWN: &[&str] = &[
    "partnerServiceId",
    "customerNo",
    "virtualAccountNo",
    "virtualAccountName",
    "trxId",
    "paymentRequestId",
    "paidAmount",
    "virtualAccountTrxType",
    "additionalInfo",
];

/// A VA payment's object: its keys, and `additionalInfo` read field by field.
static SHAPE: Shape = Shape {
    known: KNOWN,
    nested: &[
        ("additionalInfo", &additional_info::SHAPE),
        ("paidAmount", &reader::MONEY),
    ],
};

/// The body of Ayolinx's SNAP `POST /v1.0/transfer-va/payment` to the merchant: a customer paid
/// a virtual account.
///
/// Kept whole ([`json`](VaPayment::json), which `Serialize` writes back and the `2002500`
/// answer echoes: every field, in its order, strings as sent, numbers as JSON number values, as
/// for [`Notification`](super::Notification)), with typed readers. `partnerServiceId` is kept as
/// given, leading spaces included (SNAP pads it to 8 characters). Required: `trxId` or
/// `paymentRequestId`; strict when present: the identifiers (strings) and `paidAmount` (money).
///
/// ```
/// use ayolinx_proto::callback::VaPayment;
///
/// let payment = VaPayment::from_json_bytes(br#"{"partnerServiceId":"    2056","customerNo":"12345678","virtualAccountNo":"    205612345678","virtualAccountName":"Jokul Doe","trxId":"INV-1","paymentRequestId":"PR-9","paidAmount":{"value":"11500.00","currency":"IDR"},"virtualAccountTrxType":"C","additionalInfo":{"channel":"VIRTUAL_ACCOUNT_CIMB"}}"#)?;
/// assert_eq!(payment.partner_service_id(), Some("    2056"));
/// assert_eq!(payment.idempotency_key(), "PR-9");
/// assert_eq!(payment.paid_amount().map(|m| m.value.to_string()), Some("11500.00".into()));
/// # Ok::<(), ayolinx_proto::callback::CallbackError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct VaPayment {
    json: Map<String, Value>,
    partner_service_id: Option<String>,
    customer_no: Option<String>,
    virtual_account_no: Option<String>,
    virtual_account_name: Option<String>,
    trx_id: Option<String>,
    payment_request_id: Option<String>,
    paid_amount: Option<Money>,
    virtual_account_trx_type: Option<String>,
    additional_info: AdditionalInfo,
    extra: Map<String, Value>,
}

impl VaPayment {
    /// Reads a VA payment from a JSON value.
    ///
    /// ```
    /// use ayolinx_proto::callback::{CallbackErrorKind, VaPayment};
    /// let error = VaPayment::from_json(&serde_json::json!({"trxId": 42})).unwrap_err();
    /// assert!(matches!(error.kind(), CallbackErrorKind::WrongShape { path, .. } if path == "$.trxId"));
    /// ```
    pub fn from_json(value: &Value) -> Result<Self, CallbackError> {
        Self::read(value).map_err(|error| error.into_error(Endpoint::VaPayment))
    }

    /// Reads a VA payment from raw body bytes (after the request has been verified).
    pub fn from_json_bytes(body: &[u8]) -> Result<Self, CallbackError> {
        Self::from_json(&fields::parse_json(body, Endpoint::VaPayment)?)
    }

    fn read(value: &Value) -> Result<Self, ShapeError> {
        let (object, map) = fields::read_json(value, &SHAPE)?;
        let fields = Fields {
            object: &object,
            path: "$",
            source: Source::Json(map),
        };
        let trx_id = fields.strict::<String>("trxId")?;
        let payment_request_id = fields.strict::<String>("paymentRequestId")?;
        // A blank reference names no payment: keyed on it, every such payment would share one
        // idempotency key, and all but the first would be taken for repeats.
        if fields::first_named([trx_id.as_deref(), payment_request_id.as_deref()]).is_none() {
            return Err(ShapeError {
                path: "$".into(),
                reason: "no reference: neither trxId nor paymentRequestId is present and not \
                         blank"
                    .into(),
            });
        }
        let text = |key| {
            fields
                .text(key)
                .map(|text: Text| text.resolve("").to_owned())
        };
        Ok(Self {
            partner_service_id: fields.strict("partnerServiceId")?,
            customer_no: fields.strict("customerNo")?,
            virtual_account_no: fields.strict("virtualAccountNo")?,
            virtual_account_name: text("virtualAccountName"),
            paid_amount: fields.money("paidAmount")?,
            virtual_account_trx_type: text("virtualAccountTrxType"),
            additional_info: fields
                .object("additionalInfo")
                .map(|(object, source)| AdditionalInfo::read_object(object, source))
                .unwrap_or_default(),
            extra: fields::extra_fields(map, KNOWN),
            json: map.clone(),
            trx_id,
            payment_request_id,
        })
    }

    /// The body: every field, in its order, strings as sent, numbers as JSON number values.
    pub fn json(&self) -> &Map<String, Value> {
        &self.json
    }

    /// The top-level fields this crate does not model, in their order.
    pub fn extra(&self) -> &Map<String, Value> {
        &self.extra
    }

    /// The key to make the handler idempotent on: `paymentRequestId`, else `trxId`; one that is
    /// empty or only whitespace is passed over (a payment with no other does not read).
    ///
    /// ```
    /// use ayolinx_proto::callback::VaPayment;
    /// let payment = VaPayment::from_json_bytes(br#"{"trxId": "INV-1", "paymentRequestId": " "}"#).unwrap();
    /// assert_eq!(payment.idempotency_key(), "INV-1");
    /// ```
    pub fn idempotency_key(&self) -> &str {
        fields::first_named([self.payment_request_id.as_deref(), self.trx_id.as_deref()])
            .unwrap_or_default()
    }

    /// `partnerServiceId`, exactly as sent (spaces included).
    pub fn partner_service_id(&self) -> Option<&str> {
        self.partner_service_id.as_deref()
    }

    /// `customerNo`.
    pub fn customer_no(&self) -> Option<&str> {
        self.customer_no.as_deref()
    }

    /// `virtualAccountNo`, exactly as sent.
    pub fn virtual_account_no(&self) -> Option<&str> {
        self.virtual_account_no.as_deref()
    }

    /// `virtualAccountName`.
    pub fn virtual_account_name(&self) -> Option<&str> {
        self.virtual_account_name.as_deref()
    }

    /// `trxId`: the merchant's transaction id given when the VA was created.
    pub fn trx_id(&self) -> Option<&str> {
        self.trx_id.as_deref()
    }

    /// `paymentRequestId`: the id of this payment request.
    pub fn payment_request_id(&self) -> Option<&str> {
        self.payment_request_id.as_deref()
    }

    /// `paidAmount`: the amount paid.
    pub fn paid_amount(&self) -> Option<&Money> {
        self.paid_amount.as_ref()
    }

    /// `virtualAccountTrxType` (`C` closed amount, `O` open…).
    pub fn virtual_account_trx_type(&self) -> Option<&str> {
        self.virtual_account_trx_type.as_deref()
    }

    /// `additionalInfo` (empty when absent), e.g. `paymentTimeIso8601`, `paymentNtb`.
    pub fn additional_info(&self) -> &AdditionalInfo {
        &self.additional_info
    }
}

impl serde::Serialize for VaPayment {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(serializer)
    }
}
