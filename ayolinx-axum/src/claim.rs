//! Exactly once: claim a payload's key in the ledger, run the merchant's handler, record or
//! release.

use std::sync::Arc;

use ayolinx_store::Claim;

use crate::delivery::Delivery;
use crate::observe::Handling;
use crate::response::SnapResponse;
use crate::state::{Handled, Handler, Shared};

/// The ledger key of a payload in `namespace`: its own key (`id`), or, when it carries none (no
/// reference, no payment id), the SHA-256 of its raw body, so that two such payloads are never
/// taken for duplicates of each other while a redelivery of the same bytes still is one.
pub(crate) fn ledger_key(namespace: &str, id: Option<String>, body: &[u8]) -> String {
    match id {
        Some(id) => format!("{namespace}:{id}"),
        None => format!(
            "{namespace}-body:{}",
            ayolinx_proto::signature::sha256_hex(body)
        ),
    }
}

/// Processes `payload` under ledger key `key` once across every instance sharing the ledger:
///
/// - claimed here: the handler runs; processed → `processed` is answered and recorded for
///   duplicates; failed (or panicked) → the claim is released and `retry` answered;
/// - claimed elsewhere and not finished, or a ledger that cannot answer → `retry` (a 5xx:
///   Ayolinx retries, and nothing unprocessed is acknowledged);
/// - completed before → the answer recorded then.
///
/// The handler and the recording run on their own task, so a caller that hangs up mid-way
/// cancels neither: the claim always ends completed or released.
pub(crate) async fn exactly_once<T: Send + 'static>(
    shared: &Arc<Shared>,
    key: String,
    payload: T,
    delivery: Arc<Delivery>,
    handler: Handler<T>,
    processed: SnapResponse,
    retry: SnapResponse,
) -> (SnapResponse, Handling) {
    let lease = match shared.ledger.claim(&key, shared.lease).await {
        Ok(Claim::Claimed(lease)) => lease,
        Ok(Claim::Completed(ack)) => return (ack.into(), Handling::Replayed),
        Ok(Claim::InProgress) => return (retry, Handling::InProgress),
        Err(_) => return (retry, Handling::LedgerUnavailable),
    };
    let shared = shared.clone();
    // The finishing task ends only early if the runtime shuts down under it.
    let fallback = retry.clone();
    let finish = tokio::spawn(async move {
        // Its own task, so that a handler that panics (in its closure or its future) is a
        // failure like any other.
        let handled = tokio::spawn(async move { handler(payload, delivery).await })
            .await
            .unwrap_or(Handled::Failed);
        match handled {
            Handled::Processed => {
                // Processed is processed: if the record cannot be written, the answer is still
                // a success (a retry would run the handler a second time).
                let _recorded = shared
                    .ledger
                    .complete(&lease, &processed.to_ack(), shared.remember_for)
                    .await;
                (processed, Handling::Processed)
            }
            Handled::Failed => {
                // If the release fails, the lease expires on its own.
                let _released = shared.ledger.release(&lease).await;
                (retry, Handling::Failed)
            }
        }
    });
    finish.await.unwrap_or((fallback, Handling::Failed))
}
