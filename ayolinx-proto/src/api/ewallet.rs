//! E-wallet direct debit (DANA): Get Payment Url (service 54) and Inquiry Status (55). Their
//! paths are `/direct-debit/core/v1/debit/…`, not `/v1.0/…`.
//!
//! ```
//! use ayolinx_proto::api::ewallet::{EwalletPaymentRequest, EwalletPaymentResponse};
//! use ayolinx_proto::api::common::UrlParam;
//! use ayolinx_proto::time::WireTime;
//! use ayolinx_proto::{Amount, Money, Timestamp};
//!
//! let request = EwalletPaymentRequest::new("ORD-2", Money::idr("30.00".parse::<Amount>()?))
//!     .valid_up_to(WireTime::epoch_seconds_text(Timestamp::from_unix(1_746_249_942)?))
//!     .url_param(UrlParam::pay_return("https://merchant.example/paid"));
//! assert_eq!(
//!     serde_json::to_string(&request)?,
//!     r#"{"partnerReferenceNo":"ORD-2","validUpTo":"1746249942","amount":{"currency":"IDR","value":"30.00"},"urlParams":[{"type":"PAY_RETURN","url":"https://merchant.example/paid"}],"additionalInfo":{"channel":"EMONEY_DANA_SNAP"}}"#,
//! );
//!
//! let answer: EwalletPaymentResponse = serde_json::from_str(
//!     r#"{"responseCode":"2005400","responseMessage":"Successful","webRedirectUrl":"https://m.dana.id/pay/1"}"#,
//! )?;
//! assert_eq!(answer.web_redirect_url.as_deref(), Some("https://m.dana.id/pay/1"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::api::common::{RequestInfo, ResponseInfo, TransactionStatusResponse, UrlParam};
use crate::api::operation::{
    OperationKind, Transactional, operation, query_request, reconciled_by, snap_response,
};
use crate::{Channel, Money, WireTime};

/// EWallet Get Payment Url, `POST /direct-debit/core/v1/debit/payment-host-to-host`: a page
/// where the customer pays with DANA.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EwalletPaymentRequest {
    /// `partnerReferenceNo`: the merchant's order id.
    pub partner_reference_no: String,
    /// `validUpTo`: production code sends epoch seconds as a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_up_to: Option<WireTime>,
    /// `amount`.
    pub amount: Money,
    /// `urlParams`: `PAY_RETURN` and `NOTIFICATION` URLs; omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub url_params: Vec<UrlParam>,
    /// `additionalInfo`: `channel` (`EMONEY_DANA_SNAP`).
    pub additional_info: RequestInfo,
}

impl EwalletPaymentRequest {
    /// A payment of `amount` on `EMONEY_DANA_SNAP`.
    pub fn new(partner_reference_no: impl Into<String>, amount: Money) -> Self {
        Self {
            partner_reference_no: partner_reference_no.into(),
            valid_up_to: None,
            amount,
            url_params: Vec::new(),
            additional_info: RequestInfo::new(Channel::EmoneyDanaSnap),
        }
    }

    /// Another e-wallet channel.
    pub fn channel(mut self, channel: Channel) -> Self {
        self.additional_info.channel = channel;
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
    /// The answer to [`EwalletPaymentRequest`] (`2005400` on success): where to send the customer.
    pub struct EwalletPaymentResponse {
        required {}
        optional {
            /// `webRedirectUrl`: the payment page.
            web_redirect_url: String,
            /// `referenceNo`: Ayolinx's reference (DANA/SNAP style; not documented).
            reference_no: String,
            /// `partnerReferenceNo`, echoed (not documented).
            partner_reference_no: String,
            /// `additionalInfo`.
            additional_info: ResponseInfo,
        }
    }
}

operation!(
    EwalletPaymentRequest => EwalletPaymentResponse,
    name: "ewallet.pay",
    path: "/direct-debit/core/v1/debit/payment-host-to-host",
    service: Some(54),
    kind: OperationKind::Create { queryable: true },
    reference: |this| Some(this.partner_reference_no.as_str()),
);
impl Transactional for EwalletPaymentRequest {}

reconciled_by!(EwalletPaymentRequest => EwalletStatusRequest, reference: partner_reference_no);

query_request! {
    /// EWallet Inquiry Status, `POST /direct-debit/core/v1/debit/status`.
    ///
    /// ```
    /// use ayolinx_proto::api::ewallet::EwalletStatusRequest;
    /// assert_eq!(
    ///     serde_json::to_string(&EwalletStatusRequest::new("fd3f5af0-af57-4513-95a8-77dfds3473"))?,
    ///     r#"{"originalPartnerReferenceNo":"fd3f5af0-af57-4513-95a8-77dfds3473","additionalInfo":{"channel":"EMONEY_DANA_SNAP"}}"#,
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    EwalletStatusRequest, default_channel: Channel::EmoneyDanaSnap
}

/// The answer to [`EwalletStatusRequest`] (not documented; read leniently).
pub type EwalletStatusResponse = TransactionStatusResponse;

operation!(
    EwalletStatusRequest => EwalletStatusResponse,
    name: "ewallet.status",
    path: "/direct-debit/core/v1/debit/status",
    service: Some(55),
    kind: OperationKind::Query,
    reference: |this| Some(this.original_partner_reference_no.as_str()),
);
impl Transactional for EwalletStatusRequest {}
