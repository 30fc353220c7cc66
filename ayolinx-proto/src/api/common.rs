//! Message pieces shared by several operations: `urlParams`, `additionalInfo`, and the lenient
//! readers of response fields.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::api::operation::{QueryResponse, snap_response};
use crate::{Channel, Money, TransactionStatus, WireTime};

/// One `urlParams` entry: `{"type":"NOTIFICATION","url":"https://…"}`.
///
/// ```
/// use ayolinx_proto::api::common::UrlParam;
/// let param = UrlParam::notification("https://merchant.example/ayolinx/callback");
/// assert_eq!(
///     serde_json::to_string(&param)?,
///     r#"{"type":"NOTIFICATION","url":"https://merchant.example/ayolinx/callback"}"#,
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UrlParam {
    /// What the URL is for.
    #[serde(rename = "type")]
    pub kind: UrlParamType,
    /// The URL, sent as given.
    pub url: String,
}

impl UrlParam {
    /// An entry of any type.
    pub fn new(kind: UrlParamType, url: impl Into<String>) -> Self {
        Self {
            kind,
            url: url.into(),
        }
    }

    /// The per-transaction callback URL (`NOTIFICATION`).
    pub fn notification(url: impl Into<String>) -> Self {
        Self::new(UrlParamType::Notification, url)
    }

    /// Where the customer returns after paying (`PAY_RETURN`, e-wallet).
    pub fn pay_return(url: impl Into<String>) -> Self {
        Self::new(UrlParamType::PayReturn, url)
    }
}

/// The `type` of a [`UrlParam`]. Unknown types are kept in [`UrlParamType::Other`].
///
/// ```
/// use ayolinx_proto::api::common::UrlParamType;
/// assert_eq!(UrlParamType::from("PAY_RETURN"), UrlParamType::PayReturn);
/// assert_eq!(UrlParamType::from("CANCEL").as_str(), "CANCEL");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UrlParamType {
    /// `NOTIFICATION`: Ayolinx calls this URL with the payment result.
    Notification,
    /// `PAY_RETURN`: the customer is sent back here after paying.
    PayReturn,
    /// Any other type, as given.
    Other(String),
}

impl UrlParamType {
    /// The type as written on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Notification => "NOTIFICATION",
            Self::PayReturn => "PAY_RETURN",
            Self::Other(other) => other,
        }
    }
}

impl From<&str> for UrlParamType {
    fn from(text: &str) -> Self {
        match text {
            "NOTIFICATION" => Self::Notification,
            "PAY_RETURN" => Self::PayReturn,
            other => Self::Other(other.to_owned()),
        }
    }
}

impl fmt::Display for UrlParamType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for UrlParamType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for UrlParamType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ok(Self::from(text.as_ref()))
    }
}

/// The `additionalInfo` object of a request: the `channel`, then any extra keys in the order
/// they were added (for example QRIS `subMerchantId`).
///
/// ```
/// use ayolinx_proto::api::common::RequestInfo;
/// use ayolinx_proto::Channel;
/// let info = RequestInfo::new(Channel::BncQris).with("subMerchantId", "ID1234");
/// assert_eq!(
///     serde_json::to_string(&info)?,
///     r#"{"channel":"BNC_QRIS","subMerchantId":"ID1234"}"#,
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RequestInfo {
    /// The payment channel.
    pub channel: Channel,
    /// Further keys, sent after `channel` in insertion order.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl RequestInfo {
    /// `{"channel": …}` alone.
    pub fn new(channel: Channel) -> Self {
        Self {
            channel,
            extra: Map::new(),
        }
    }

    /// Adds (or replaces) an extra key. A `channel` key is ignored: set the field instead.
    pub fn with(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        let key = key.into();
        if key != "channel" {
            self.extra.insert(key, value.into());
        }
        self
    }
}

/// The `additionalInfo` object of a response: the documented keys, every other key kept.
///
/// `rRN` is also read from `RRN` (real callbacks use upper case); it is written back as `rRN`.
///
/// ```
/// use ayolinx_proto::api::common::ResponseInfo;
/// let info: ResponseInfo = serde_json::from_str(r#"{"channel":"BNC_QRIS","RRN":"123","paymentNtb":"9"}"#)?;
/// assert_eq!(info.rrn.as_deref(), Some("123"));
/// assert_eq!(info.extra["paymentNtb"], "9");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResponseInfo {
    /// `channel`, when echoed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// `traceId` (QRIS cancel).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
    /// `rRN` or `RRN`: the retrieval reference number of a QRIS payment.
    #[serde(
        default,
        rename = "rRN",
        alias = "RRN",
        skip_serializing_if = "Option::is_none"
    )]
    pub rrn: Option<String>,
    /// Every other key, as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Reads `responseMessage` leniently: a string, or `null`, which becomes empty.
pub(crate) fn lenient_message<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
}

snap_response! {
    /// The answer to a status query (QRIS query, e-wallet status, VA inquiry, retail query).
    ///
    /// Only the QRIS query's fields are documented (by a client that called it); the others'
    /// answers were never published, so every field is optional and anything else is kept in
    /// `extra`. Unknown status codes parse into [`TransactionStatus::Unknown`].
    ///
    /// ```
    /// use ayolinx_proto::api::common::TransactionStatusResponse;
    /// use ayolinx_proto::TransactionStatus;
    /// let answer: TransactionStatusResponse = serde_json::from_str(
    ///     r#"{"responseCode":"2005100","responseMessage":"Successful","originalPartnerReferenceNo":"ORD-1","latestTransactionStatus":"00","finishedTime":"2024-09-12T12:57:00+07:00"}"#,
    /// )?;
    /// assert_eq!(answer.latest_transaction_status, Some(TransactionStatus::Success));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct TransactionStatusResponse {
        required {}
        optional {
            /// `originalReferenceNo`: Ayolinx's reference.
            original_reference_no: String,
            /// `originalPartnerReferenceNo`: the merchant's reference.
            original_partner_reference_no: String,
            /// `latestTransactionStatus`: `00` success … `07` not found.
            latest_transaction_status: TransactionStatus,
            /// `transactionStatusDesc`, e.g. `SUCCESS`.
            transaction_status_desc: String,
            /// `amount`.
            amount: Money,
            /// `finishedTime`: ISO-8601 with an offset when sent.
            finished_time: WireTime,
            /// `additionalInfo`.
            additional_info: ResponseInfo,
        }
    }
}

impl QueryResponse for TransactionStatusResponse {
    fn latest_transaction_status(&self) -> Option<&TransactionStatus> {
        self.latest_transaction_status.as_ref()
    }
}
