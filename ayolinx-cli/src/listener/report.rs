//! What `listen` prints of each exchange the router reports: one [`Event`] per request, its
//! JSON summary and its line for people. Never a secret: an issued token's answer is redacted.

use ayolinx_axum::{Exchange, Handling, Outcome};
use ayolinx_proto::callback::{Notification, VaPayment};
use serde_json::{Value, json};

use crate::commands::verify_callback::summary;

/// What happened with one request, for printing.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    /// Whether the request was genuine (verified), whatever became of it then.
    pub(crate) accepted: bool,
    /// Everything about it, as JSON (never a secret).
    pub(crate) summary: Value,
    /// One line for people.
    pub(crate) line: String,
}

/// The event of a refused request.
pub(crate) fn refused(reason: &str) -> Event {
    Event {
        accepted: false,
        summary: json!({"genuine": false, "reason": reason}),
        line: format!("refused: {reason}"),
    }
}

/// The event of one exchange, with its method, target and answer.
pub(crate) fn event(exchange: &Exchange<'_>) -> Event {
    let (mut event, secret_answer) = match exchange.outcome {
        Outcome::Refused { reason } => (refused(reason), false),
        Outcome::Notification {
            notification,
            timestamp,
            handling,
        } => (
            notification_event(notification, timestamp, *handling, exchange.delivery.note()),
            false,
        ),
        Outcome::VaPayment { payment, handling } => (va_payment_event(payment, *handling), false),
        Outcome::TokenIssued { expires_at } => (
            Event {
                accepted: true,
                summary: json!({
                    "genuine": true,
                    "kind": "snap_va_token",
                    "expiresAt": expires_at.to_string(),
                }),
                line: "SNAP VA access token issued".into(),
            },
            true,
        ),
        Outcome::Unavailable { reason } => (refused(&format!("unavailable: {reason}")), false),
        other => (refused(&format!("{other:?}")), false),
    };
    let answer = exchange.answer;
    let body = if secret_answer {
        "[REDACTED]".to_owned()
    } else {
        String::from_utf8_lossy(answer.body()).into_owned()
    };
    let delivery = exchange.delivery;
    with_request(
        &mut event,
        delivery.method(),
        delivery.target(),
        answer.status(),
        &body,
    );
    event
}

/// Adds the request and the answer to `event`: its summary's `method`, `path` and `answer`, and
/// its line `OK  POST /path <what> -> <status>`.
pub(crate) fn with_request(event: &mut Event, method: &str, target: &str, status: u16, body: &str) {
    if let Value::Object(fields) = &mut event.summary {
        fields.insert("method".into(), method.into());
        fields.insert("path".into(), target.into());
        fields.insert("answer".into(), json!({"status": status, "body": body}));
    }
    event.line = format!(
        "{} {method} {target} {} -> {status}",
        if event.accepted { "OK " } else { "BAD" },
        event.line,
    );
}

/// How a handling reads: its JSON name, and what the line adds (nothing for processed).
fn handling_names(handling: Handling) -> (&'static str, &'static str) {
    match handling {
        Handling::Processed => ("processed", ""),
        Handling::Replayed => (
            "duplicate",
            " (duplicate: acknowledged, not processed again)",
        ),
        Handling::InProgress => ("in_progress", " (being processed elsewhere: retry)"),
        Handling::Failed => ("failed", " (not processed: claim released, retry)"),
        Handling::LedgerUnavailable => ("store_unavailable", " (the store is unreachable: retry)"),
        _ => ("other", ""),
    }
}

fn notification_event(
    notification: &Notification,
    timestamp: &str,
    handling: Handling,
    note: Option<String>,
) -> Event {
    let (name, said) = handling_names(handling);
    let mut shown = summary(notification, timestamp);
    if let Value::Object(fields) = &mut shown {
        let merchant_reference = notification
            .original_partner_reference_no()
            .or(notification.partner_reference_no());
        fields.insert("partnerReferenceNo".into(), merchant_reference.into());
        fields.insert("handling".into(), name.into());
        // The forwarding handler's report, as it left it.
        if let Some(report) = note.and_then(|note| serde_json::from_str::<Value>(&note).ok()) {
            fields.insert("forwarded".into(), report);
        }
    }
    let line = format!(
        "{} {} status {}{}{said}",
        notification.kind().as_str(),
        notification.reference(),
        notification.status().code(),
        notification
            .amount()
            .map(|amount| format!(" {} {}", amount.currency, amount.value))
            .unwrap_or_default(),
    );
    Event {
        accepted: true,
        summary: shown,
        line,
    }
}

fn va_payment_event(payment: &VaPayment, handling: Handling) -> Event {
    let (name, said) = handling_names(handling);
    Event {
        accepted: true,
        summary: json!({
            "genuine": true,
            "kind": "snap_va_payment",
            "reference": payment.trx_id(),
            "partnerReferenceNo": payment.trx_id(),
            "virtualAccountNo": payment.virtual_account_no(),
            "paid": true,
            "amount": payment.paid_amount(),
            "dedupKey": payment.idempotency_key(),
            "handling": name,
            "notification": payment.json(),
        }),
        line: format!(
            "snap_va_payment {} {}{said}",
            payment.trx_id().unwrap_or("(no trxId)"),
            payment
                .paid_amount()
                .map(|amount| format!("{} {}", amount.currency, amount.value))
                .unwrap_or_default()
        ),
    }
}
