//! The SNAP VA flow (scheme D): the token endpoint Ayolinx calls first, then the VA payment it
//! sends with that token, possibly to another instance.

use std::sync::Arc;
use std::time::Duration;

use ayolinx_proto::callback::ack;
use ayolinx_proto::callback::{Endpoint, TokenRecord};
use ayolinx_proto::code::SnapCase;
use ayolinx_store::TokenEntry;

use crate::claim::{exactly_once, ledger_key};
use crate::delivery::Delivery;
use crate::notify::notification;
use crate::observe::{NO_CLOCK, Outcome, refused, unavailable};
use crate::response::SnapResponse;
use crate::state::{Notifications, Shared, SnapVa};

const ISSUED_TOKENS_UNAVAILABLE: &str = "the issued-token store could not be reached";

fn general_error(endpoint: Endpoint) -> SnapResponse {
    ack::snap_answer(SnapCase::GeneralError, endpoint).into()
}

/// `POST /v1.0/access-token/b2b`: verify Ayolinx's signature and client key, issue a token from
/// the random source, keep it in the shared store, answer it.
pub(crate) async fn token(
    shared: &Arc<Shared>,
    va: &SnapVa,
    received: &Arc<Delivery>,
) -> (SnapResponse, Outcome) {
    let retry = || general_error(Endpoint::AccessToken);
    let Some(now) = shared.now() else {
        return unavailable(retry(), NO_CLOCK);
    };
    let verified = match va.token_endpoint.verify(&received.inbound(), now) {
        Ok(verified) => verified,
        Err(error) => return refused(error.acknowledgement(), &error),
    };
    let mut random = [0_u8; 32];
    if shared.randomness.fill(&mut random).is_err() {
        return unavailable(retry(), "the random source failed");
    }
    let Ok(issued) = va.token_endpoint.issue(&verified, random, now) else {
        return unavailable(retry(), "no token could be issued at this time");
    };
    let lifetime = issued.expires_at().seconds_since(&now);
    let entry = TokenEntry {
        lookup_key: issued.lookup_key(),
        record: issued.record(),
    };
    let ttl = Duration::from_secs(u64::try_from(lifetime).unwrap_or(0));
    match shared.issued_tokens.issue(&entry, ttl).await {
        Ok(()) => (
            issued.acknowledgement().into(),
            Outcome::TokenIssued {
                expires_at: issued.expires_at(),
            },
        ),
        Err(_) => unavailable(retry(), ISSUED_TOKENS_UNAVAILABLE),
    }
}

/// `POST /v1.0/transfer-va/payment`: a SNAP VA payment (with a bearer token), or, without one
/// and when notifications are served, Ayolinx's non-SNAP VA notify (scheme C) at the same path.
pub(crate) async fn payment(
    shared: &Arc<Shared>,
    va: &SnapVa,
    notifications: Option<&Notifications>,
    received: &Arc<Delivery>,
) -> (SnapResponse, Outcome) {
    if let Some(notifications) = notifications
        && received.inbound().headers.get("Authorization").is_none()
    {
        return notification(shared, notifications, received).await;
    }
    let retry = || general_error(Endpoint::VaPayment);
    let Some(now) = shared.now() else {
        return unavailable(retry(), NO_CLOCK);
    };
    // The core's lookup is synchronous and the store is not: a first pass learns which token is
    // presented (or refuses the request before any lookup), the store is asked, and the second
    // pass verifies with the record found.
    let mut wanted = None;
    let first = va.payments.verify(&received.inbound(), now, |key| {
        wanted = Some(key.to_owned());
        None
    });
    let lookup_key = match (wanted, first) {
        (Some(key), _) => key,
        (None, Err(error)) => return refused(error.acknowledgement(), &error),
        (None, Ok(_)) => return unavailable(retry(), "the payment verifier asked for no token"),
    };
    let record: Option<TokenRecord> = match shared.issued_tokens.look_up(&lookup_key).await {
        Ok(record) => record,
        Err(_) => return unavailable(retry(), ISSUED_TOKENS_UNAVAILABLE),
    };
    let payment = match va.payments.verify(&received.inbound(), now, |_| record) {
        Ok(payment) => payment,
        Err(error) => return refused(error.acknowledgement(), &error),
    };
    let key = ledger_key("va", payment.idempotency_key());
    let processed = ack::va_payment(&payment, ack::Outcome::Stored).into();
    let (answer, handling) = exactly_once(
        shared,
        key,
        payment.clone(),
        received.clone(),
        va.handler.clone(),
        processed,
        retry(),
    )
    .await;
    (answer, Outcome::VaPayment { payment, handling })
}
