//! What Ayolinx checks before it looks at a request's body: scheme A on the token request,
//! and the bearer token, headers and scheme B signature on every other request.

use axum::http::HeaderMap;
use ayolinx_proto::Timestamp;
use ayolinx_proto::body::{self, BodyEncoding};
use ayolinx_proto::callback::InboundRequest;
use ayolinx_proto::code::SnapCase;
use ayolinx_proto::gateway::RequestVerifier;

use super::operation::Op;
use super::reply::{Refusal, Reply};
use crate::clock;
use crate::state::Shared;

/// The request headers as the core's plain pairs (values that are not text are left out, so
/// they count as missing).
fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .filter_map(|(name, value)| {
            value
                .to_str()
                .ok()
                .map(|value| (name.as_str().to_owned(), value.to_owned()))
        })
        .collect()
}

/// Scheme A: verifies the token request with the merchant's public key and the client key,
/// then issues and remembers a token.
pub(crate) fn issue_token(
    shared: &Shared,
    headers: &HeaderMap,
    body: &[u8],
    now: Timestamp,
) -> Result<Reply, Refusal> {
    let pairs = header_pairs(headers);
    let request = InboundRequest::new("POST", Op::Token.path(), &pairs, body);
    let endpoint = &shared.token_endpoint;
    let verified = endpoint
        .verify(&request, now)
        .map_err(|error| Refusal::new(error.snap_case(), error.kind().to_string()))?;
    let issued = endpoint
        .issue(&verified, clock::random()?, now)
        .map_err(|error| Refusal::new(SnapCase::InternalServerError, error.to_string()))?;
    shared
        .lock()
        .add_token(issued.lookup_key(), issued.record(), &now);
    let answer = issued.acknowledgement();
    Ok(Reply {
        status: answer.status,
        body: answer.body,
    })
}

/// Everything Ayolinx checks on a request signed with scheme B, in its order: the core's
/// [`RequestVerifier`] (the token, the mandatory headers, the partner id, the timestamp window,
/// the external id's format, the HMAC-SHA512 signature over the raw body bytes), then, if
/// configured, the signature over PHP's re-encoding, and finally the external id's uniqueness
/// for the day.
pub(crate) fn check_request(
    shared: &Shared,
    op: Op,
    headers: &HeaderMap,
    body: &[u8],
    now: Timestamp,
) -> Result<(), Refusal> {
    let config = &shared.config;
    let pairs = header_pairs(headers);
    let request = InboundRequest::new("POST", op.path(), &pairs, body);
    let verified = RequestVerifier::new(config.client_key.clone(), config.client_secret.clone())
        .window_seconds(config.timestamp_window_seconds)
        .verify(&request, now, |lookup_key| {
            shared.lock().token(lookup_key).cloned()
        })
        .map_err(|error| Refusal::new(error.snap_case(), error.to_string()))?;
    if config.require_php_body_encoding {
        check_php_encoding(body)?;
    }
    if !shared.lock().use_external_id(verified.external_id(), &now) {
        return Err(Refusal::new(
            SnapCase::Conflict,
            "Cannot use same X-EXTERNAL-ID in same day",
        ));
    }
    Ok(())
}

/// A PHP server decodes the body and hashes `json_encode` of it: the bytes must survive that.
fn check_php_encoding(body: &[u8]) -> Result<(), Refusal> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|error| {
        Refusal::new(
            SnapCase::BadRequest,
            format!("the body is not JSON: {error}"),
        )
    })?;
    let reencoded = body::encode(&value, BodyEncoding::PhpJson)
        .map_err(|error| Refusal::new(SnapCase::BadRequest, error.to_string()))?;
    if reencoded != body {
        return Err(Refusal::new(
            SnapCase::Unauthorized,
            "the body is not what PHP json_encode writes for it (escape / as \\/ and non-ASCII as \\uXXXX, no spaces), so a server that re-encodes it hashes other bytes",
        ));
    }
    Ok(())
}
