//! `ayolinx ewallet pay|status`.

use ayolinx_proto::Channel;
use ayolinx_proto::api::common::UrlParam;
use ayolinx_proto::api::ewallet::{EwalletPaymentRequest, EwalletStatusRequest};
use clap::{Args, Subcommand};

use super::{ApiOptions, Order, notification};
use crate::connect;
use crate::failure::Failure;
use crate::global::Global;

const EXAMPLES: &str = "\
Examples:
  ayolinx ewallet pay --ref ORDER-2 --amount 25000.00 --return-url https://shop.example/done
  ayolinx ewallet status --ref ORDER-2";

/// E-wallet (DANA): payment URL, status.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct Ewallet {
    #[command(subcommand)]
    what: EwalletCommand,
    #[command(flatten)]
    api: ApiOptions,
}

#[derive(Debug, Subcommand)]
enum EwalletCommand {
    /// Create a payment and get the page to send the customer to (webRedirectUrl).
    #[command(after_help = EXAMPLES)]
    Pay(Pay),
    /// The status of a payment, by your reference.
    #[command(after_help = EXAMPLES)]
    Status(Status),
}

#[derive(Debug, Args)]
struct Pay {
    #[command(flatten)]
    order: Order,
    /// The channel.
    #[arg(long, default_value = "EMONEY_DANA_SNAP", value_name = "C")]
    channel: Channel,
    /// Where the customer returns after paying (urlParams PAY_RETURN).
    #[arg(long, value_name = "URL")]
    return_url: String,
    /// Where Ayolinx sends the payment callback (urlParams NOTIFICATION).
    #[arg(long, value_name = "URL")]
    notify_url: Option<String>,
}

#[derive(Debug, Args)]
struct Status {
    /// Your reference (partnerReferenceNo).
    #[arg(long = "ref", value_name = "R")]
    reference: String,
    /// The channel.
    #[arg(long, default_value = "EMONEY_DANA_SNAP", value_name = "C")]
    channel: Channel,
}

/// Sends the call and prints the answer.
pub(crate) fn run(global: &Global, args: &Ewallet) -> Result<(), Failure> {
    let client = connect::client(global, args.api.encoding.into())?;
    match &args.what {
        EwalletCommand::Pay(pay) => {
            let mut request = EwalletPaymentRequest::new(&pay.order.reference, pay.order.money())
                .channel(pay.channel.clone())
                .url_param(UrlParam::pay_return(&pay.return_url));
            if let Some(param) = notification(pay.notify_url.as_ref()) {
                request = request.url_param(param);
            }
            connect::call(global, &client, &request)
        }
        EwalletCommand::Status(status) => {
            let request =
                EwalletStatusRequest::with_channel(&status.reference, status.channel.clone());
            connect::call(global, &client, &request)
        }
    }
}
