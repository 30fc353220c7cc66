//! What Ayolinx checks before it looks at a request's body: scheme A on the token request,
//! and the bearer token, headers and scheme B signature on every other request.

use axum::http::HeaderMap;
use ayolinx_proto::body::{self, BodyEncoding};
use ayolinx_proto::callback::{InboundRequest, token_lookup_key};
use ayolinx_proto::code::SnapCase;
use ayolinx_proto::signature::{SignatureError, request_string_to_sign, verify_hmac_sha512_base64};
use ayolinx_proto::{ExternalId, Timestamp};

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

/// One header, present once and textual.
fn required<'a>(headers: &'a HeaderMap, name: &str) -> Result<&'a str, Refusal> {
    let mut values = headers.get_all(name).iter();
    let value = values
        .next()
        .ok_or_else(|| Refusal::new(SnapCase::InvalidMandatoryField, name))?;
    if values.next().is_some() {
        return Err(Refusal::new(
            SnapCase::InvalidFieldFormat,
            format!("{name} appears more than once"),
        ));
    }
    value.to_str().map_err(|_| {
        Refusal::new(
            SnapCase::InvalidFieldFormat,
            format!("{name} is not ASCII text"),
        )
    })
}

/// The bearer token, known and unexpired.
fn check_token<'a>(
    shared: &Shared,
    headers: &'a HeaderMap,
    now: &Timestamp,
) -> Result<&'a str, Refusal> {
    let invalid = |detail: String| Refusal::new(SnapCase::InvalidToken, detail);
    let authorization = required(headers, "Authorization").map_err(|_| {
        invalid("the Authorization header is missing or not a single text value".into())
    })?;
    let token = match authorization.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("Bearer") && !token.is_empty() => {
            token
        }
        _ => return Err(invalid("Authorization is not \"Bearer <token>\"".into())),
    };
    let inner = shared.lock();
    let record = inner
        .token(&token_lookup_key(token))
        .ok_or_else(|| invalid("the access token is unknown".into()))?;
    let expired_for = now.seconds_since(&record.expires_at);
    if expired_for >= 0 {
        return Err(invalid(format!(
            "the access token expired {expired_for} s ago"
        )));
    }
    Ok(token)
}

/// Everything Ayolinx checks on a request signed with scheme B, in its order: the token, the
/// mandatory headers, the partner id, the timestamp window, the external id's format, the
/// HMAC-SHA512 signature over the raw body bytes (and, if configured, over PHP's re-encoding),
/// and finally the external id's uniqueness for the day.
pub(crate) fn check_request(
    shared: &Shared,
    op: Op,
    headers: &HeaderMap,
    body: &[u8],
    now: Timestamp,
) -> Result<(), Refusal> {
    let config = &shared.config;
    let token = check_token(shared, headers, &now)?;
    let timestamp = required(headers, "X-TIMESTAMP")?;
    let signature = required(headers, "X-SIGNATURE")?;
    let partner_id = required(headers, "X-PARTNER-ID")?;
    let external_id = required(headers, "X-EXTERNAL-ID")?;
    if partner_id != config.client_key {
        return Err(Refusal::new(
            SnapCase::Unauthorized,
            "X-PARTNER-ID is not a known client key",
        ));
    }
    let sent_at = Timestamp::parse(timestamp).map_err(|error| {
        Refusal::new(
            SnapCase::InvalidFieldFormat,
            format!("X-TIMESTAMP: {error}"),
        )
    })?;
    let skew = now.seconds_since(&sent_at);
    let window = config.timestamp_window_seconds;
    if skew.unsigned_abs() > u64::from(window) {
        return Err(Refusal::new(
            SnapCase::Unauthorized,
            format!("X-TIMESTAMP is {skew} s from the server's clock (window {window} s)"),
        ));
    }
    ExternalId::new(external_id).map_err(|error| {
        Refusal::new(
            SnapCase::InvalidFieldFormat,
            format!("X-EXTERNAL-ID: {error}"),
        )
    })?;
    let secret = config.client_secret.expose_secret().as_bytes();
    let string_to_sign = request_string_to_sign("POST", op.path(), token, body, timestamp);
    verify_hmac_sha512_base64(secret, string_to_sign.as_bytes(), signature).map_err(
        |error| match error {
            SignatureError::Mismatch => Refusal::new(
                SnapCase::Unauthorized,
                "X-SIGNATURE does not match the request (HMAC-SHA512 of POST:path:token:sha256hex(body):X-TIMESTAMP)",
            ),
            other => Refusal::new(SnapCase::Unauthorized, format!("X-SIGNATURE: {other}")),
        },
    )?;
    if config.require_php_body_encoding {
        check_php_encoding(body)?;
    }
    if !shared.lock().use_external_id(external_id, &now) {
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
