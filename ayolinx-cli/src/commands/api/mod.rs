//! The Ayolinx operations, one module per product, each sent with `ayolinx-ureq` and printed
//! with [`crate::response::show`].

pub(crate) mod ewallet;
pub(crate) mod payment_link;
pub(crate) mod qris;
pub(crate) mod retail;
pub(crate) mod token;
pub(crate) mod va;

use ayolinx_proto::api::common::UrlParam;
use ayolinx_proto::{Amount, Money, Timestamp, WireTime};
use clap::Args;

use crate::encoding::Encoding;

/// The options of every API command but `token`, before or after its subcommand.
#[derive(Debug, Args)]
pub(crate) struct ApiOptions {
    /// How request bodies are encoded (and hashed): php = PHP json_encode, what Ayolinx hashes
    /// (`/` as `\/`, non-ASCII as \uXXXX); compact = plain compact JSON with raw UTF-8.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t,
        value_name = "ENCODING"
    )]
    pub(crate) encoding: Encoding,
}

/// What every create names: the merchant's reference and the amount.
#[derive(Debug, Args)]
pub(crate) struct Order {
    /// Your reference: partnerReferenceNo (for a virtual account, trxId).
    #[arg(long = "ref", value_name = "R")]
    pub(crate) reference: String,
    /// The amount, e.g. 15000.00.
    #[arg(long, value_parser = parse_amount, value_name = "A")]
    pub(crate) amount: Amount,
}

impl Order {
    /// The amount in rupiah.
    pub(crate) fn money(&self) -> Money {
        Money::idr(self.amount)
    }
}

/// Parses an amount as written on the wire: `15000.00`, `15000`.
pub(crate) fn parse_amount(text: &str) -> Result<Amount, String> {
    text.parse::<Amount>()
        .map_err(|error| format!("{error} (write amounts like 15000.00)"))
}

/// Parses an ISO-8601 timestamp with offset: `2024-09-12T12:55:00+07:00`.
pub(crate) fn parse_timestamp(text: &str) -> Result<Timestamp, String> {
    Timestamp::parse(text).map_err(|error| error.to_string())
}

/// The wire form of a timestamp (ISO-8601 text).
pub(crate) fn wire(timestamp: Timestamp) -> WireTime {
    WireTime::iso(timestamp)
}

/// The `NOTIFICATION` URL parameter, if any.
pub(crate) fn notification(url: Option<&String>) -> Option<UrlParam> {
    url.map(UrlParam::notification)
}
