//! `ayolinx qris create|query|cancel|decode`.

use ayolinx_proto::api::qris::{QrisCancelRequest, QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::{Channel, Timestamp};
use clap::{Args, Subcommand};

use super::{ApiOptions, Order, notification, parse_timestamp, wire};
use crate::commands::qris_decode::{self, Decode};
use crate::connect;
use crate::failure::Failure;
use crate::global::Global;

const EXAMPLES: &str = "\
Examples:
  ayolinx qris create --ref ORDER-1 --amount 15000.00 --notify-url https://shop.example/cb
  ayolinx qris query --ref ORDER-1 --json
  ayolinx qris cancel --ref ORDER-1 --reason \"customer left\"
  ayolinx qris decode '00020101021253033605405150005802ID6304B376'";

/// Dynamic QRIS: create, query, cancel.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct Qris {
    #[command(subcommand)]
    what: QrisCommand,
    #[command(flatten)]
    api: ApiOptions,
}

#[derive(Debug, Subcommand)]
enum QrisCommand {
    /// Generate a QRIS for an amount (prints qrContent).
    #[command(after_help = EXAMPLES)]
    Create(Create),
    /// Query a QRIS by your reference.
    #[command(after_help = EXAMPLES)]
    Query(Reference),
    /// Cancel an unpaid QRIS.
    #[command(after_help = EXAMPLES)]
    Cancel(Cancel),
    /// Decode a QRIS payload offline: its fields, its structure and CRC checked.
    Decode(Decode),
}

#[derive(Debug, Args)]
struct Create {
    #[command(flatten)]
    order: Order,
    /// The channel.
    #[arg(long, default_value = "BNC_QRIS", value_name = "C")]
    channel: Channel,
    /// Where Ayolinx sends the payment callback (urlParams NOTIFICATION).
    #[arg(long, value_name = "URL")]
    notify_url: Option<String>,
    /// When the QR expires (validUpTo), e.g. 2024-09-12T13:55:00+07:00.
    #[arg(long, value_parser = parse_timestamp, value_name = "TS")]
    valid_until: Option<Timestamp>,
}

#[derive(Debug, Args)]
struct Reference {
    /// Your reference (partnerReferenceNo).
    #[arg(long = "ref", value_name = "R")]
    reference: String,
    /// The channel.
    #[arg(long, default_value = "BNC_QRIS", value_name = "C")]
    channel: Channel,
}

#[derive(Debug, Args)]
struct Cancel {
    #[command(flatten)]
    reference: Reference,
    /// Why.
    #[arg(long, value_name = "TEXT")]
    reason: Option<String>,
}

/// Sends the call and prints the answer.
pub(crate) fn run(global: &Global, args: &Qris) -> Result<(), Failure> {
    match &args.what {
        QrisCommand::Decode(decode) => qris_decode::run(global, decode),
        QrisCommand::Create(create) => {
            let client = connect::client(global, args.api.encoding.into())?;
            let mut request =
                QrisGenerateRequest::new(&create.order.reference, create.order.money())
                    .channel(create.channel.clone());
            if let Some(param) = notification(create.notify_url.as_ref()) {
                request = request.url_param(param);
            }
            if let Some(until) = create.valid_until {
                request = request.valid_up_to(wire(until));
            }
            connect::call(global, &client, &request)
        }
        QrisCommand::Query(query) => {
            let client = connect::client(global, args.api.encoding.into())?;
            let request = QrisQueryRequest::with_channel(&query.reference, query.channel.clone());
            connect::call(global, &client, &request)
        }
        QrisCommand::Cancel(cancel) => {
            let client = connect::client(global, args.api.encoding.into())?;
            let mut request = QrisCancelRequest::new(&cancel.reference.reference)
                .channel(cancel.reference.channel.clone());
            if let Some(reason) = &cancel.reason {
                request = request.reason(reason);
            }
            connect::call(global, &client, &request)
        }
    }
}
