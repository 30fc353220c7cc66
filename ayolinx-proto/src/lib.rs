//! The Sans-IO core of the Ayolinx payment SDK. **This crate does no I/O**: it never opens a
//! socket, never reads a file or the environment, never reads the clock and never asks the
//! operating system for randomness. Time ([`Timestamp`]) and random bytes are arguments; requests
//! leave as plain data and responses come back as plain data. Every transport (the blocking
//! `ayolinx-ureq` client, `ayolinx-wasm` in an edge worker, or your own HTTP stack) is a thin loop
//! around the same code, so there is one path for signing and one for parsing.
//!
//! Ayolinx's Open API follows Bank Indonesia's SNAP standard. Three signatures matter:
//!
//! | what | string to sign | algorithm |
//! |---|---|---|
//! | access-token request | `client_key\|X-TIMESTAMP` | SHA256withRSA, the merchant's key |
//! | every other request | `POST:path:token:sha256hex(body):X-TIMESTAMP` | HMAC-SHA512, the client secret |
//! | callbacks to the merchant | `POST:path:sha256hex(body):X-TIMESTAMP` | SHA256withRSA, Ayolinx's key |
//!
//! All three are in [`signature`]; the keys are [`PrivateKey`] and [`PublicKey`]; the exact body
//! bytes that are hashed and sent come from [`body::encode`].
//! What Ayolinx sends to the merchant (signed callbacks, the merchant-hosted SNAP token endpoint
//! and VA payment) is verified and answered with [`callback`]; what Ayolinx checks on the
//! merchant's requests (scheme B), for sandboxes and test servers, is [`gateway`].
//!
//! ```
//! use ayolinx_proto::{body, signature, Timestamp};
//!
//! let timestamp = Timestamp::from_unix(1_726_120_500)?; // 2024-09-12T12:55:00+07:00
//! let body = body::encode(
//!     &serde_json::json!({"partnerReferenceNo": "ORD-1", "amount": {"currency": "IDR", "value": "15000.00"}}),
//!     body::BodyEncoding::PhpJson,
//! )?;
//! let string_to_sign = signature::request_string_to_sign(
//!     "POST", "/v1.0/qr/qr-mpm-generate", "token", &body, &timestamp.to_string(),
//! );
//! let x_signature = signature::hmac_sha512_base64(b"client-secret", string_to_sign.as_bytes());
//! assert_eq!(x_signature.len(), 88); // base64 of a 64-byte tag
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The RSA backend
//!
//! On native targets, RSA signing and verification use [AWS-LC](https://github.com/aws/aws-lc-rs)
//! (`aws-lc-rs`): its private-key operations are constant time and blinded, and it is several times
//! faster than the pure-Rust `rsa` crate. The pure-Rust `rsa` crate carries an unfixed timing
//! advisory on private-key operations (RUSTSEC-2023-0071, the Marvin attack), so it is used only
//! with the `pure-rust-rsa` feature, which exists so that CI can run every RSA vector against both
//! backends and for `wasm32` builds that want RSA inside the core. On `wasm32` without it there is
//! no RSA backend: keys are read and checked here, every string to sign is built here, and the
//! host signs and verifies ([`Client::prepare_token_signed`],
//! [`CallbackVerifier::begin`](callback::CallbackVerifier::begin); ayolinx-wasm uses WebCrypto).
//! No backend type appears in the public API. The blinding AWS-LC applies inside a private-key operation draws its own
//! randomness; it never changes a signature (PKCS#1 v1.5 is deterministic) and is the only
//! randomness anywhere below this crate's API.

mod json_type;
#[macro_use]
mod serde_str;
mod sha256;

pub mod api;
pub mod body;
pub mod callback;
pub mod channel;
pub mod client;
pub mod code;
pub mod driver;
pub mod external_id;
pub mod gateway;
pub mod guard;
pub mod http;
pub mod key_setting;
pub mod keys;
pub mod money;
pub mod qris;
pub mod retry;
pub mod secret;
pub mod signature;
pub mod time;

pub use api::{Operation, OperationKind};
pub use channel::Channel;
pub use client::{ApiError, Client, ClientConfig, Environment, PreparedRequest};
pub use code::{ResponseCode, TransactionStatus};
pub use external_id::ExternalId;
pub use http::{HttpRequest, HttpResponse};
pub use keys::{KeyError, PrivateKey, PublicKey};
pub use money::{Amount, Currency, Money};
pub use secret::Secret;
pub use time::{Timestamp, WireTime};
