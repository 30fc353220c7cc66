//! Dynamic QRIS (merchant-presented mode): generate a QR (service 47), query it (51), cancel an
//! unpaid one (77). Cancel is not a refund; Ayolinx documents no refund call.
//!
//! ```
//! use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisGenerateResponse};
//! use ayolinx_proto::api::common::UrlParam;
//! use ayolinx_proto::time::WireTime;
//! use ayolinx_proto::{Amount, Money, Timestamp};
//!
//! let request = QrisGenerateRequest::new("ORD-1", Money::idr(Amount::from_rupiah(15_000)?))
//!     .url_param(UrlParam::notification("https://merchant.example/cb"))
//!     .valid_up_to(WireTime::iso(Timestamp::from_unix(1_726_121_400)?));
//! assert_eq!(
//!     serde_json::to_string(&request)?,
//!     r#"{"partnerReferenceNo":"ORD-1","amount":{"currency":"IDR","value":"15000.00"},"additionalInfo":{"channel":"BNC_QRIS"},"urlParams":[{"type":"NOTIFICATION","url":"https://merchant.example/cb"}],"validUpTo":"2024-09-12T13:10:00+07:00"}"#,
//! );
//!
//! let answer: QrisGenerateResponse = serde_json::from_str(
//!     r#"{"responseCode":"2004700","responseMessage":"Successful","qrContent":"00020101021226…","partnerReferenceNo":"ORD-1","expiredDate":"1726121400"}"#,
//! )?;
//! assert_eq!(answer.expired_date.and_then(|t| t.unix_seconds()), Some(1_726_121_400));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::api::Operation;
use crate::api::common::{RequestInfo, ResponseInfo, TransactionStatusResponse, UrlParam};
use crate::api::operation::{
    OperationKind, Transactional, operation, query_request, reconciled_by, snap_response,
};
use crate::qris::Payload;
use crate::{ApiError, Channel, Money, WireTime};

/// Generate Qris, `POST /v1.0/qr/qr-mpm-generate`: a dynamic QR for one payment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QrisGenerateRequest {
    /// `partnerReferenceNo`: the merchant's order id, the key of later queries.
    pub partner_reference_no: String,
    /// `amount`.
    pub amount: Money,
    /// `additionalInfo`: `channel` (`BNC_QRIS`) and optionally `subMerchantId`.
    pub additional_info: RequestInfo,
    /// `urlParams`: per-transaction callback URLs; omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub url_params: Vec<UrlParam>,
    /// `validUpTo`: when the QR expires (ISO-8601 worked in the sandbox).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_up_to: Option<WireTime>,
}

impl QrisGenerateRequest {
    /// A QR for `amount` on channel `BNC_QRIS`.
    pub fn new(partner_reference_no: impl Into<String>, amount: Money) -> Self {
        Self {
            partner_reference_no: partner_reference_no.into(),
            amount,
            additional_info: RequestInfo::new(Channel::BncQris),
            url_params: Vec::new(),
            valid_up_to: None,
        }
    }

    /// Another channel than `BNC_QRIS`.
    pub fn channel(mut self, channel: Channel) -> Self {
        self.additional_info.channel = channel;
        self
    }

    /// `additionalInfo.subMerchantId`: the merchant's QRIS MID, where one is assigned.
    pub fn sub_merchant_id(mut self, sub_merchant_id: impl Into<String>) -> Self {
        self.additional_info = self
            .additional_info
            .with("subMerchantId", sub_merchant_id.into());
        self
    }

    /// Appends a `urlParams` entry.
    pub fn url_param(mut self, param: UrlParam) -> Self {
        self.url_params.push(param);
        self
    }

    /// `validUpTo`.
    pub fn valid_up_to(mut self, valid_up_to: WireTime) -> Self {
        self.valid_up_to = Some(valid_up_to);
        self
    }
}

snap_response! {
    /// The answer to [`QrisGenerateRequest`]: the QR string to render.
    pub struct QrisGenerateResponse {
        required {
            /// `qrContent`: the EMV QRIS payload to render as a QR code.
            qr_content: String,
        }
        optional {
            /// `partnerReferenceNo`, echoed.
            partner_reference_no: String,
            /// `expiredDate`: documented as epoch seconds; ISO-8601 is read too.
            expired_date: WireTime,
            /// `referenceNo`: Ayolinx's reference (read by some clients, not documented).
            reference_no: String,
            /// `qrUrl` (read by some clients, not documented).
            qr_url: String,
            /// `additionalInfo`.
            additional_info: ResponseInfo,
        }
    }
}

