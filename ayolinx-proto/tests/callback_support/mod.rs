//! Shared helpers of the `callback_*` tests: the test key standing in for Ayolinx's, the C1
//! vector, the callback fixtures, and a signer for any body.
// Test support: reading files and failing loudly is its whole purpose.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::disallowed_methods,
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

use ayolinx_proto::callback::CallbackVerifier;
use ayolinx_proto::callback::sign::{SignedRequest, sign_callback};
use ayolinx_proto::{PrivateKey, PublicKey, Timestamp};
use serde_json::Value;

use crate::common;

/// The throwaway test key of `vectors/keys`, standing in for Ayolinx's callback key.
pub fn ayolinx_private_key() -> PrivateKey {
    PrivateKey::from_pem(&common::read_vector_text(
        "keys/test_merchant_private_pkcs8.pem",
    ))
    .expect("the vectors' test private key parses")
}

/// Its public half, as the merchant would configure it.
pub fn ayolinx_public_key() -> PublicKey {
    PublicKey::from_pem(&common::read_vector_text("keys/test_merchant_public.pem"))
        .expect("the vectors' test public key parses")
}

/// The C1 callback vector.
pub fn c1() -> Value {
    let all = common::read_vector_json("ayolinx-signatures.json");
    all["callback_sha256withrsa"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "C1")
        .expect("the C1 vector")
        .clone()
}

/// A field of a vector, as text.
pub fn text<'a>(vector: &'a Value, field: &str) -> &'a str {
    vector[field]
        .as_str()
        .unwrap_or_else(|| panic!("the vector has no text field {field}"))
}

/// The raw bytes of `tests/fixtures/callback/<name>`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/callback")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Parses a timestamp the tests write by hand.
pub fn ts(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

/// 2024-09-12T12:55:00+07:00, the timestamp of the vectors.
pub fn vector_time() -> Timestamp {
    ts("2024-09-12T12:55:00+07:00")
}

/// `body` signed as Ayolinx signs callbacks to `path`, at the vectors' time.
pub fn signed(path: &str, body: &[u8]) -> SignedRequest {
    sign_callback(&ayolinx_private_key(), path, body, &vector_time())
}

/// A verifier with the test public key and the defaults.
pub fn verifier() -> CallbackVerifier {
    CallbackVerifier::new(ayolinx_public_key())
}
