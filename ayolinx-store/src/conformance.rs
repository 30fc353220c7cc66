//! The behaviour every [`Ledger`] and [`IssuedTokens`] must have, as async checks that a store's
//! tests run against a real instance (feature `conformance`; needs a tokio runtime with timers).
//!
//! Each check uses keys under its `prefix`, so checks can share one store, and fails with a
//! message naming what went wrong.
//!
//! ```
//! use std::sync::Arc;
//! use ayolinx_store::{MemoryStore, conformance};
//!
//! # tokio::runtime::Builder::new_multi_thread().enable_time().build()?.block_on(async {
//! let store = Arc::new(MemoryStore::new());
//! conformance::first_claim_wins(store.clone(), "doc", 16).await?;
//! conformance::issued_tokens_round_trip(store, "doc").await?;
//! # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
//! # })?;
//! # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
//! ```

use std::sync::Arc;
use std::time::Duration;

use ayolinx_proto::callback::TokenRecord;
use ayolinx_proto::{Secret, Timestamp};

use crate::{Ack, Claim, Completion, Extension, IssuedTokens, Lease, Ledger, Release, TokenEntry};

/// What a failed check returns: the store's error, or a description of the wrong behaviour.
pub type CheckError = Box<dyn std::error::Error + Send + Sync>;

fn check(ok: bool, what: impl FnOnce() -> String) -> Result<(), CheckError> {
    if ok { Ok(()) } else { Err(what().into()) }
}

fn ack() -> Ack {
    Ack::new(
        200,
        br#"{"responseCode":"2005600","responseMessage":"Successful"}"#.to_vec(),
    )
}

async fn claimed(ledger: &dyn Ledger, key: &str, lease: Duration) -> Result<Lease, CheckError> {
    match ledger.claim(key, lease).await? {
        Claim::Claimed(lease) => Ok(lease),
        other => Err(format!("claim of {key}: expected Claimed, got {other:?}").into()),
    }
}

/// `claimers` tasks claim one key at the same moment: exactly one gets [`Claim::Claimed`], every
/// other [`Claim::InProgress`]; once completed, every claim gets [`Claim::Completed`] with the
/// answer recorded.
pub async fn first_claim_wins(
    ledger: Arc<dyn Ledger>,
    prefix: &str,
    claimers: usize,
) -> Result<(), CheckError> {
    let key = format!("{prefix}:race");
    let start = Arc::new(tokio::sync::Barrier::new(claimers));
    let tasks: Vec<_> = (0..claimers)
        .map(|_| {
            let (ledger, key, start) = (ledger.clone(), key.clone(), start.clone());
            tokio::spawn(async move {
                start.wait().await;
                ledger.claim(&key, Duration::from_secs(30)).await
            })
        })
        .collect();
    let mut leases = Vec::new();
    for task in tasks {
        match task.await?? {
            Claim::Claimed(lease) => leases.push(lease),
            Claim::InProgress => {}
            Claim::Completed(ack) => return Err(format!("completed before any: {ack:?}").into()),
        }
    }
    check(leases.len() == 1, || {
        format!("{} of {claimers} claims won", leases.len())
    })?;
    let lease = leases.remove(0);
    let recorded = ledger
        .complete(&lease, &ack(), Duration::from_secs(60))
        .await?;
    check(recorded == Completion::Recorded, || format!("{recorded:?}"))?;
    for _ in 0..3 {
        let again = ledger.claim(&key, Duration::from_secs(30)).await?;
        check(again == Claim::Completed(ack()), || format!("{again:?}"))?;
    }
    Ok(())
}

