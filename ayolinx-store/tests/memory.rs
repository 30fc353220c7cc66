//! The in-memory store passes the store conformance checks.

use std::sync::Arc;

use ayolinx_store::MemoryStore;
use ayolinx_store::conformance::{self, CheckError};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn first_claim_wins_among_64_concurrent_claimers() -> Result<(), CheckError> {
    conformance::first_claim_wins(Arc::new(MemoryStore::new()), "memory", 64).await
}

#[tokio::test]
async fn release_lets_a_retry_run() -> Result<(), CheckError> {
    conformance::release_lets_a_retry_run(Arc::new(MemoryStore::new()), "memory").await
}

#[tokio::test]
async fn a_dead_holders_lease_expires() -> Result<(), CheckError> {
    conformance::lease_expires(Arc::new(MemoryStore::new()), "memory").await
}

#[tokio::test]
async fn an_extended_claim_is_kept_and_a_stale_lease_extends_nothing() -> Result<(), CheckError> {
    conformance::extend_keeps_the_claim(Arc::new(MemoryStore::new()), "memory").await
}

#[tokio::test]
async fn a_completed_claim_is_remembered_then_forgotten() -> Result<(), CheckError> {
    conformance::completed_is_remembered(Arc::new(MemoryStore::new()), "memory").await
}

#[tokio::test]
async fn issued_tokens_are_found_until_they_expire() -> Result<(), CheckError> {
    conformance::issued_tokens_round_trip(Arc::new(MemoryStore::new()), "memory").await
}

#[tokio::test]
async fn expired_claims_stop_blocking_and_live_ones_stay() -> Result<(), CheckError> {
    use ayolinx_store::{Claim, Ledger};
    use std::time::Duration;
    let store = MemoryStore::new();
    let Claim::Claimed(kept) = store.claim("kept", Duration::from_secs(60)).await? else {
        return Err("first claim lost".into());
    };
    for n in 0..300 {
        store.claim(&format!("short-{n}"), Duration::ZERO).await?;
    }
    assert_eq!(
        store.claim("kept", Duration::from_secs(60)).await?,
        Claim::InProgress
    );
    assert!(matches!(
        store.claim("short-0", Duration::from_secs(60)).await?,
        Claim::Claimed(_)
    ));
    assert_eq!(kept.key(), "kept");
    Ok(())
}

#[tokio::test]
async fn durations_past_the_clocks_range_mean_keep_not_panic() -> Result<(), CheckError> {
    use ayolinx_store::{Ack, Claim, Completion, Ledger};
    use std::time::Duration;
    let store = MemoryStore::new();
    let Claim::Claimed(lease) = store.claim("forever", Duration::MAX).await? else {
        return Err("first claim lost".into());
    };
    assert_eq!(
        store.claim("forever", Duration::MAX).await?,
        Claim::InProgress
    );
    let ack = Ack::new(200, b"{}".to_vec());
    assert_eq!(
        store.complete(&lease, &ack, Duration::MAX).await?,
        Completion::Recorded
    );
    assert_eq!(
        store.claim("forever", Duration::MAX).await?,
        Claim::Completed(ack)
    );
    Ok(())
}
