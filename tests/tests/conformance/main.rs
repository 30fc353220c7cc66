//! One conformance suite, run against both clients: `ayolinx-ureq` (blocking, called from the
//! runtime with `block_in_place`) and `ayolinx-reqwest` (awaited), against `ayolinx-sandbox` over
//! real loopback HTTP. Both clients run the core's driver and share its `Error`, so every
//! assertion is written once.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

#[path = "../common/mod.rs"]
mod common;
mod faults;
mod operations;
mod subject;
mod tokens;
mod tracing;