/// A released claim can be claimed again at once; a second release, or a release or completion
/// by a lease that is not the holder's, changes nothing.
pub async fn release_lets_a_retry_run(
    ledger: Arc<dyn Ledger>,
    prefix: &str,
) -> Result<(), CheckError> {
    let key = format!("{prefix}:release");
    let first = claimed(&*ledger, &key, Duration::from_secs(30)).await?;
    let released = ledger.release(&first).await?;
    check(released == Release::Released, || format!("{released:?}"))?;
    let twice = ledger.release(&first).await?;
    check(twice == Release::NotHeld, || {
        format!("second release: {twice:?}")
    })?;
    let retry = claimed(&*ledger, &key, Duration::from_secs(30)).await?;
    check(retry.owner() != first.owner(), || {
        "a new claim reused the owner id".to_owned()
    })?;
    let stale = ledger.release(&first).await?;
    check(stale == Release::NotHeld, || {
        format!("a stale lease released another's claim: {stale:?}")
    })?;
    let stale = ledger
        .complete(&first, &ack(), Duration::from_secs(60))
        .await?;
    check(stale == Completion::NotHeld, || {
        format!("a stale lease completed another's claim: {stale:?}")
    })?;
    let busy = ledger.claim(&key, Duration::from_secs(30)).await?;
    check(busy == Claim::InProgress, || format!("{busy:?}"))?;
    Ok(())
}

/// A claim whose holder never comes back expires after its lease; the late holder can then
/// neither release nor complete the new holder's claim.
pub async fn lease_expires(ledger: Arc<dyn Ledger>, prefix: &str) -> Result<(), CheckError> {
    let key = format!("{prefix}:lease");
    let dead = claimed(&*ledger, &key, Duration::from_millis(200)).await?;
    let busy = ledger.claim(&key, Duration::from_secs(30)).await?;
    check(busy == Claim::InProgress, || {
        format!("within the lease: {busy:?}")
    })?;
    tokio::time::sleep(Duration::from_millis(350)).await;
    let next = claimed(&*ledger, &key, Duration::from_secs(30)).await?;
    let late = ledger.release(&dead).await?;
    check(late == Release::NotHeld, || {
        format!("late release: {late:?}")
    })?;
    let late = ledger
        .complete(&dead, &ack(), Duration::from_secs(60))
        .await?;
    check(late == Completion::NotHeld, || {
        format!("late complete: {late:?}")
    })?;
    let done = ledger
        .complete(&next, &ack(), Duration::from_secs(60))
        .await?;
    check(done == Completion::Recorded, || format!("{done:?}"))?;
    Ok(())
}

/// A holder that extends its claim keeps it past its first lease; a lease that is not the
/// holder's (expired and claimed again, released, or completed) extends nothing and leaves the
/// new holder's lease as it was, neither longer nor shorter.
pub async fn extend_keeps_the_claim(
    ledger: Arc<dyn Ledger>,
    prefix: &str,
) -> Result<(), CheckError> {
    let key = format!("{prefix}:extend");
    let holder = claimed(&*ledger, &key, Duration::from_millis(200)).await?;
    let extended = ledger.extend(&holder, Duration::from_secs(30)).await?;
    check(extended == Extension::Extended, || {
        format!("the holder's extend: {extended:?}")
    })?;
    tokio::time::sleep(Duration::from_millis(350)).await;
    let busy = ledger.claim(&key, Duration::from_secs(30)).await?;
    check(busy == Claim::InProgress, || {
        format!("past the first lease of an extended claim: {busy:?}")
    })?;
    let released = ledger.release(&holder).await?;
    check(released == Release::Released, || format!("{released:?}"))?;
    let gone = ledger.extend(&holder, Duration::from_secs(30)).await?;
    check(gone == Extension::NotHeld, || {
        format!("a released claim was extended: {gone:?}")
    })?;

    let key = format!("{prefix}:extend-stale");
    let dead = claimed(&*ledger, &key, Duration::from_millis(200)).await?;
    tokio::time::sleep(Duration::from_millis(350)).await;
    let late = ledger.extend(&dead, Duration::from_secs(30)).await?;
    check(late == Extension::NotHeld, || {
        format!("an expired lease was extended: {late:?}")
    })?;
    let next = claimed(&*ledger, &key, Duration::from_millis(300)).await?;
    for lease_for in [Duration::from_secs(30), Duration::from_millis(1)] {
        let stale = ledger.extend(&dead, lease_for).await?;
        check(stale == Extension::NotHeld, || {
            format!("a stale lease extended another's claim: {stale:?}")
        })?;
    }
    let busy = ledger.claim(&key, Duration::from_secs(30)).await?;
    check(busy == Claim::InProgress, || {
        format!("a stale extend shortened the new holder's lease: {busy:?}")
    })?;
    tokio::time::sleep(Duration::from_millis(450)).await;
    let after = claimed(&*ledger, &key, Duration::from_secs(30)).await;
    check(after.is_ok(), || {
        "a stale extend lengthened the new holder's lease".to_owned()
    })?;
    let late = ledger.extend(&next, Duration::from_secs(30)).await?;
    check(late == Extension::NotHeld, || {
        format!("an expired lease extended the next holder's claim: {late:?}")
    })?;

    let key = format!("{prefix}:extend-done");
    let lease = claimed(&*ledger, &key, Duration::from_secs(30)).await?;
    ledger
        .complete(&lease, &ack(), Duration::from_secs(60))
        .await?;
    let done = ledger.extend(&lease, Duration::from_secs(30)).await?;
    check(done == Extension::NotHeld, || {
        format!("a completed claim was extended: {done:?}")
    })?;
    let seen = ledger.claim(&key, Duration::from_secs(30)).await?;
    check(seen == Claim::Completed(ack()), || {
        format!("after an extend of a completed claim: {seen:?}")
    })?;
    Ok(())
}