operation!(
    QrisGenerateRequest => QrisGenerateResponse,
    name: "qris.generate",
    path: "/v1.0/qr/qr-mpm-generate",
    service: Some(47),
    kind: OperationKind::Create { queryable: true },
    reference: |this| Some(this.partner_reference_no.as_str()),
    check: |request, answer| request.check_qr(answer),
);
impl Transactional for QrisGenerateRequest {}

impl QrisGenerateRequest {
    /// The generate answer's check: its `qrContent` is a well-formed QRIS payload with a right
    /// CRC, dynamic, in IDR and Indonesia, for exactly the amount asked
    /// ([`Payload::check_payment`]).
    fn check_qr(&self, answer: &QrisGenerateResponse) -> Result<(), ApiError> {
        Payload::parse(&answer.qr_content)
            .and_then(|payload| payload.check_payment(&self.amount))
            .map_err(|error| ApiError::InvalidQr {
                operation: <Self as Operation>::NAME,
                error,
            })
    }
}

reconciled_by!(QrisGenerateRequest => QrisQueryRequest, reference: partner_reference_no);

query_request! {
    /// Query Qris, `POST /v1.0/qr/qr-mpm-query`: where a QR payment stands.
    ///
    /// ```
    /// use ayolinx_proto::api::qris::QrisQueryRequest;
    /// assert_eq!(
    ///     serde_json::to_string(&QrisQueryRequest::new("ORD-1"))?,
    ///     r#"{"originalPartnerReferenceNo":"ORD-1","additionalInfo":{"channel":"BNC_QRIS"}}"#,
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    QrisQueryRequest, default_channel: Channel::BncQris
}

/// The answer to [`QrisQueryRequest`].
pub type QrisQueryResponse = TransactionStatusResponse;

operation!(
    QrisQueryRequest => QrisQueryResponse,
    name: "qris.query",
    path: "/v1.0/qr/qr-mpm-query",
    service: Some(51),
    kind: OperationKind::Query,
    reference: |this| Some(this.original_partner_reference_no.as_str()),
);
impl Transactional for QrisQueryRequest {}

/// Cancel Qris, `POST /v1.0/qr/qr-mpm-cancel`: voids an unpaid QR.
///
/// ```
/// use ayolinx_proto::api::qris::QrisCancelRequest;
/// let request = QrisCancelRequest::new("ORD-1").reason("customer left");
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"originalPartnerReferenceNo":"ORD-1","additionalInfo":{"channel":"BNC_QRIS"},"reason":"customer left"}"#,
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QrisCancelRequest {
    /// `originalPartnerReferenceNo`: the QR's `partnerReferenceNo`.
    pub original_partner_reference_no: String,
    /// `additionalInfo`: the channel.
    pub additional_info: RequestInfo,
    /// `reason`; omitted when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl QrisCancelRequest {
    /// Cancels the QR of a reference on `BNC_QRIS`.
    pub fn new(original_partner_reference_no: impl Into<String>) -> Self {
        Self {
            original_partner_reference_no: original_partner_reference_no.into(),
            additional_info: RequestInfo::new(Channel::BncQris),
            reason: None,
        }
    }

    /// Another channel than `BNC_QRIS`.
    pub fn channel(mut self, channel: Channel) -> Self {
        self.additional_info.channel = channel;
        self
    }

    /// `reason`.
    pub fn reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }
}

snap_response! {
    /// The answer to [`QrisCancelRequest`] (`2007700` on success).
    pub struct QrisCancelResponse {
        required {}
        optional {
            /// `originalReferenceNo`: Ayolinx's reference.
            original_reference_no: String,
            /// `additionalInfo`, with `traceId`.
            additional_info: ResponseInfo,
            /// `originalPartnerReferenceNo`, echoed.
            original_partner_reference_no: String,
        }
    }
}

operation!(
    QrisCancelRequest => QrisCancelResponse,
    name: "qris.cancel",
    path: "/v1.0/qr/qr-mpm-cancel",
    service: Some(77),
    kind: OperationKind::Cancel,
    reference: |this| Some(this.original_partner_reference_no.as_str()),
);
impl Transactional for QrisCancelRequest {}
