//! 64 threads hammering `ayolinx-ureq` through a token expiry against `ayolinx-sandbox` cause
//! exactly one token refresh.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
use ayolinx_sandbox::Sandbox;
use common::{client_for, idr};

#[test]
fn sixty_four_threads_through_a_token_expiry_make_one_token_request() {
    // Tokens live 5 s; the client refreshes 1 s before expiry, so the first token goes stale
    // 4 s after it was issued and the second stays fresh for 4 s after that.
    let sandbox = Sandbox::builder()
        .token_lifetime_seconds(5)
        .start()
        .unwrap();
    let client = client_for(&sandbox)
        .token_refresh_margin_seconds(1)
        .build()
        .unwrap();
    client
        .qris()
        .generate(&QrisGenerateRequest::new("TOKEN-1", idr(1_000)))
        .unwrap();
    let issued = Instant::now();
    assert_eq!(sandbox.request_count("token"), 1);

    let threads = 64;
    let barrier = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (client, barrier) = (client.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                let mut calls = 0;
                // From 3 s to 5.5 s after the first token: through its refresh point (4 s).
                while issued.elapsed() < Duration::from_millis(5_500) {
                    if issued.elapsed() >= Duration::from_secs(3) {
                        client
                            .qris()
                            .query(&QrisQueryRequest::new("TOKEN-1"))
                            .unwrap();
                        calls += 1;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                calls
            })
        })
        .collect();
    let calls: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert!(calls >= threads * 5, "{calls} calls");
    assert_eq!(sandbox.request_count("token"), 2);
    assert_eq!(sandbox.request_count("qris.query"), calls);
}
