//! The Redis store against a real `redis-server` on a free loopback port (feature
//! `redis-server-tests`; `.ci/install-redis.sh` installs the server).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;
#[path = "../../ayolinx-axum/tests/support/mod.rs"]
mod support;

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use ayolinx_proto::api::token::AccessToken;
use ayolinx_proto::driver::{LeaseOutcome, Waited};
use ayolinx_proto::{PrivateKey, Timestamp};
use ayolinx_redis::{BlockingRedisStore, RedisStore};
use ayolinx_store::conformance::{self, CheckError};
use ayolinx_store::{Ack, Claim, Extension, IssuedTokens, Ledger, Release, StoreErrorKind};
use common::RedisServer;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn the_redis_store_passes_the_store_conformance_checks() -> Result<(), CheckError> {
    let server = RedisServer::start();
    runtime().block_on(async {
        let store = Arc::new(RedisStore::open(&server.url())?);
        conformance::first_claim_wins(store.clone(), "conformance", 64).await?;
        conformance::release_lets_a_retry_run(store.clone(), "conformance").await?;
        conformance::lease_expires(store.clone(), "conformance").await?;
        conformance::extend_keeps_the_claim(store.clone(), "conformance").await?;
        conformance::completed_is_remembered(store.clone(), "conformance").await?;
        conformance::issued_tokens_round_trip(store, "conformance").await
    })
}

