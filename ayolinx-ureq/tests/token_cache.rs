//! The token cache over real loopback HTTP: single-flight under 64 threads, refresh a margin
//! before expiry, stale-but-valid tokens served while a refresh is in flight, and a refused
//! token replaced once.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use ayolinx_ureq::{Client, Error};
use common::{
    ManualClock, QRIS_QUERY, Reply, START, Server, TOKEN_PATH, builder, client_of, json,
    query_ord_1, token_answer,
};
use serde_json::json as j;

/// A server whose tokens are `tok-1`, `tok-2`, … (each answer delayed so that requests
/// overlap) and whose QRIS query answers success to any token.
fn server(token_delay: Duration, lifetime: u64) -> Server {
    let issued = AtomicUsize::new(0);
    Server::start(move |request| match request.path.as_str() {
        TOKEN_PATH => {
            let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
            Reply::After(
                token_delay,
                Box::new(token_answer(&format!("tok-{n}"), lifetime)),
            )
        }
        _ => json(
            200,
            j!({"responseCode":"2005100","responseMessage":"Successful","latestTransactionStatus":"03"}),
        ),
    })
}

/// `call` made by `threads` threads on clones of `client`, all released at once; the results.
fn all_at_once<T: Send + 'static>(
    client: &Client,
    threads: usize,
    call: fn(&Client) -> T,
) -> Vec<T> {
    let barrier = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (client, barrier) = (client.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                call(&client)
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

/// A query then the token, from `threads` threads at once; the tokens they used.
fn hammer(client: &Client, threads: usize) -> Vec<String> {
    all_at_once(client, threads, |client| {
        query_ord_1(client).unwrap();
        client
            .access_token()
            .unwrap()
            .secret()
            .expose_secret()
            .to_owned()
    })
}

#[test]
fn sixty_four_threads_through_an_expiry_make_one_token_request_each_time() {
    let server = server(Duration::from_millis(300), 900);
    let clock = ManualClock::at(START);
    let client = builder(&server, &clock)
        .token_refresh_margin_seconds(60)
        .build()
        .unwrap();

    let tokens = hammer(&client, 64);
    assert_eq!(server.count(TOKEN_PATH), 1);
    assert!(tokens.iter().all(|t| t == "tok-1"));
    assert_eq!(server.count(QRIS_QUERY), 64);

    // Past expiry: nobody may use the old token, all 64 wait for the one refresh.
    clock.advance(901);
    let tokens = hammer(&client, 64);
    assert_eq!(server.count(TOKEN_PATH), 2);
    assert!(tokens.iter().all(|t| t == "tok-2"));
    for request in server.requests(QRIS_QUERY).iter().skip(64) {
        assert_eq!(request.header("Authorization"), Some("Bearer tok-2"));
    }
}

#[test]
fn the_token_is_refreshed_a_margin_before_expiry_and_the_old_one_serves_meanwhile() {
    let server = server(Duration::from_millis(500), 900);
    let clock = ManualClock::at(START);
    let client = builder(&server, &clock)
        .token_refresh_margin_seconds(60)
        .build()
        .unwrap();
    client.access_token().unwrap();

    clock.advance(839);
    assert_eq!(
        client.access_token().unwrap().secret().expose_secret(),
        "tok-1"
    );
    assert_eq!(server.count(TOKEN_PATH), 1);

    // Inside the margin: one thread refreshes (slowly); the others keep using tok-1, which
    // has not expired, without waiting for the refresh.
    clock.advance(10);
    let refresher = {
        let client = client.clone();
        std::thread::spawn(move || client.access_token().unwrap())
    };
    std::thread::sleep(Duration::from_millis(150));
    let started = std::time::Instant::now();
    let meanwhile = client.access_token().unwrap();
    assert!(started.elapsed() < Duration::from_millis(250));
    assert_eq!(meanwhile.secret().expose_secret(), "tok-1");
    assert_eq!(refresher.join().unwrap().secret().expose_secret(), "tok-2");
    assert_eq!(
        client.access_token().unwrap().secret().expose_secret(),
        "tok-2"
    );
    assert_eq!(server.count(TOKEN_PATH), 2);
}

#[test]
fn a_refused_token_is_dropped_and_the_call_retried_once_with_a_new_one() {
    let refusals = AtomicUsize::new(0);
    let issued = AtomicUsize::new(0);
    let server = Server::start(move |request| match request.path.as_str() {
        TOKEN_PATH => {
            let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
            token_answer(&format!("tok-{n}"), 900)
        }
        _ if request.header("Authorization") == Some("Bearer tok-1")
            || refusals.load(Ordering::SeqCst) >= 5 =>
        {
            refusals.fetch_add(1, Ordering::SeqCst);
            json(
                401,
                j!({"responseCode":"4015101","responseMessage":"Invalid Token (B2B)"}),
            )
        }
        _ => json(
            200,
            j!({"responseCode":"2005100","responseMessage":"Successful","latestTransactionStatus":"00"}),
        ),
    });
    let (client, _) = client_of(&server);
    let answer = query_ord_1(&client).unwrap();
    assert_eq!(answer.response_code.as_str(), "2005100");
    assert_eq!(server.count(TOKEN_PATH), 2);
    let queries = server.requests(QRIS_QUERY);
    assert_eq!(queries.len(), 2);
    assert_eq!(queries[1].header("Authorization"), Some("Bearer tok-2"));
    assert_ne!(
        queries[0].header("X-EXTERNAL-ID"),
        queries[1].header("X-EXTERNAL-ID")
    );
}

#[test]
fn a_token_refused_twice_is_not_refreshed_again() {
    let server = Server::start(|request| match request.path.as_str() {
        TOKEN_PATH => token_answer("tok", 900),
        _ => json(
            401,
            j!({"responseCode":"4015101","responseMessage":"Invalid Token (B2B)"}),
        ),
    });
    let (client, _) = client_of(&server);
    let error = query_ord_1(&client).unwrap_err();
    let Error::TokenRefused(api) = &error else {
        panic!("expected the refused token error, got {error:?}")
    };
    assert_eq!(api.http_status(), Some(401));
    assert_eq!(error.api_error().and_then(|e| e.http_status()), Some(401));
    assert_eq!(server.count(QRIS_QUERY), 2);
    assert_eq!(server.count(TOKEN_PATH), 2);
    // The advice matches what the client already did: it refreshed and resent once.
    let text = error.to_string();
    assert!(
        !text.contains("get a new access token and retry once"),
        "{text}"
    );
    assert!(
        text.contains("already fetched a new access token"),
        "{text}"
    );
}

#[test]
fn a_failed_refresh_is_reported_to_every_waiter_without_a_stampede() {
    let server = Server::start(|request| match request.path.as_str() {
        TOKEN_PATH => Reply::After(
            Duration::from_millis(300),
            Box::new(json(
                401,
                j!({"responseCode":"4017300","responseMessage":"Unauthorized. Signature"}),
            )),
        ),
        _ => json(500, j!({})),
    });
    let (client, _) = client_of(&server);
    let errors = all_at_once(&client, 16, |client| client.access_token().unwrap_err());
    assert_eq!(server.count(TOKEN_PATH), 1);
    for error in &errors {
        let text = error.to_string();
        assert!(text.contains("4017300"), "{text}");
        assert!(!error.is_retryable() || matches!(error, Error::TokenUnavailable { .. }));
    }
}

#[test]
fn a_token_shorter_lived_than_twice_the_margin_serves_half_its_life() {
    let server = server(Duration::ZERO, 20);
    let clock = ManualClock::at(START);
    let client = builder(&server, &clock)
        .token_refresh_margin_seconds(60)
        .build()
        .unwrap();
    for _ in 0..5 {
        query_ord_1(&client).unwrap();
        clock.advance(1);
    }
    assert_eq!(server.count(TOKEN_PATH), 1);
    clock.advance(5);
    query_ord_1(&client).unwrap();
    assert_eq!(server.count(TOKEN_PATH), 2);
}
