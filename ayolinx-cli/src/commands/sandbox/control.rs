//! `ayolinx sandbox pay|fail|cancel|expire --ref R`: the bad days, played on a running sandbox
//! through its control API.

use std::time::Duration;

use ayolinx_proto::{Amount, Currency, Money};
use ayolinx_sandbox::Settlement;
use clap::{Args, Subcommand};
use serde_json::Value;

use crate::commands::api::parse_amount;
use crate::failure::Failure;
use crate::global::Global;
use crate::output;

/// How long one control call may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// A control call on a running sandbox (`--base-url` names it).
#[derive(Debug, Subcommand)]
pub(crate) enum Control {
    /// Pay a created transaction: its success callback (00). With --amount, an underpayment;
    /// with --after-close, a success after expiry, cancel or failure.
    Pay(PayArgs),
    /// Fail a created or paid transaction: its 06 (FAILED) callback.
    Fail(Delivery),
    /// Cancel a created or paid transaction: its 05 (CANCELED) callback.
    Cancel(Delivery),
    /// Expire a created transaction now: its 06 (EXPIRED) callback.
    Expire(Delivery),
}

/// The transaction, and how its callbacks are delivered.
#[derive(Debug, Args)]
pub(crate) struct Delivery {
    /// The transaction: its partnerReferenceNo (for a virtual account, trxId).
    #[arg(long = "ref", value_name = "R")]
    reference: String,
    /// Deliver each callback N times (2: a duplicate; 1 to 10).
    #[arg(long, default_value_t = 1, value_name = "N")]
    times: u32,
    /// Hold the callbacks back this many milliseconds (a late callback).
    #[arg(long, default_value_t = 0, value_name = "MS")]
    delay_ms: u64,
    /// Also deliver the earlier step (03, PENDING) after this callback (out of order).
    #[arg(long)]
    out_of_order: bool,
}

/// A payment, and what its success callback claims.
#[derive(Debug, Args)]
pub(crate) struct PayArgs {
    #[command(flatten)]
    delivery: Delivery,
    /// The amount the success callback claims instead of the transaction's (an underpayment
    /// when smaller), e.g. 1.00.
    #[arg(long, value_parser = parse_amount, value_name = "A")]
    amount: Option<Amount>,
    /// The currency of --amount (default IDR).
    #[arg(long, requires = "amount", value_name = "C")]
    currency: Option<Currency>,
    /// Pay although the transaction expired, was cancelled or failed (a success after close).
    #[arg(long)]
    after_close: bool,
}

impl Control {
    /// The transaction named, and the settlement asked for.
    fn settlement(&self) -> (&str, Settlement) {
        let (delivery, settlement) = match self {
            Self::Pay(pay) => {
                let mut settlement = Settlement::pay();
                if let Some(value) = pay.amount {
                    let currency = pay.currency.clone().unwrap_or_default();
                    settlement = settlement.amount(Money { currency, value });
                }
                if pay.after_close {
                    settlement = settlement.after_close();
                }
                (&pay.delivery, settlement)
            }
            Self::Fail(delivery) => (delivery, Settlement::fail()),
            Self::Cancel(delivery) => (delivery, Settlement::cancel()),
            Self::Expire(delivery) => (delivery, Settlement::expire()),
        };
        let mut settlement = settlement
            .times(delivery.times)
            .delay(Duration::from_millis(delivery.delay_ms));
        if delivery.out_of_order {
            settlement = settlement.out_of_order();
        }
        (&delivery.reference, settlement)
    }
}

/// Plays the settlement on the sandbox at `--base-url`; prints the transaction it answers.
pub(crate) fn run(global: &Global, control: &Control) -> Result<(), Failure> {
    let base_url = global.base_url.as_deref().ok_or_else(|| {
        Failure::BadInput(
            "--base-url (or AYOLINX_BASE_URL) must name the running sandbox, as its start-up line prints it"
                .to_owned(),
        )
    })?;
    let (reference, settlement) = control.settlement();
    settlement.check().map_err(Failure::BadInput)?;
    let (status, body) = post(
        base_url,
        &settlement.control_path(reference),
        &settlement.to_json().to_string(),
    )?;
    let answer: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    if !(200..300).contains(&status) {
        let reason = answer
            .get("error")
            .and_then(Value::as_str)
            .unwrap_or(body.as_str());
        return Err(Failure::Business {
            message: format!(
                "the sandbox refused to {}: {reason} (HTTP {status})",
                settlement.transition
            ),
            response_code: None,
        });
    }
    if global.json {
        output::print_line(&answer)
    } else {
        output::print_pretty(&answer)
    }
}

/// POSTs `body` to the sandbox's control `path`; the HTTP status and the answer's text.
pub(crate) fn post(base_url: &str, path: &str, body: &str) -> Result<(u16, String), Failure> {
    let url = format!("{}{path}", base_url.trim_end_matches('/'));
    let cannot = |error: ureq::Error| Failure::Transport(format!("POST {url}: {error}"));
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(CALL_TIMEOUT))
        .build()
        .new_agent();
    let mut answer = agent
        .post(&url)
        .header("Content-Type", "application/json")
        .send(body)
        .map_err(cannot)?;
    let status = answer.status().as_u16();
    let text = answer.body_mut().read_to_string().map_err(cannot)?;
    Ok((status, text))
}
