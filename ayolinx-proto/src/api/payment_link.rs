//! Payment links (`/v1.0/payment-link/create`): one page where the customer picks any listed
//! channel. There is no query call; payments are reported by the channel's callbacks with
//! `additionalInfo.plh` set to the link id.
//!
//! ```
//! use ayolinx_proto::api::payment_link::{LinkItem, PaymentLinkCreateRequest, PaymentLinkCreateResponse};
//! use ayolinx_proto::{Amount, Channel};
//!
//! let request = PaymentLinkCreateRequest::new("932281121132128")
//!     .customer_name("test")
//!     .item(LinkItem::new("test", Amount::from_rupiah(20_000)?, 1))
//!     .payment_channel(Channel::BncQris);
//! assert_eq!(
//!     serde_json::to_string(&request)?,
//!     r#"{"partnerReferenceNo":"932281121132128","customerName":"test","listItem":[{"name":"test","price":"20000.00","qty":"1"}],"listPaymentChannel":["BNC_QRIS"]}"#,
//! );
//!
//! let answer: PaymentLinkCreateResponse = serde_json::from_str(
//!     r#"{"responseCode":"2000100","responseMessage":"Successful","paymentLink":"https://payment-new-production.ayolinx.id/4DrzTTeCn9Z","partnerReferenceNo":"4DrzTTeCn9Z","expiryDate":"2025-08-22T11:30:00+07:00"}"#,
//! )?;
//! assert_eq!(answer.payment_link, "https://payment-new-production.ayolinx.id/4DrzTTeCn9Z");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::api::common::UrlParam;
use crate::api::operation::{OperationKind, Transactional, operation, snap_response};
use crate::{Amount, Channel, WireTime};

/// Create payment link, `POST /v1.0/payment-link/create`.
///
/// The documented example has no amount: the total is the sum of the items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PaymentLinkCreateRequest {
    /// `partnerReferenceNo`: the merchant's order id.
    pub partner_reference_no: String,
    /// `customerName`; omitted when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    /// `customerEmail`; omitted when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_email: Option<String>,
    /// `customerPhoneNumber`; omitted when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_phone_number: Option<String>,
    /// `customerPhoneNumberCountryCode`, e.g. `+62`; omitted when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_phone_number_country_code: Option<String>,
    /// `listItem`; omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub list_item: Vec<LinkItem>,
    /// `listPaymentChannel`: the channels offered; omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub list_payment_channel: Vec<Channel>,
    /// `description`; omitted when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `expiryTime`; omitted when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_time: Option<WireTime>,
    /// `urlParams`; omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub url_params: Vec<UrlParam>,
}

impl PaymentLinkCreateRequest {
    /// A link for an order; add items, channels and customer details with the setters.
    pub fn new(partner_reference_no: impl Into<String>) -> Self {
        Self {
            partner_reference_no: partner_reference_no.into(),
            customer_name: None,
            customer_email: None,
            customer_phone_number: None,
            customer_phone_number_country_code: None,
            list_item: Vec::new(),
            list_payment_channel: Vec::new(),
            description: None,
            expiry_time: None,
            url_params: Vec::new(),
        }
    }

    /// `customerName`.
    pub fn customer_name(mut self, name: impl Into<String>) -> Self {
        self.customer_name = Some(name.into());
        self
    }

    /// `customerEmail`.
    pub fn customer_email(mut self, email: impl Into<String>) -> Self {
        self.customer_email = Some(email.into());
        self
    }

    /// `customerPhoneNumber` and `customerPhoneNumberCountryCode` (e.g. `"+62"`).
    pub fn customer_phone(
        mut self,
        country_code: impl Into<String>,
        number: impl Into<String>,
    ) -> Self {
        self.customer_phone_number_country_code = Some(country_code.into());
        self.customer_phone_number = Some(number.into());
        self
    }

    /// Appends a `listItem` entry.
    pub fn item(mut self, item: LinkItem) -> Self {
        self.list_item.push(item);
        self
    }

    /// Appends a `listPaymentChannel` entry.
    pub fn payment_channel(mut self, channel: Channel) -> Self {
        self.list_payment_channel.push(channel);
        self
    }

    /// `description` (the documented example sends `""`).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// `expiryTime`.
    pub fn expiry_time(mut self, expiry_time: WireTime) -> Self {
        self.expiry_time = Some(expiry_time);
        self
    }

    /// Appends a `urlParams` entry.
    pub fn url_param(mut self, param: UrlParam) -> Self {
        self.url_params.push(param);
        self
    }
}

/// One `listItem` entry: `{"name":"test","price":"20000.00","qty":"1"}` (all strings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LinkItem {
    /// `name`.
    pub name: String,
    /// `price` of one unit.
    pub price: Amount,
    /// `qty`, a decimal string.
    pub qty: String,
}

impl LinkItem {
    /// An item of `qty` units at `price` each.
    pub fn new(name: impl Into<String>, price: Amount, qty: u32) -> Self {
        Self {
            name: name.into(),
            price,
            qty: qty.to_string(),
        }
    }
}

snap_response! {
    /// The answer to [`PaymentLinkCreateRequest`] (`2000100` on success).
    ///
    /// Kept as sent: `partnerReferenceNo` here is the link id, not the merchant's reference, and
    /// the documented `expiryDate` is 7 hours before the requested `expiryTime`.
    pub struct PaymentLinkCreateResponse {
        required {
            /// `paymentLink`: the page to send the customer to.
            payment_link: String,
        }
        optional {
            /// `partnerReferenceNo`: the link id.
            partner_reference_no: String,
            /// `expiryDate`, epoch or ISO-8601.
            expiry_date: WireTime,
        }
    }
}

operation!(
    PaymentLinkCreateRequest => PaymentLinkCreateResponse,
    name: "payment_link.create",
    path: "/v1.0/payment-link/create",
    service: Some(1),
    kind: OperationKind::Create { queryable: false },
    reference: |this| Some(this.partner_reference_no.as_str()),
);
impl Transactional for PaymentLinkCreateRequest {}
