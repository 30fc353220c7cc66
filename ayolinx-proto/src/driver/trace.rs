//! The spans every client emits (with the `tracing` feature), so that both report the same:
//! `ayolinx.call` (operation, outcome, response code) and, inside it, `ayolinx.attempt`
//! (operation, attempt, HTTP status or transport failure), with events for the decisions (a retry
//! and its delay, a token refresh). Never a secret, a token, a header or a body: only these
//! fields are recorded.

use std::time::Duration;

use crate::HttpResponse;
use crate::driver::error::{Error, TransportError};
use tracing::field::Empty;
use tracing::{Span, debug, debug_span, info_span};

/// The span of a whole call.
pub fn call(operation: &'static str) -> Span {
    info_span!(
        "ayolinx.call",
        operation,
        outcome = Empty,
        response_code = Empty
    )
}

/// The span of one attempt.
pub fn attempt(operation: &'static str, attempt: u32) -> Span {
    debug_span!(
        "ayolinx.attempt",
        operation,
        attempt,
        http_status = Empty,
        failure = Empty
    )
}

/// What came back to an attempt.
pub fn answered(span: &Span, answer: &Result<HttpResponse, TransportError>) {
    match answer {
        Ok(response) => span.record("http_status", response.status),
        Err(failure) => span.record("failure", tracing::field::debug(failure.kind)),
    };
}

/// The driver decided to wait before the next attempt.
pub fn retry(delay: Duration) {
    let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
    debug!(
        decision = "retry",
        delay_ms, "waiting before the next attempt"
    );
}

/// The driver dropped a refused token.
pub fn refresh() {
    debug!(
        decision = "refresh_token",
        "the token was refused: fetching a new one"
    );
}

/// How the call ended.
pub fn outcome<T>(span: &Span, outcome: &Result<T, Error>) {
    match outcome {
        Ok(_) => span.record("outcome", "ok"),
        Err(error) => {
            if let Some(code) = error.api_error().and_then(|api| api.response_code()) {
                span.record("response_code", code.as_str());
            }
            span.record("outcome", error.kind())
        }
    };
}
