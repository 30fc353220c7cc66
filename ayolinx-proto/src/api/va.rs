//! Virtual accounts: Create VA (service 27) and Inquiry Va (30).
//!
//! `partnerServiceId` is sent exactly as given. The SNAP rule pads it with spaces on the left to
//! 8 characters, while Ayolinx production code sends it unpadded; [`pad_partner_service_id`]
//! does the padding when you choose it. The bank prefixes hard-coded by known clients are in
//! [`partner_service_id`].
//!
//! ```
//! use ayolinx_proto::api::va::{partner_service_id, VaCreateRequest, VaCreateResponse};
//! use ayolinx_proto::{Amount, Channel, Money};
//!
//! let request = VaCreateRequest::new(
//!     partner_service_id::BNI_SANDBOX,
//!     "98829172123456789",
//!     "Budi",
//!     "ORD-3",
//!     Money::idr(Amount::from_rupiah(11_500)?),
//!     Channel::VirtualAccountBni,
//! );
//! assert_eq!(
//!     serde_json::to_string(&request)?,
//!     r#"{"partnerServiceId":"98829172","customerNo":"98829172123456789","virtualAccountName":"Budi","trxId":"ORD-3","virtualAccountTrxType":"C","totalAmount":{"currency":"IDR","value":"11500.00"},"additionalInfo":{"channel":"VIRTUAL_ACCOUNT_BNI"}}"#,
//! );
//!
//! let answer: VaCreateResponse = serde_json::from_str(
//!     r#"{"responseCode":"2002700","responseMessage":"Success","virtualAccountData":{"virtualAccountNo":"98829172123456789"}}"#,
//! )?;
//! let data = answer.virtual_account_data.unwrap_or_default();
//! assert_eq!(data.virtual_account_no.as_deref(), Some("98829172123456789"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::api::common::{RequestInfo, ResponseInfo, TransactionStatusResponse};
use crate::api::operation::{
    OperationKind, Transactional, operation, query_request, reconciled_by, snap_response,
};
use crate::{Channel, Money, WireTime};

/// The bank prefixes (`partnerServiceId`) hard-coded by known Ayolinx clients, unpadded. Ayolinx's
/// own page on them was not recoverable, so check them against your merchant portal.
pub mod partner_service_id {
    /// BNI, sandbox (also DOKU's BNI sandbox value).
    pub const BNI_SANDBOX: &str = "98829172";
    /// BNI, production.
    pub const BNI_PRODUCTION: &str = "98828222";
    /// CIMB Niaga, sandbox.
    pub const CIMB_SANDBOX: &str = "2056";
    /// CIMB Niaga, production.
    pub const CIMB_PRODUCTION: &str = "2056";
    /// Mandiri, sandbox.
    pub const MANDIRI_SANDBOX: &str = "87319";
    /// Mandiri, production.
    pub const MANDIRI_PRODUCTION: &str = "87319";
    /// BRI, sandbox, as one client has it; another uses [`BRI_SANDBOX_ALTERNATIVE`].
    pub const BRI_SANDBOX: &str = "15574";
    /// BRI, sandbox, as a second client has it (the sources conflict).
    pub const BRI_SANDBOX_ALTERNATIVE: &str = "15573";
    /// BRI, production.
    pub const BRI_PRODUCTION: &str = "15574";
}

/// The SNAP length of a `partnerServiceId`.
pub const PARTNER_SERVICE_ID_LEN: usize = 8;

/// Left-pads a `partnerServiceId` with spaces to 8 characters, the SNAP form (`"    2056"`).
/// Longer values are returned unchanged.
///
/// ```
/// use ayolinx_proto::api::va::pad_partner_service_id;
/// assert_eq!(pad_partner_service_id("2056"), "    2056");
/// assert_eq!(pad_partner_service_id("98829172"), "98829172");
/// ```
pub fn pad_partner_service_id(partner_service_id: &str) -> String {
    format!(
        "{partner_service_id:>width$}",
        width = PARTNER_SERVICE_ID_LEN
    )
}

/// Create VA, `POST /v1.0/transfer-va/create-va`: registers a virtual account number for one
/// payment.
///
/// Documented sources send `totalAmount.value` as a number; this SDK sends the exact decimal
/// string, like every other amount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VaCreateRequest {
    /// `partnerServiceId`: the bank prefix, as given (see [`pad_partner_service_id`]).
    pub partner_service_id: String,
    /// `customerNo`.
    pub customer_no: String,
    /// `virtualAccountNo`; omitted when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_account_no: Option<String>,
    /// `virtualAccountName`: the customer's name, shown by the bank.
    pub virtual_account_name: String,
    /// `virtualAccountEmail`; omitted when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_account_email: Option<String>,
    /// `virtualAccountPhone`; omitted when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_account_phone: Option<String>,
    /// `trxId`: the merchant's order id, the key of [`VaInquiryRequest`].
    pub trx_id: String,
    /// `virtualAccountTrxType`: `C` (closed amount) by default.
    pub virtual_account_trx_type: String,
    /// `totalAmount`.
    pub total_amount: Money,
    /// `expiredDate`; omitted when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired_date: Option<WireTime>,
    /// `additionalInfo`: the bank channel.
    pub additional_info: RequestInfo,
}

