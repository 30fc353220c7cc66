//! Notifications (scheme C): verify, claim by dedup key, handle, acknowledge.

use std::sync::Arc;

use ayolinx_proto::callback::ack;

use crate::claim::{exactly_once, ledger_key};
use crate::delivery::Delivery;
use crate::observe::{NO_CLOCK, Outcome, refused, unavailable};
use crate::response::SnapResponse;
use crate::state::{Notifications, Shared};

/// The answer to a notification that arrived at `received`, and what became of it.
pub(crate) async fn notification(
    shared: &Arc<Shared>,
    notifications: &Notifications,
    received: &Arc<Delivery>,
) -> (SnapResponse, Outcome) {
    let Some(now) = shared.now() else {
        return unavailable(ack::retry_later().into(), NO_CLOCK);
    };
    let verified = notifications
        .verifier
        .verify(&received.inbound(), now)
        .and_then(|callback| {
            let timestamp = callback.timestamp().to_owned();
            Ok((callback.into_notification()?, timestamp))
        });
    let (notification, timestamp) = match verified {
        Ok(verified) => verified,
        Err(error) => return refused(error.acknowledgement(), &error),
    };
    let key = ledger_key("notify", &notification.dedup_key().to_string());
    let (answer, handling) = exactly_once(
        shared,
        key,
        notification.clone(),
        received.clone(),
        notifications.handler.clone(),
        ack::notify_received().into(),
        ack::retry_later().into(),
    )
    .await;
    let outcome = Outcome::Notification {
        notification,
        timestamp,
        handling,
    };
    (answer, outcome)
}
