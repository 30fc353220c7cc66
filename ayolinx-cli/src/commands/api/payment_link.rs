//! `ayolinx payment-link create`.

use ayolinx_proto::api::payment_link::{LinkItem, PaymentLinkCreateRequest};
use ayolinx_proto::{Amount, Channel};
use clap::{Args, Subcommand};

use super::{ApiOptions, notification};
use crate::connect;
use crate::failure::Failure;
use crate::global::Global;

const EXAMPLES: &str = "\
Examples:
  ayolinx payment-link create --ref ORDER-6 --name \"Budi Santoso\" --email budi@example.com \\
      --phone 81234567890 --item \"Kopi Susu:18000.00:2\" --item \"Roti Bakar:12000.00:1\" \\
      --channel BNC_QRIS --channel EMONEY_DANA_SNAP

--item is NAME:PRICE:QTY (the name may itself contain ':'; price and quantity are the last two
parts). Without --channel every channel of your account is offered.";

/// Payment links: create.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct PaymentLink {
    #[command(subcommand)]
    what: PaymentLinkCommand,
    #[command(flatten)]
    api: ApiOptions,
}

#[derive(Debug, Subcommand)]
enum PaymentLinkCommand {
    /// Create a hosted payment page for a list of items.
    #[command(after_help = EXAMPLES)]
    Create(Create),
}

#[derive(Debug, Args)]
struct Create {
    /// Your reference (partnerReferenceNo).
    #[arg(long = "ref", value_name = "R")]
    reference: String,
    /// The customer's name.
    #[arg(long, value_name = "NAME")]
    name: String,
    /// The customer's email.
    #[arg(long, value_name = "EMAIL")]
    email: String,
    /// The customer's phone number (without the country code).
    #[arg(long, value_name = "P")]
    phone: String,
    /// The country calling code of --phone.
    #[arg(long, default_value = "+62", value_name = "CODE")]
    phone_country_code: String,
    /// An item, NAME:PRICE:QTY (repeat for more).
    #[arg(long = "item", value_parser = parse_item, value_name = "NAME:PRICE:QTY", required = true)]
    items: Vec<LinkItem>,
    /// A channel to offer (repeat for more).
    #[arg(long = "channel", value_name = "C")]
    channels: Vec<Channel>,
    /// Where Ayolinx sends the payment callback (urlParams NOTIFICATION).
    #[arg(long, value_name = "URL")]
    notify_url: Option<String>,
}

/// Parses `NAME:PRICE:QTY`, splitting from the right so that names may contain ':'.
fn parse_item(text: &str) -> Result<LinkItem, String> {
    let mut parts = text.rsplitn(3, ':');
    let (Some(qty), Some(price), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
        return Err("expected NAME:PRICE:QTY, e.g. \"Kopi Susu:18000.00:2\"".into());
    };
    if name.is_empty() {
        return Err("the item has no name".into());
    }
    let price = price
        .parse::<Amount>()
        .map_err(|error| format!("price {price:?}: {error}"))?;
    let qty = qty
        .parse::<u32>()
        .map_err(|_| format!("quantity {qty:?} is not a whole number"))?;
    Ok(LinkItem::new(name, price, qty))
}

/// Sends the call and prints the answer.
pub(crate) fn run(global: &Global, args: &PaymentLink) -> Result<(), Failure> {
    let client = connect::client(global, args.api.encoding.into())?;
    let PaymentLinkCommand::Create(create) = &args.what;
    let mut request = PaymentLinkCreateRequest::new(&create.reference)
        .customer_name(&create.name)
        .customer_email(&create.email)
        .customer_phone(&create.phone_country_code, &create.phone);
    for item in &create.items {
        request = request.item(item.clone());
    }
    for channel in &create.channels {
        request = request.payment_channel(channel.clone());
    }
    if let Some(param) = notification(create.notify_url.as_ref()) {
        request = request.url_param(param);
    }
    connect::call(global, &client, &request)
}
