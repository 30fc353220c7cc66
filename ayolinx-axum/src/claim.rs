//! Exactly once: claim a payload's key in the ledger, run the merchant's handler, record or
//! release.

use std::sync::Arc;
use std::time::Duration;

use ayolinx_store::{Claim, Extension, Lease};

use crate::delivery::Delivery;
use crate::observe::Handling;
use crate::response::SnapResponse;
use crate::state::{Handled, Handler, Shared};

/// The ledger key of a payload in `namespace`: its own key (`id`: a notification's reference and
/// status, a VA payment's id), never blank, since the core does not read a payload whose
/// references are all blank.
pub(crate) fn ledger_key(namespace: &str, id: &str) -> String {
    format!("{namespace}:{id}")
}

/// Processes `payload` under ledger key `key` once across every instance sharing the ledger:
///
/// - claimed here: the handler runs, its claim renewed meanwhile ([`keep_claimed`]); processed →
///   `processed` is answered and recorded for duplicates; failed (or panicked) → the claim is
///   released and `retry` answered;
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
        let mut handling = tokio::spawn(async move { handler(payload, delivery).await });
        let handled = tokio::select! {
            // The handler first: once it is done, no renewal delays the answer.
            biased;
            handled = &mut handling => handled,
            () = keep_claimed(&shared, &lease) => handling.await,
        }
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

/// Renews `lease` every third of the lease for as long as it is awaited (the handler runs), so
/// that a handler slower than the lease keeps its claim and a retry meanwhile is told to retry
/// later instead of running the handler a second time. The lease itself stays how long a holder
/// that died keeps its key from a retry.
///
/// Returns once the key is no longer this holder's (a pause longer than the lease let it expire,
/// and another instance may hold it now): renewing cannot win it back. The handler goes on either
/// way (stopping it mid-way could leave its work half done); a store that does not answer is
/// tried again at the next renewal.
async fn keep_claimed(shared: &Shared, lease: &Lease) {
    // At least a millisecond, so that a zero lease does not renew in a busy loop.
    let every = (shared.lease / 3).max(Duration::from_millis(1));
    loop {
        // A sleep, not an interval: it saturates for a lease of `Duration::MAX` ("keep") instead
        // of overflowing the clock.
        tokio::time::sleep(every).await;
        if let Ok(Extension::NotHeld) = shared.ledger.extend(lease, shared.lease).await {
            return;
        }
    }
}
