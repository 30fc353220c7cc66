//! The sandbox times out slow clients: a half-sent request head or an idle keep-alive
//! connection is closed within 10 s, and a genuine request is served while 200 are open.
#![allow(clippy::unwrap_used)]

mod slow_check;

use ayolinx_sandbox::Sandbox;

#[test]
fn slow_clients_are_closed_and_do_not_block_a_genuine_request() {
    let sandbox = Sandbox::builder().start().unwrap();
    slow_check::check(sandbox.local_addr(), "/v1.0/qr/qr-mpm-generate", || {
        let url = format!("{}/sandbox/v1/transactions", sandbox.base_url());
        let response = ureq::get(&url).call().unwrap();
        assert_eq!(response.status().as_u16(), 200);
    });
}
