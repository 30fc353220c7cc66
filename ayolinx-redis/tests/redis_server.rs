//! The Redis store against a real `redis-server` on a free loopback port (feature
//! `redis-server-tests`; `.ci/install-redis.sh` installs the server).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "../../ayolinx-axum/tests/support/mod.rs"]
mod support;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use ayolinx_proto::{Secret, Timestamp};
use ayolinx_redis::{BlockingRedisStore, RedisStore, Waited};
use ayolinx_store::conformance::{self, CheckError};
use ayolinx_store::{Ack, Claim, IssuedTokens, Ledger, Release, StoreErrorKind};

/// A `redis-server` on a free loopback port, with no persistence; killed when dropped.
struct RedisServer {
    child: Child,
    port: u16,
}

impl RedisServer {
    fn start() -> Self {
        // Redis has no `--port 0`: take a free port from the OS and hand it over.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        Self::on(port)
    }

    fn on(port: u16) -> Self {
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server is installed (bash .ci/install-redis.sh)");
        let server = Self { child, port };
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    fn stop(mut self) -> u16 {
        self.kill();
        self.port
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}

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
fn one_refresher_at_a_time_and_the_waiters_get_its_token() {
    let server = RedisServer::start();
    let url = server.url();
    let expires_at = Timestamp::from_unix(1_900_000_000).unwrap();
    // 16 blocking callers on a cold cache: one leases, the others wait for its token.
    let start = Arc::new(Barrier::new(16));
    let threads: Vec<_> = (0..16)
        .map(|_| {
            let (url, start) = (url.clone(), start.clone());
            std::thread::spawn(move || {
                let store = BlockingRedisStore::open(&url).unwrap();
                let cache = store.token_cache("CK-fleet");
                start.wait();
                if let Some(token) = cache.get().unwrap() {
                    return (false, token.token.expose_secret().to_owned());
                }
                if let Some(lease) = cache.try_lease(Duration::from_secs(5)).unwrap() {
                    std::thread::sleep(Duration::from_millis(200));
                    let token = Secret::new("token-1");
                    cache
                        .put(&lease, &token, expires_at, Duration::from_secs(60))
                        .unwrap();
                    return (true, "token-1".to_owned());
                }
                match cache
                    .wait(Duration::from_secs(5), Duration::from_millis(20))
                    .unwrap()
                {
                    Waited::Token(token) => (false, token.token.expose_secret().to_owned()),
                    other => panic!("{other:?}"),
                }
            })
        })
        .collect();
    let results: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(
        results.iter().filter(|(refreshed, _)| *refreshed).count(),
        1
    );
    assert!(results.iter().all(|(_, token)| token == "token-1"));

    // The async cache sees the same token; a failed refresh frees the lease for a waiter.
    runtime().block_on(async {
        let cache = RedisStore::open(&url).unwrap().token_cache("CK-fleet");
        let cached = cache.get().await.unwrap().unwrap();
        assert_eq!(
            (cached.token.expose_secret(), cached.expires_at),
            ("token-1", expires_at)
        );
        assert!(!format!("{cached:?}").contains("token-1"));
        let other = RedisStore::open(&url).unwrap().token_cache("CK-other");
        let lease = other
            .try_lease(Duration::from_secs(5))
            .await
            .unwrap()
            .unwrap();
        assert!(
            other
                .try_lease(Duration::from_secs(5))
                .await
                .unwrap()
                .is_none()
        );
        let waited = other
            .wait(Duration::from_millis(100), Duration::from_millis(20))
            .await
            .unwrap();
        assert!(matches!(waited, Waited::TimedOut), "{waited:?}");
        assert!(other.release(lease).await.unwrap());
        let waited = other
            .wait(Duration::from_secs(1), Duration::from_millis(20))
            .await
            .unwrap();
        assert!(matches!(waited, Waited::LeaseFree), "{waited:?}");
        // A lease whose holder died runs out.
        let _dead = other
            .try_lease(Duration::from_millis(100))
            .await
            .unwrap()
            .unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(
            other
                .try_lease(Duration::from_secs(5))
                .await
                .unwrap()
                .is_some()
        );
    });
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
