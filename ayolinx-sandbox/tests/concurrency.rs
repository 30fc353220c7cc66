//! 64 keep-alive clients at once.
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::{Arc, Barrier};

use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
use ayolinx_sandbox::Sandbox;
use support::{Merchant, idr};

#[test]
fn sixty_four_concurrent_keep_alive_clients() {
    const CLIENTS: usize = 64;
    let sandbox = Arc::new(Sandbox::start().unwrap());
    let barrier = Arc::new(Barrier::new(CLIENTS));
    let threads: Vec<_> = (0..CLIENTS)
        .map(|n| {
            let sandbox = Arc::clone(&sandbox);
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                // One agent per client: one pooled connection, kept alive across its calls.
                let merchant = Merchant::new(&sandbox);
                // Every client holds its open connection here, so all 64 are open at once.
                barrier.wait();
                let reference = format!("ORD-C-{n}");
                merchant.ok(&QrisGenerateRequest::new(&reference, idr(1_000 + n as u64)));
                barrier.wait();
                let status = merchant.ok(&QrisQueryRequest::new(&reference));
                status.original_partner_reference_no.unwrap() == reference
            })
        })
        .collect();
    for thread in threads {
        assert!(thread.join().unwrap());
    }
    assert_eq!(sandbox.transactions().len(), CLIENTS);
    assert_eq!(sandbox.request_count("token"), CLIENTS);
    assert_eq!(sandbox.request_count("qris.generate"), CLIENTS);
    assert_eq!(sandbox.request_count("qris.query"), CLIENTS);
    // 192 requests over 64 connections: keep-alive held.
    assert_eq!(sandbox.connections_accepted(), CLIENTS);
}