#[test]
fn first_claim_wins_among_threads_with_their_own_connections_and_the_async_store_agrees() {
    let server = RedisServer::start();
    let url = server.url();
    let start = Arc::new(Barrier::new(32));
    let threads: Vec<_> = (0..32)
        .map(|_| {
            let (url, start) = (url.clone(), start.clone());
            std::thread::spawn(move || {
                // One store per thread: as many processes would, each with its connection.
                let store = BlockingRedisStore::open(&url).unwrap();
                start.wait();
                store.claim("AYO-RACE:00", Duration::from_secs(30)).unwrap()
            })
        })
        .collect();
    let claims: Vec<Claim> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let won: Vec<_> = claims
        .iter()
        .filter_map(|claim| match claim {
            Claim::Claimed(lease) => Some(lease.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(won.len(), 1, "{claims:?}");
    assert_eq!(
        claims.iter().filter(|c| **c == Claim::InProgress).count(),
        31
    );

    let blocking = BlockingRedisStore::open(&url).unwrap();
    let ack = Ack::new(200, b"{\"ok\":1}".to_vec());
    blocking
        .complete(&won[0], &ack, Duration::from_secs(60))
        .unwrap();
    let seen = runtime().block_on(async {
        let store = RedisStore::open(&url).unwrap();
        store.claim("AYO-RACE:00", Duration::from_secs(30)).await
    });
    assert_eq!(seen.unwrap(), Claim::Completed(ack));
    assert_eq!(blocking.release(&won[0]).unwrap(), Release::NotHeld);
}

/// The milliseconds left on the ledger entry of `key` (under the default prefix), read from
/// Redis itself.
fn ledger_pttl(redis: &mut redis::Connection, key: &str) -> i64 {
    redis::cmd("PTTL")
        .arg(format!("{}ledger:{key}", ayolinx_redis::DEFAULT_PREFIX))
        .query(redis)
        .unwrap()
}

#[test]
fn the_holder_extends_its_claim_and_a_stale_owner_leaves_the_new_holders_ttl() {
    let server = RedisServer::start();
    let url = server.url();
    let mut redis = redis::Client::open(url.as_str())
        .unwrap()
        .get_connection()
        .unwrap();
    let rt = runtime();
    let store = RedisStore::open(&url).unwrap();
    let blocking = BlockingRedisStore::open(&url).unwrap();

    // The holder: extended past its first lease, by either store.
    let Claim::Claimed(holder) = blocking
        .claim("AYO-EXTEND:00", Duration::from_millis(300))
        .unwrap()
    else {
        panic!("the first claim lost");
    };
    assert_eq!(
        blocking.extend(&holder, Duration::from_secs(60)).unwrap(),
        Extension::Extended
    );
    assert!(ledger_pttl(&mut redis, "AYO-EXTEND:00") > 59_000);
    std::thread::sleep(Duration::from_millis(450));
    assert_eq!(
        rt.block_on(store.claim("AYO-EXTEND:00", Duration::from_secs(30)))
            .unwrap(),
        Claim::InProgress
    );
    assert_eq!(
        rt.block_on(store.extend(&holder, Duration::from_secs(30)))
            .unwrap(),
        Extension::Extended
    );
    let ttl = ledger_pttl(&mut redis, "AYO-EXTEND:00");
    assert!((29_000..=30_000).contains(&ttl), "{ttl}");

    // A stale owner, after another claim: not held, and the new holder's TTL is untouched
    // (neither shortened nor lengthened).
    let Claim::Claimed(dead) = blocking
        .claim("AYO-STALE:00", Duration::from_millis(200))
        .unwrap()
    else {
        panic!("the first claim lost");
    };
    std::thread::sleep(Duration::from_millis(350));
    let Claim::Claimed(next) = blocking
        .claim("AYO-STALE:00", Duration::from_secs(60))
        .unwrap()
    else {
        panic!("the dead holder's lease ran out");
    };
    let before = ledger_pttl(&mut redis, "AYO-STALE:00");
    assert_eq!(
        blocking.extend(&dead, Duration::from_millis(1)).unwrap(),
        Extension::NotHeld
    );
    assert_eq!(
        rt.block_on(store.extend(&dead, Duration::MAX)).unwrap(),
        Extension::NotHeld
    );
    let after = ledger_pttl(&mut redis, "AYO-STALE:00");
    assert!(after <= before && after > 59_000, "{before} then {after}");

    // Completed: the recorded answer keeps its own expiry.
    let ack = Ack::new(200, b"{}".to_vec());
    rt.block_on(store.complete(&next, &ack, Duration::from_secs(600)))
        .unwrap();
    assert_eq!(
        rt.block_on(store.extend(&next, Duration::from_millis(1)))
            .unwrap(),
        Extension::NotHeld
    );
    assert!(ledger_pttl(&mut redis, "AYO-STALE:00") > 599_000);
    assert_eq!(
        blocking
            .claim("AYO-STALE:00", Duration::from_secs(30))
            .unwrap(),
        Claim::Completed(ack)
    );
}

#[test]
fn a_stopped_redis_is_a_typed_error_and_the_store_recovers_when_it_is_back() {
    let server = RedisServer::start();
    let url = server.url();
    let rt = runtime();
    let store = RedisStore::open(&url).unwrap();
    let blocking = BlockingRedisStore::open(&url).unwrap();
    rt.block_on(store.claim("before", Duration::from_secs(30)))
        .unwrap();
    blocking
        .claim("before-blocking", Duration::from_secs(30))
        .unwrap();
    let port = server.stop();

    let started = Instant::now();
    let error = rt
        .block_on(store.claim("AYO-DOWN:00", Duration::from_secs(30)))
        .unwrap_err();
    assert_eq!(error.kind(), StoreErrorKind::Unavailable, "{error}");
    let error = blocking
        .claim("AYO-DOWN:00", Duration::from_secs(30))
        .unwrap_err();
    assert!(error.is_unavailable(), "{error}");
    let error = RedisStore::open("redis://127.0.0.1:1/0").map(|s| rt.block_on(s.look_up("x")));
    assert!(error.unwrap().unwrap_err().is_unavailable());
    assert!(started.elapsed() < Duration::from_secs(15));

    // Back (empty: no persistence): the same stores claim again.
    let _back = RedisServer::on(port);
    let deadline = Instant::now() + Duration::from_secs(10);
    let claimed = loop {
        match rt.block_on(store.claim("AYO-DOWN:00", Duration::from_secs(30))) {
            Ok(claim) => break claim,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(100)),
            Err(error) => panic!("no recovery: {error}"),
        }
    };
    assert!(matches!(claimed, Claim::Claimed(_)), "{claimed:?}");
    assert_eq!(
        blocking
            .claim("AYO-DOWN:00", Duration::from_secs(30))
            .unwrap(),
        Claim::InProgress
    );
}

#[test]
fn one_refresher_at_a_time_and_the_waiters_get_its_versioned_token() {
    let server = RedisServer::start();
    let url = server.url();
    let obtained = Timestamp::from_unix(1_900_000_000).unwrap();
    // 16 blocking callers on a cold cache, each with its own store: one leases, the others
    // wait for its token.
    let start = Arc::new(Barrier::new(16));
    let threads: Vec<_> = (0..16)
        .map(|_| {
            let (url, start) = (url.clone(), start.clone());
            std::thread::spawn(move || {
                let cache =
                    Arc::new(BlockingRedisStore::open(&url).unwrap()).token_cache("CK-fleet");
                start.wait();
                if let Some(stored) = cache.get().unwrap() {
                    return (false, stored);
                }
                match cache.try_lease().unwrap() {
                    LeaseOutcome::Granted(lease) => {
                        std::thread::sleep(Duration::from_millis(200));
                        let token = AccessToken::new("token-1", 900, obtained);
                        (true, cache.put(lease, token).unwrap())
                    }
                    LeaseOutcome::Busy { ticket } => {
                        match cache.wait(ticket, Duration::from_secs(5)).unwrap() {
                            Waited::Refreshed(stored) => (false, stored),
                            other => panic!("{other:?}"),
                        }
                    }
                }
            })
        })
        .collect();
    let results: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(
        results.iter().filter(|(refreshed, _)| *refreshed).count(),
        1
    );
    assert!(results.iter().all(|(_, stored)| {
        stored.version == 1 && stored.token.secret().expose_secret() == "token-1"
    }));

    runtime().block_on(async {
        // The async cache sees the same token, with its lifetime; a refusal of another version
        // keeps it, a refusal of its own drops it.
        let cache = RedisStore::open(&url).unwrap().token_cache("CK-fleet");
        let stored = cache.get().await.unwrap().unwrap();
        assert_eq!(
            (
                stored.version,
                stored.token.secret().expose_secret(),
                stored.token.obtained_at(),
                stored.token.expires_in()
            ),
            (1, "token-1", obtained, 900)
        );
        assert!(!format!("{stored:?}").contains("token-1"));
        assert!(!cache.invalidate(2).await.unwrap());
        assert!(cache.invalidate(1).await.unwrap());
        assert!(cache.get().await.unwrap().is_none());

        // A failed refresh: the waiter gets its message.
        let other = RedisStore::open(&url).unwrap().token_cache("CK-other");
        let LeaseOutcome::Granted(lease) = other.try_lease().await.unwrap() else {
            panic!("a cold cache has a free lease");
        };
        let LeaseOutcome::Busy { ticket } = other.try_lease().await.unwrap() else {
            panic!("the lease is held");
        };
        let waited = other.wait(ticket, Duration::from_millis(100)).await.unwrap();
        assert!(matches!(waited, Waited::TimedOut), "{waited:?}");
        assert!(other.release(lease, "the token request was refused").await.unwrap());
        assert!(!other.release(lease, "twice").await.unwrap());
        let waited = other.wait(ticket, Duration::from_secs(1)).await.unwrap();
        assert!(
            matches!(&waited, Waited::Failed(message) if message == "the token request was refused"),
            "{waited:?}"
        );

        // An abandoned refresh: the waiter asks for the lease again at once.
        let LeaseOutcome::Granted(lease) = other.try_lease().await.unwrap() else {
            panic!("the lease was released");
        };
        let LeaseOutcome::Busy { ticket } = other.try_lease().await.unwrap() else {
            panic!("the lease is held");
        };
        assert!(other.abandon(lease).await.unwrap());
        let started = Instant::now();
        let waited = other.wait(ticket, Duration::from_secs(5)).await.unwrap();
        assert!(matches!(waited, Waited::TimedOut), "{waited:?}");
        assert!(started.elapsed() < Duration::from_secs(1));

        // A lease whose holder died runs out; its late token still lands, under a new version.
        let short = other.clone().with_refresh_lease(Duration::from_millis(100));
        let LeaseOutcome::Granted(dead) = short.try_lease().await.unwrap() else {
            panic!("the lease was abandoned");
        };
        tokio::time::sleep(Duration::from_millis(200)).await;
        let LeaseOutcome::Granted(_) = other.try_lease().await.unwrap() else {
            panic!("the dead holder's lease ran out");
        };
        let late = short
            .put(dead, AccessToken::new("late", 900, obtained))
            .await
            .unwrap();
        // Versions count finished refreshes: the release, the abandon, this put.
        assert_eq!(late.version, 3);
    });
}

#[test]
fn async_clients_on_two_stores_make_one_token_request() {
    let server = RedisServer::start();
    let sandbox = ayolinx_sandbox::Sandbox::start().unwrap();
    let clients: Vec<_> = (0..2)
        .map(|_| {
            let cache = RedisStore::open(&server.url())
                .unwrap()
                .token_cache(sandbox.client_key());
            ayolinx_reqwest::Client::builder(
                sandbox.base_url(),
                sandbox.client_key(),
                sandbox.client_secret().clone(),
                PrivateKey::from_pem(sandbox.merchant_private_key_pem().unwrap()).unwrap(),
            )
            .token_store(Arc::new(cache))
            .build()
            .unwrap()
        })
        .collect();
    let tokens = runtime().block_on(async {
        let tasks: Vec<_> = (0..16)
            .map(|n| {
                let client = clients[n % 2].clone();
                tokio::spawn(async move { client.access_token().await.unwrap() })
            })
            .collect();
        let mut tokens = Vec::new();
        for task in tasks {
            tokens.push(task.await.unwrap().secret().expose_secret().to_owned());
        }
        tokens
    });
    assert_eq!(sandbox.request_count("token"), 1);
    assert!(tokens.iter().all(|token| *token == tokens[0]));

    // A cancelled refresher's lease (the trait's abandon cannot block) ends in the background.
    runtime().block_on(async {
        let cache = RedisStore::open(&server.url())
            .unwrap()
            .token_cache("CK-cancelled");
        let store: &dyn ayolinx_reqwest::TokenStore = &cache;
        let LeaseOutcome::Granted(lease) = store.try_lease().await else {
            panic!("a cold cache has a free lease");
        };
        let LeaseOutcome::Busy { ticket } = store.try_lease().await else {
            panic!("the lease is held");
        };
        store.abandon(lease);
        let started = Instant::now();
        let waited = store.wait(ticket, Duration::from_secs(5)).await;
        assert!(matches!(waited, Waited::TimedOut), "{waited:?}");
        assert!(started.elapsed() < Duration::from_secs(1));
    });
}

#[test]
fn a_blocking_client_on_an_unreachable_redis_fetches_tokens_of_its_own() {
    let server = RedisServer::start();
    let url = server.url();
    let sandbox = ayolinx_sandbox::Sandbox::start().unwrap();
    let cache = Arc::new(BlockingRedisStore::open(&url).unwrap()).token_cache(sandbox.client_key());
    let client = ayolinx_ureq::Client::builder(
        sandbox.base_url(),
        sandbox.client_key(),
        sandbox.client_secret().clone(),
        PrivateKey::from_pem(sandbox.merchant_private_key_pem().unwrap()).unwrap(),
    )
    .token_store(Arc::new(cache.clone()))
    .build()
    .unwrap();
    let shared = client.access_token().unwrap();
    assert_eq!(cache.get().unwrap().unwrap().version, 1);
    assert_eq!(sandbox.request_count("token"), 1);

    // Redis gone: the client still works, on a token of its own (nothing to share it with),
    // until Redis is back.
    let port = server.stop();
    assert!(cache.get().unwrap_err().is_unavailable());
    let own = ayolinx_ureq::TokenStore::get(&cache);
    assert!(own.is_none());
    let LeaseOutcome::Granted(lease) = ayolinx_ureq::TokenStore::try_lease(&cache) else {
        panic!("an unreachable Redis leaves the caller its own lease");
    };
    let token = AccessToken::new("own", 900, Timestamp::from_unix(1_900_000_000).unwrap());
    let stored = ayolinx_ureq::TokenStore::put(&cache, lease, token);
    assert_eq!(stored.version, 0);
    client.access_token().unwrap();
    assert_eq!(sandbox.request_count("token"), 2);
    let _back = RedisServer::on(port);
    // Back, and empty: the next refresh is shared again.
    let again = client.access_token().unwrap();
    assert_ne!(
        again.secret().expose_secret(),
        shared.secret().expose_secret()
    );
    assert_eq!(cache.get().unwrap().unwrap().version, 1);
}

#[test]
fn va_token_at_one_router_instance_payment_at_another_sharing_redis() {
    let server = RedisServer::start();
    // Two instances, each with its own store and connection, as two processes would have.
    support::va_token_at_one_instance_payment_at_another(
        Arc::new(RedisStore::open(&server.url()).unwrap()),
        Arc::new(RedisStore::open(&server.url()).unwrap()),
    );
}

#[test]
fn overlapping_deliveries_to_two_router_instances_are_processed_once() {
    let server = RedisServer::start();
    let received = support::Received::default();
    let instances: Vec<_> = (0..2)
        .map(|_| {
            let store = Arc::new(RedisStore::open(&server.url()).unwrap());
            support::Server::start(support::merchant(&received, store).router().unwrap())
        })
        .collect();
    let signed = support::notification("/webhooks/ayolinx", "AYO-FLEET");
    let start = Arc::new(Barrier::new(16));
    let deliveries: Vec<_> = (0..16)
        .map(|n| {
            let url = instances[n % 2].url("/webhooks/ayolinx");
            let (signed, start) = (signed.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                support::send(&url, &signed)
            })
        })
        .collect();
    let answers: Vec<_> = deliveries.into_iter().map(|t| t.join().unwrap()).collect();
    // Each answer is the acknowledgement (processed, or replayed) or a retryable 500.
    assert!(answers.iter().all(|(status, body)| {
        (*status == 200 && body == support::NOTIFIED) || (*status == 500 && body == support::RETRY)
    }));
    assert!(answers.iter().any(|(status, _)| *status == 200));
    for instance in &instances {
        let (status, _) = support::send(&instance.url("/webhooks/ayolinx"), &signed);
        assert_eq!(status, 200);
    }
    assert_eq!(received.calls(), 1);
}

#[test]
fn durations_past_redis_range_mean_keep() {
    let server = RedisServer::start();
    let store = BlockingRedisStore::open(&server.url()).unwrap();
    let Claim::Claimed(lease) = store.claim("forever", Duration::MAX).unwrap() else {
        panic!("the first claim lost");
    };
    let ack = Ack::new(200, b"{}".to_vec());
    store.complete(&lease, &ack, Duration::MAX).unwrap();
    assert_eq!(
        store.claim("forever", Duration::MAX).unwrap(),
        Claim::Completed(ack)
    );
}
