//! 64 tasks at once on a cold cache make exactly one token request, and 64 tasks hammering a
//! client through a token expiry make exactly one refresh: each client, single-flight.

use std::sync::Arc;
use std::time::{Duration, Instant};

use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
use ayolinx_sandbox::Sandbox;
use tokio::sync::Barrier;

use crate::common::idr;
use crate::subject::{Setup, Subject};

const TASKS: usize = 64;

#[tokio::test(flavor = "multi_thread")]
async fn sixty_four_tasks_on_a_cold_cache_make_one_token_request() {
    for kind in 0..2 {
        let sandbox = Sandbox::builder().start().unwrap();
        let client = Subject::both(&sandbox, Setup::default())[kind].clone();
        sandbox.add_fault(ayolinx_sandbox::Fault::new(
            ayolinx_sandbox::FaultTarget::Operation("token".into()),
            ayolinx_sandbox::FaultKind::Latency { millis: 200 },
        ));
        let barrier = Arc::new(Barrier::new(TASKS));
        let tasks: Vec<_> = (0..TASKS)
            .map(|n| {
                let (client, barrier) = (client.clone(), barrier.clone());
                tokio::spawn(async move {
                    barrier.wait().await;
                    let order = QrisGenerateRequest::new(format!("COLD-{n}"), idr(1_000));
                    client.send(&order).await.map(drop)
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        assert_eq!(sandbox.request_count("token"), 1, "{}", client.name());
        assert_eq!(sandbox.request_count("qris.generate"), TASKS);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sixty_four_tasks_through_a_token_expiry_make_one_token_request() {
    for kind in 0..2 {
        // Tokens live 5 s; the client refreshes 1 s before expiry, so the first token goes
        // stale 4 s after it was issued and the second stays fresh for 4 s after that.
        let sandbox = Sandbox::builder()
            .token_lifetime_seconds(5)
            .start()
            .unwrap();
        let setup = Setup {
            margin_seconds: 1,
            ..Setup::default()
        };
        let client = Subject::both(&sandbox, setup)[kind].clone();
        client
            .send(&QrisGenerateRequest::new("TOKEN-1", idr(1_000)))
            .await
            .unwrap();
        let issued = Instant::now();
        assert_eq!(sandbox.request_count("token"), 1);

        let barrier = Arc::new(Barrier::new(TASKS));
        let tasks: Vec<_> = (0..TASKS)
            .map(|_| {
                let (client, barrier) = (client.clone(), barrier.clone());
                tokio::spawn(async move {
                    barrier.wait().await;
                    let mut calls = 0;
                    // From 3 s to 5.5 s after the first token: through its refresh point (4 s).
                    while issued.elapsed() < Duration::from_millis(5_500) {
                        if issued.elapsed() >= Duration::from_secs(3) {
                            client
                                .send(&QrisQueryRequest::new("TOKEN-1"))
                                .await
                                .unwrap();
                            calls += 1;
                        }
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    calls
                })
            })
            .collect();
        let mut calls = 0;
        for task in tasks {
            calls += task.await.unwrap();
        }
        assert!(calls >= TASKS * 5, "{}: {calls} calls", client.name());
        assert_eq!(sandbox.request_count("token"), 2, "{}", client.name());
        assert_eq!(sandbox.request_count("qris.query"), calls);
    }
}
