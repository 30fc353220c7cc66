//! Benchmarks of the Ayolinx SDK, run together by `bench/run.sh`:
//!
//! - `inputs` writes `bench/inputs.json`, the bytes every peer works on;
//! - `speed` times the SDK's two hot operations (prepare a signed QRIS generate request; verify
//!   and parse a QRIS callback) and the token signature, each beside its cryptographic floor;
//! - `allocs` counts heap allocations per operation (and `tests/allocations.rs` holds them to a
//!   budget);
//! - the peers in `bench/peers/` time the same operations in Python, Node and PHP;
//! - `load` and `load_async` put `ayolinx-ureq` (threads) and `ayolinx-reqwest` (tokio tasks)
//!   under load against the sandbox on loopback, each beside its raw HTTP client sending
//!   pre-signed bytes ([`load`] holds what they share).
//!
//! The fixtures (keys, request, callback) and the floors are the criterion benches' own
//! (`ayolinx-proto/benches/support`), included here so both measure the same bytes.

#[path = "../../ayolinx-proto/benches/support/mod.rs"]
pub mod support;

pub mod allocations;
pub mod inputs;
pub mod load;
pub mod timing;
