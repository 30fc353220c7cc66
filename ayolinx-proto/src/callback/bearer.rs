//! The bearer token of an inbound request, checked against the tokens issued: the one check that
//! both the merchant (the SNAP VA payment, scheme D) and Ayolinx (every API call, scheme B) make.

use subtle::ConstantTimeEq as _;

use super::error::CallbackErrorKind;
use super::headers::InboundRequest;
use super::merchant_token::{TokenRecord, token_lookup_key};
use crate::Timestamp;

/// The token of an `Authorization: Bearer <token>` header (scheme name in any case).
fn bearer_token<'a>(request: &InboundRequest<'a>) -> Result<&'a str, CallbackErrorKind> {
    let value = request
        .headers
        .unique("Authorization")?
        .ok_or(CallbackErrorKind::MissingBearer)?;
    match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("Bearer")
                && !token.is_empty()
                && !token.contains(char::is_whitespace) =>
        {
            Ok(token)
        }
        _ => Err(CallbackErrorKind::MalformedAuthorization),
    }
}

/// The bearer token of `request`, when `lookup` (given the token's [`token_lookup_key`]) finds
/// its record, the record holds that very token (compared in constant time) and it has not
/// expired at `now`.
pub(crate) fn issued_bearer_token<'a>(
    request: &InboundRequest<'a>,
    now: Timestamp,
    lookup: impl FnOnce(&str) -> Option<TokenRecord>,
) -> Result<&'a str, CallbackErrorKind> {
    let token = bearer_token(request)?;
    let record = lookup(&token_lookup_key(token)).ok_or(CallbackErrorKind::UnknownToken)?;
    if !bool::from(
        record
            .token
            .expose_secret()
            .as_bytes()
            .ct_eq(token.as_bytes()),
    ) {
        return Err(CallbackErrorKind::UnknownToken);
    }
    let expired_seconds_ago = now.seconds_since(&record.expires_at);
    if expired_seconds_ago >= 0 {
        return Err(CallbackErrorKind::ExpiredToken {
            expired_seconds_ago,
        });
    }
    Ok(token)
}
