//! The Ayolinx (SNAP) core for JavaScript runtimes and edge workers: Node, Deno, browsers and
//! Cloudflare Workers (workerd), via [wasm-bindgen](https://wasm-bindgen.github.io/wasm-bindgen/).
//!
//! These are thin bindings over [`ayolinx_proto`], the Sans-IO core: every string to sign, every
//! signature, every body byte and every parsed answer comes from the core, the one code path that
//! the Rust tests, fuzzers and shared vectors check. The bindings only read the host's clock
//! (`Date.now()`) and randomness (`crypto.getRandomValues`), which the core takes as arguments,
//! hand the RSA arithmetic to the host's WebCrypto (`crypto.subtle`: native code, and no
//! big-integer library in the package), and convert between JavaScript values and the core's
//! types. The functions that sign or verify with RSA return Promises.
//!
//! The JavaScript API (see `README.md` for building, loading in Node and workerd, and a
//! Cloudflare Worker):
//!
//! | JavaScript | what it does |
//! |---|---|
//! | `tokenSignature(privateKeyPem, clientKey, timestamp)` | `X-SIGNATURE` of the access-token request (a Promise) |
//! | `requestSignature(clientSecret, method, path, accessToken, body, timestamp)` | `X-SIGNATURE` of any other request |
//! | `verifyCallbackSignature(publicKeyPem, method, path, body, timestamp, signature)` | whether a callback's signature holds (a Promise) |
//! | `encodeBody(value, "php" \| "compact")` | the exact body bytes that are hashed and sent |
//! | `signSha256WithRsa(privateKeyPem, message)`, `verifySha256WithRsa(publicKeyPem, message, signature)` | the RSA primitive under the token and callback signatures (Promises) |
//! | `new AyolinxClient({ clientKey, clientSecret, privateKeyPem, baseUrl })` | `prepareToken` (a Promise), `prepare`, `parse`; `call` (a whole call over `fetch`: token cache, retries, reconciliation) |
//! | `new CallbackVerifier({ publicKeyPem, windowSeconds, route })` | `verify` (a Promise), `CallbackVerifier.acknowledgement` |
//! | `classifyPayment(expected, notification, recorded, nowMillis?)` | the payment guard: what a verified notification means for the order (fulfil only on `fulfil`) |
//!
//! Without the default `client` feature the crate has only `CallbackVerifier` and
//! `classifyPayment`: the module of the package's `ayolinx-wasm/callbacks` entry, for a worker
//! that receives callbacks and makes no calls.
//!
//! Every failure is a thrown (or, from a Promise, rejected) JavaScript `Error` with a clear
//! `message` and a `code` that names it
//! ([`Failure`]); no input makes the wasm instance abort. Values from JavaScript are read exactly
//! or refused: `NaN`, integers beyond 2^53, `undefined` in arrays, lone surrogates and objects
//! that are not plain are errors, never silently changed. Money is a string (`"15000.00"`).

mod callback;
#[cfg(feature = "client")]
mod calls;
#[cfg(feature = "client")]
mod client;
mod clock;
mod convert;
mod failure;
mod guard;
mod host;
mod input;
#[cfg(feature = "client")]
mod operations;
#[cfg(feature = "client")]
mod signatures;
#[cfg(feature = "client")]
mod stamp;
#[cfg(feature = "client")]
mod transport;
mod types;
mod webcrypto;

pub use callback::CallbackVerifier;
#[cfg(feature = "client")]
pub use client::AyolinxClient;
pub use failure::Failure;
pub use guard::classify_payment;
#[cfg(feature = "client")]
pub use signatures::{
    encode_body, request_signature, sign_sha256_with_rsa, token_signature,
    verify_callback_signature, verify_sha256_with_rsa,
};
