//! A token the sandbox has expired (while the client, on a frozen clock, still trusts it) is
//! refused with 401; the client drops it, fetches one new token and retries once.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
use ayolinx_sandbox::Sandbox;
use ayolinx_ureq::{Clock, SystemClock};
use common::{client_for, idr};

/// The time when the test started, forever (sleeps still sleep).
struct FrozenClock(i64);

impl Clock for FrozenClock {
    fn unix_seconds(&self) -> i64 {
        self.0
    }

    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

#[test]
fn a_token_expired_server_side_is_replaced_once_and_the_call_retried() {
    let sandbox = Sandbox::builder()
        .token_lifetime_seconds(1)
        .start()
        .unwrap();
    let client = client_for(&sandbox)
        .clock(Arc::new(FrozenClock(SystemClock.unix_seconds())))
        .token_refresh_margin_seconds(0)
        .build()
        .unwrap();
    client
        .qris()
        .generate(&QrisGenerateRequest::new("EXPIRED-1", idr(1_000)))
        .unwrap();
    std::thread::sleep(Duration::from_millis(2_100));

    let answer = client
        .qris()
        .query(&QrisQueryRequest::new("EXPIRED-1"))
        .unwrap();
    assert_eq!(answer.response_code.as_str(), "2005100");
    assert_eq!(sandbox.request_count("token"), 2);
    assert_eq!(
        sandbox.request_count("qris.query"),
        2,
        "refused once, then accepted"
    );
}
