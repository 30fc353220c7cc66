//! `ayolinx retail create|query`.

use ayolinx_proto::api::retail::{RetailCreateRequest, RetailQueryRequest};
use ayolinx_proto::{Channel, Timestamp};
use clap::{Args, Subcommand};

use super::{ApiOptions, Order, notification, parse_timestamp, wire};
use crate::failure::Failure;
use crate::global::Global;
use crate::{clock, connect};

/// How long a retail payment code stays valid without --valid-until: one day.
const DEFAULT_VALIDITY_SECONDS: i64 = 24 * 3600;

const EXAMPLES: &str = "\
Examples:
  ayolinx retail create --ref ORDER-5 --amount 30000.00 --channel RETAIL_ALFAMIDI \\
      --name \"Siti Rahma\" --email siti@example.com --phone 081234567890
  ayolinx retail query --ref ORDER-5 --channel RETAIL_ALFAMIDI

validUpTo defaults to 24 hours from now; --valid-until sets it.";

/// Convenience-store payments: create, query.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct Retail {
    #[command(subcommand)]
    what: RetailCommand,
    #[command(flatten)]
    api: ApiOptions,
}

#[derive(Debug, Subcommand)]
enum RetailCommand {
    /// Create a payment code to pay at the store.
    #[command(after_help = EXAMPLES)]
    Create(Create),
    /// Where a retail payment stands, by your reference.
    #[command(after_help = EXAMPLES)]
    Query(Query),
}

#[derive(Debug, Args)]
struct Create {
    #[command(flatten)]
    order: Order,
    /// The store channel, e.g. RETAIL_ALFAMIDI.
    #[arg(long, value_name = "C")]
    channel: Channel,
    /// The customer's name.
    #[arg(long, value_name = "NAME")]
    name: String,
    /// The customer's email.
    #[arg(long, value_name = "EMAIL")]
    email: String,
    /// The customer's phone.
    #[arg(long, value_name = "P")]
    phone: Option<String>,
    /// Where Ayolinx sends the payment callback (urlParams NOTIFICATION).
    #[arg(long, value_name = "URL")]
    notify_url: Option<String>,
    /// When the code expires (validUpTo; default: in 24 hours).
    #[arg(long, value_parser = parse_timestamp, value_name = "TS")]
    valid_until: Option<Timestamp>,
}

#[derive(Debug, Args)]
struct Query {
    /// Your reference (partnerReferenceNo).
    #[arg(long = "ref", value_name = "R")]
    reference: String,
    /// The store channel.
    #[arg(long, value_name = "C")]
    channel: Channel,
}

/// Sends the call and prints the answer.
pub(crate) fn run(global: &Global, args: &Retail) -> Result<(), Failure> {
    let client = connect::client(global, args.api.encoding.into())?;
    match &args.what {
        RetailCommand::Create(create) => {
            let valid_until = match create.valid_until {
                Some(until) => until,
                None => clock::now()?
                    .add_seconds(DEFAULT_VALIDITY_SECONDS)
                    .map_err(|error| Failure::BadInput(error.to_string()))?,
            };
            let mut request = RetailCreateRequest::new(
                &create.order.reference,
                wire(valid_until),
                &create.name,
                &create.email,
                create.order.money(),
                create.channel.clone(),
            );
            if let Some(phone) = &create.phone {
                request = request.customer_phone(phone);
            }
            if let Some(param) = notification(create.notify_url.as_ref()) {
                request = request.url_param(param);
            }
            connect::call(global, &client, &request)
        }
        RetailCommand::Query(query) => {
            let request = RetailQueryRequest::new(&query.reference, query.channel.clone());
            connect::call(global, &client, &request)
        }
    }
}
