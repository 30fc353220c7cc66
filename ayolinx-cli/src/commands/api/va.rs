//! `ayolinx va create|inquiry`.

use ayolinx_proto::Channel;
use ayolinx_proto::api::va::{VaCreateRequest, VaInquiryRequest, partner_service_id};
use clap::{Args, Subcommand};

use super::{ApiOptions, Order};
use crate::connect;
use crate::failure::Failure;
use crate::global::Global;

const EXAMPLES: &str = "\
Examples:
  ayolinx va create --ref INV-7 --amount 11500.00 --channel VIRTUAL_ACCOUNT_BNI --name \"Budi Santoso\"
  ayolinx va inquiry --ref INV-7 --channel VIRTUAL_ACCOUNT_BNI

--ref is your trxId. Without --partner-service-id the bank's sandbox prefix is used (BNI
98829172, CIMB 2056, Mandiri 87319, BRI 15574); without --customer-no a 12-digit one is made
from the current time. The VA number is the prefix followed by the customer number.";

/// Virtual accounts: create, inquiry.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct Va {
    #[command(subcommand)]
    what: VaCommand,
    #[command(flatten)]
    api: ApiOptions,
}

#[derive(Debug, Subcommand)]
enum VaCommand {
    /// Register a virtual account number for one payment.
    #[command(after_help = EXAMPLES)]
    Create(Create),
    /// Where a virtual account payment stands, by your trxId.
    #[command(after_help = EXAMPLES)]
    Inquiry(Inquiry),
}

#[derive(Debug, Args)]
struct Create {
    #[command(flatten)]
    order: Order,
    /// The bank channel, e.g. VIRTUAL_ACCOUNT_BNI.
    #[arg(long, value_name = "C")]
    channel: Channel,
    /// The name shown to the payer (virtualAccountName).
    #[arg(long, value_name = "NAME")]
    name: String,
    /// The bank prefix (partnerServiceId), sent as given.
    #[arg(long, value_name = "P")]
    partner_service_id: Option<String>,
    /// The customer number (customerNo).
    #[arg(long, value_name = "C")]
    customer_no: Option<String>,
}

#[derive(Debug, Args)]
struct Inquiry {
    /// Your reference (trxId).
    #[arg(long = "ref", value_name = "R")]
    reference: String,
    /// The bank channel.
    #[arg(long, value_name = "C")]
    channel: Channel,
}

/// The sandbox prefix of a bank channel.
pub(crate) fn sandbox_prefix(channel: &Channel) -> Option<&'static str> {
    match channel {
        Channel::VirtualAccountBni => Some(partner_service_id::BNI_SANDBOX),
        Channel::VirtualAccountCimb => Some(partner_service_id::CIMB_SANDBOX),
        Channel::VirtualAccountMandiri => Some(partner_service_id::MANDIRI_SANDBOX),
        Channel::VirtualAccountBri => Some(partner_service_id::BRI_SANDBOX),
        _ => None,
    }
}

/// A customer number: the last 12 digits of `unique` (the VA number is the bank prefix
/// followed by it).
pub(crate) fn customer_no(unique: u128) -> String {
    format!("{:012}", unique % 1_000_000_000_000)
}

/// Sends the call and prints the answer.
pub(crate) fn run(global: &Global, args: &Va) -> Result<(), Failure> {
    let client = connect::client(global, args.api.encoding.into())?;
    match &args.what {
        VaCommand::Create(create) => {
            let prefix = match (&create.partner_service_id, sandbox_prefix(&create.channel)) {
                (Some(given), _) => given.clone(),
                (None, Some(known)) => known.to_owned(),
                (None, None) => {
                    return Err(Failure::BadInput(format!(
                        "no known partnerServiceId for {}: pass --partner-service-id",
                        create.channel
                    )));
                }
            };
            let customer = match &create.customer_no {
                Some(given) => given.clone(),
                None => customer_no(crate::clock::unique_number()),
            };
            let request = VaCreateRequest::new(
                prefix,
                customer,
                &create.name,
                &create.order.reference,
                create.order.money(),
                create.channel.clone(),
            );
            connect::call(global, &client, &request)
        }
        VaCommand::Inquiry(inquiry) => {
            let request = VaInquiryRequest::new(&inquiry.reference, inquiry.channel.clone());
            connect::call(global, &client, &request)
        }
    }
}
