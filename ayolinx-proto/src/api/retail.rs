//! Convenience-store (retail) payments: create a pay code (`/v1.0/retail/create`) and query it
//! (`/v1.0/retail/query`). Retail has no SNAP service code, and its documented success code is
//! the short `"00"`.
//!
//! ```
//! use ayolinx_proto::api::retail::{RetailCreateRequest, RetailCreateResponse};
//! use ayolinx_proto::time::WireTime;
//! use ayolinx_proto::{Amount, Channel, Money, Timestamp};
//!
//! let request = RetailCreateRequest::new(
//!     "ORD-4",
//!     WireTime::iso(Timestamp::from_unix(1_726_207_200)?),
//!     "Budi",
//!     "budi@example.com",
//!     Money::idr(Amount::from_rupiah(50_000)?),
//!     Channel::RetailAlfamidi,
//! );
//! assert_eq!(
//!     serde_json::to_string(&request)?,
//!     r#"{"partnerReferenceNo":"ORD-4","validUpTo":"2024-09-13T13:00:00+07:00","customerName":"Budi","customerEmail":"budi@example.com","amount":{"currency":"IDR","value":"50000.00"},"additionalInfo":{"channel":"RETAIL_ALFAMIDI"}}"#,
//! );
//!
//! let answer: RetailCreateResponse = serde_json::from_str(
//!     r#"{"responseCode":"00","responseMessage":"Successful","partnerReferenceNo":"ORD-4","expiryDate":"2024-09-13T13:00:00+07:00","vaNumber":"8888123","paymentUrl":"https://pay.example/8888123"}"#,
//! )?;
//! assert!(answer.response_code.is_success());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::api::common::{RequestInfo, TransactionStatusResponse, UrlParam};
use crate::api::operation::{
    OperationKind, Transactional, operation, query_request, reconciled_by, snap_response,
};
use crate::{Channel, Money, WireTime};

/// Create retail transaction, `POST /v1.0/retail/create`: a pay code for a store counter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RetailCreateRequest {
    /// `partnerReferenceNo`: the merchant's order id.
    pub partner_reference_no: String,
    /// `validUpTo` (its format is not documented: epoch seconds or ISO-8601).
    pub valid_up_to: WireTime,
    /// `customerName`.
    pub customer_name: String,
    /// `customerEmail`.
    pub customer_email: String,
    /// `customerPhone`; omitted when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_phone: Option<String>,
    /// `amount`.
    pub amount: Money,
    /// `urlParams`; omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub url_params: Vec<UrlParam>,
    /// `additionalInfo`: the store channel.
    pub additional_info: RequestInfo,
}

impl RetailCreateRequest {
    /// A pay code with every required field.
    pub fn new(
        partner_reference_no: impl Into<String>,
        valid_up_to: WireTime,
        customer_name: impl Into<String>,
        customer_email: impl Into<String>,
        amount: Money,
        channel: Channel,
    ) -> Self {
        Self {
            partner_reference_no: partner_reference_no.into(),
            valid_up_to,
            customer_name: customer_name.into(),
            customer_email: customer_email.into(),
            customer_phone: None,
            amount,
            url_params: Vec::new(),
            additional_info: RequestInfo::new(channel),
        }
    }

    /// `customerPhone`.
    pub fn customer_phone(mut self, phone: impl Into<String>) -> Self {
        self.customer_phone = Some(phone.into());
        self
    }

    /// Appends a `urlParams` entry.
    pub fn url_param(mut self, param: UrlParam) -> Self {
        self.url_params.push(param);
        self
    }
}

snap_response! {
    /// The answer to [`RetailCreateRequest`] (`"00"` on success in the documented example).
    pub struct RetailCreateResponse {
        required {}
        optional {
            /// `partnerReferenceNo`, echoed.
            partner_reference_no: String,
            /// `expiryDate`, epoch or ISO-8601.
            expiry_date: WireTime,
            /// `vaNumber`: the pay code shown at the counter.
            va_number: String,
            /// `paymentUrl`: a page with the payment instructions.
            payment_url: String,
        }
    }
}

operation!(
    RetailCreateRequest => RetailCreateResponse,
    name: "retail.create",
    path: "/v1.0/retail/create",
    service: None,
    kind: OperationKind::Create { queryable: true },
    reference: |this| Some(this.partner_reference_no.as_str()),
);
impl Transactional for RetailCreateRequest {}

reconciled_by!(RetailCreateRequest => RetailQueryRequest, reference: partner_reference_no);

query_request! {
    /// retail query, `POST /v1.0/retail/query`.
    ///
    /// ```
    /// use ayolinx_proto::api::retail::RetailQueryRequest;
    /// use ayolinx_proto::Channel;
    /// assert_eq!(
    ///     serde_json::to_string(&RetailQueryRequest::new("ORD-4", Channel::RetailAlfamart))?,
    ///     r#"{"originalPartnerReferenceNo":"ORD-4","additionalInfo":{"channel":"RETAIL_ALFAMART"}}"#,
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    RetailQueryRequest, channel_required
}

/// The answer to [`RetailQueryRequest`] (not documented; read leniently).
pub type RetailQueryResponse = TransactionStatusResponse;

operation!(
    RetailQueryRequest => RetailQueryResponse,
    name: "retail.query",
    path: "/v1.0/retail/query",
    service: None,
    kind: OperationKind::Query,
    reference: |this| Some(this.original_partner_reference_no.as_str()),
);
impl Transactional for RetailQueryRequest {}