impl VaCreateRequest {
    /// A closed-amount (`C`) virtual account.
    pub fn new(
        partner_service_id: impl Into<String>,
        customer_no: impl Into<String>,
        virtual_account_name: impl Into<String>,
        trx_id: impl Into<String>,
        total_amount: Money,
        channel: Channel,
    ) -> Self {
        Self {
            partner_service_id: partner_service_id.into(),
            customer_no: customer_no.into(),
            virtual_account_no: None,
            virtual_account_name: virtual_account_name.into(),
            virtual_account_email: None,
            virtual_account_phone: None,
            trx_id: trx_id.into(),
            virtual_account_trx_type: "C".to_owned(),
            total_amount,
            expired_date: None,
            additional_info: RequestInfo::new(channel),
        }
    }

    /// `virtualAccountNo`.
    pub fn virtual_account_no(mut self, virtual_account_no: impl Into<String>) -> Self {
        self.virtual_account_no = Some(virtual_account_no.into());
        self
    }

    /// `virtualAccountEmail`.
    pub fn virtual_account_email(mut self, email: impl Into<String>) -> Self {
        self.virtual_account_email = Some(email.into());
        self
    }

    /// `virtualAccountPhone`.
    pub fn virtual_account_phone(mut self, phone: impl Into<String>) -> Self {
        self.virtual_account_phone = Some(phone.into());
        self
    }

    /// `virtualAccountTrxType` (SNAP: `C` closed, `O` open, `I` partial, …).
    pub fn virtual_account_trx_type(mut self, trx_type: impl Into<String>) -> Self {
        self.virtual_account_trx_type = trx_type.into();
        self
    }

    /// `expiredDate`.
    pub fn expired_date(mut self, expired_date: WireTime) -> Self {
        self.expired_date = Some(expired_date);
        self
    }
}

/// `virtualAccountData` of a VA answer: what the bank will show. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VirtualAccountData {
    /// `partnerServiceId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_service_id: Option<String>,
    /// `customerNo`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_no: Option<String>,
    /// `virtualAccountNo`: the number the customer pays to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_account_no: Option<String>,
    /// `virtualAccountName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_account_name: Option<String>,
    /// `trxId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trx_id: Option<String>,
    /// `totalAmount`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_amount: Option<Money>,
    /// `expiredDate`, epoch or ISO-8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired_date: Option<WireTime>,
    /// `additionalInfo`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_info: Option<ResponseInfo>,
    /// Every other key, as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

snap_response! {
    /// The answer to [`VaCreateRequest`] (`2002700` on success).
    pub struct VaCreateResponse {
        required {}
        optional {
            /// `virtualAccountData`.
            virtual_account_data: VirtualAccountData,
        }
    }
}

operation!(
    VaCreateRequest => VaCreateResponse,
    name: "va.create",
    path: "/v1.0/transfer-va/create-va",
    service: Some(27),
    kind: OperationKind::Create { queryable: true },
    reference: |this| Some(this.trx_id.as_str()),
);
impl Transactional for VaCreateRequest {}

reconciled_by!(VaCreateRequest => VaInquiryRequest, reference: trx_id);

query_request! {
    /// Inquiry Va, `POST /v1.0/transfer-va/inquiry-va`. The reference is the VA's `trxId`.
    ///
    /// ```
    /// use ayolinx_proto::api::va::VaInquiryRequest;
    /// use ayolinx_proto::Channel;
    /// assert_eq!(
    ///     serde_json::to_string(&VaInquiryRequest::new("ORD-3", Channel::VirtualAccountBni))?,
    ///     r#"{"originalPartnerReferenceNo":"ORD-3","additionalInfo":{"channel":"VIRTUAL_ACCOUNT_BNI"}}"#,
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    VaInquiryRequest, channel_required
}

/// The answer to [`VaInquiryRequest`] (not documented; read leniently, `virtualAccountData`
/// lands in `extra`).
pub type VaInquiryResponse = TransactionStatusResponse;

operation!(
    VaInquiryRequest => VaInquiryResponse,
    name: "va.inquiry",
    path: "/v1.0/transfer-va/inquiry-va",
    service: Some(30),
    kind: OperationKind::Query,
    reference: |this| Some(this.original_partner_reference_no.as_str()),
);
impl Transactional for VaInquiryRequest {}