/// A completed claim is answered with its recorded answer for `remember_for`, and forgotten
/// after it. A holder whose lease expired with nobody else claiming may still record its answer.
pub async fn completed_is_remembered(
    ledger: Arc<dyn Ledger>,
    prefix: &str,
) -> Result<(), CheckError> {
    let key = format!("{prefix}:remember");
    let lease = claimed(&*ledger, &key, Duration::from_millis(100)).await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let answer = Ack::new(200, br#"{"virtualAccountData":{"trxId":"INV-1"}}"#.to_vec());
    let done = ledger
        .complete(&lease, &answer, Duration::from_millis(400))
        .await?;
    check(done == Completion::Recorded, || {
        format!("an expired, unclaimed lease: {done:?}")
    })?;
    let seen = ledger.claim(&key, Duration::from_secs(30)).await?;
    check(seen == Claim::Completed(answer.clone()), || {
        format!("{seen:?}")
    })?;
    let released = ledger.release(&lease).await?;
    check(released == Release::NotHeld, || {
        format!("a completed claim was released: {released:?}")
    })?;
    let seen = ledger.claim(&key, Duration::from_secs(30)).await?;
    check(seen == Claim::Completed(answer), || {
        format!("after a release: {seen:?}")
    })?;
    tokio::time::sleep(Duration::from_millis(600)).await;
    claimed(&*ledger, &key, Duration::from_secs(30)).await?;
    Ok(())
}

/// An issued token is found by its lookup key, with its token and expiry, until its ttl runs
/// out; an unknown key finds nothing.
pub async fn issued_tokens_round_trip(
    tokens: Arc<dyn IssuedTokens>,
    prefix: &str,
) -> Result<(), CheckError> {
    let expires_at = Timestamp::from_unix(1_726_121_400)?;
    let entry = TokenEntry {
        lookup_key: format!("{prefix}:token"),
        record: TokenRecord::new(Secret::new(format!("{prefix}-0a1b2c")), expires_at),
    };
    tokens.issue(&entry, Duration::from_millis(400)).await?;
    let found = tokens.look_up(&entry.lookup_key).await?;
    let found = found.ok_or("an issued token was not found")?;
    check(
        found.token.expose_secret() == entry.record.token.expose_secret()
            && found.expires_at == expires_at,
        || "the record read back differs".to_owned(),
    )?;
    let unknown = tokens.look_up(&format!("{prefix}:unknown")).await?;
    check(unknown.is_none(), || {
        "an unknown key found a token".to_owned()
    })?;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let expired = tokens.look_up(&entry.lookup_key).await?;
    check(expired.is_none(), || {
        "a token was found after its ttl".to_owned()
    })?;
    Ok(())
}
