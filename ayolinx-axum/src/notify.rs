//! Notifications (scheme C): verify, claim by dedup key, handle, acknowledge.

use std::sync::Arc;

use ayolinx_proto::callback::ack;

use crate::claim::{exactly_once, ledger_key};
use crate::response::SnapResponse;
use crate::state::{Notifications, Received, Shared};

/// The answer to a notification that arrived at `received`.
pub(crate) async fn notification(
    shared: &Arc<Shared>,
    notifications: &Notifications,
    received: &Received,
) -> SnapResponse {
    let Some(now) = shared.now() else {
        return ack::retry_later().into();
    };
    let verified = notifications
        .verifier
        .verify(&received.inbound(), now)
        .and_then(|callback| callback.into_notification());
    let notification = match verified {
        Ok(notification) => notification,
        Err(error) => return error.acknowledgement().into(),
    };
    let dedup = notification.dedup_key();
    let id = (!dedup.reference().is_empty()).then(|| dedup.to_string());
    let key = ledger_key("notify", id, received.body());
    exactly_once(
        shared,
        key,
        notification,
        notifications.handler.clone(),
        ack::notify_received().into(),
        ack::retry_later().into(),
    )
    .await
}
