//! The HTML checkout page e-wallet, retail and payment-link URLs point at: the transaction, and
//! a "Pay" button (a form POST) that pays it.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::control::pay_error;
use crate::clock;
use crate::model::{Transaction, TransactionState};
use crate::state::Shared;

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/sandbox/checkout/{reference}", get(page))
        .route("/sandbox/checkout/{reference}/pay", post(pay))
}

/// A path segment with everything but unreserved characters percent-encoded.
pub(crate) fn encode_segment(text: &str) -> String {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

/// Text made safe for HTML.
fn escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".to_owned(),
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '"' => "&quot;".to_owned(),
            '\'' => "&#39;".to_owned(),
            other => other.to_string(),
        })
        .collect()
}

fn html(status: StatusCode, title: &str, content: &str) -> Response {
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} - Ayolinx sandbox</title>\
         <style>body{{font-family:sans-serif;max-width:32em;margin:3em auto}}button{{font-size:1.2em;padding:.4em 2em}}</style>\
         </head><body><h1>{title}</h1>{content}<p><small>Ayolinx sandbox: no real money moves.</small></p></body></html>\n",
        title = escape(title)
    );
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

fn find(shared: &Shared, reference: &str) -> Option<Transaction> {
    let now = clock::now().ok()?;
    shared
        .lock()
        .record(reference, &now)
        .map(|record| record.transaction.clone())
}

fn details(transaction: &Transaction) -> String {
    let mut rows = vec![
        ("Order", transaction.partner_reference_no.clone()),
        (
            "Amount",
            format!(
                "{} {}",
                transaction.amount.currency, transaction.amount.value
            ),
        ),
        ("Channel", transaction.channel.clone()),
        ("Status", transaction.status.to_string()),
    ];
    if let Some(code) = &transaction.va_number {
        rows.push(("Pay code", code.clone()));
    }
    if let Some(expires) = &transaction.expires_at {
        rows.push(("Expires", expires.clone()));
    }
    let rows: String = rows
        .iter()
        .map(|(name, value)| format!("<tr><th>{name}</th><td>{}</td></tr>", escape(value)))
        .collect();
    format!("<table>{rows}</table>")
}

async fn page(State(shared): State<Arc<Shared>>, Path(reference): Path<String>) -> Response {
    let Some(transaction) = find(&shared, &reference) else {
        return html(
            StatusCode::NOT_FOUND,
            "Unknown order",
            "<p>No such transaction.</p>",
        );
    };
    let mut content = details(&transaction);
    if transaction.status == TransactionState::Created {
        content.push_str(&format!(
            "<form method=\"post\" action=\"/sandbox/checkout/{}/pay\"><button type=\"submit\">Pay</button></form>",
            encode_segment(&transaction.partner_reference_no)
        ));
    } else if let Some(url) = transaction
        .pay_return_url
        .as_ref()
        .filter(|_| transaction.status == TransactionState::Paid)
    {
        content.push_str(&format!(
            "<p><a href=\"{}\">Return to the merchant</a></p>",
            escape(url)
        ));
    }
    html(StatusCode::OK, "Checkout", &content)
}

async fn pay(State(shared): State<Arc<Shared>>, Path(reference): Path<String>) -> Response {
    match shared.pay(&reference) {
        Ok(transaction) => {
            let location = format!(
                "/sandbox/checkout/{}",
                encode_segment(&transaction.partner_reference_no)
            );
            (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
        }
        Err(error) => {
            let (status, message) = pay_error(&error);
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            html(
                status,
                "Payment refused",
                &format!("<p>{}</p>", escape(&message)),
            )
        }
    }
}
