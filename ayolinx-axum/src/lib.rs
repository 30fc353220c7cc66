//! The Ayolinx (SNAP) merchant's inbound side as an [axum](https://docs.rs/axum) [`Router`]
//! that any app mounts anywhere, nested or not.
//!
//! [`Merchant`] says what to serve; [`Merchant::router`] makes the router:
//!
//! - **notifications** (QRIS, e-wallet, convenience store, VA non-SNAP, payment link; scheme C)
//!   at every path given with [`Merchant::notification_path`];
//! - the **SNAP VA flow** (scheme D) with [`Merchant::snap_va`]: the token endpoint
//!   [`TOKEN_PATH`] Ayolinx calls first, then the payment at [`VA_PAYMENT_PATH`], which any
//!   instance sharing the [`IssuedTokens`](ayolinx_store::IssuedTokens) store accepts.
//!
//! Each request is verified by the core ([`ayolinx_proto::callback`]) over the **raw body bytes**
//! and the **original URI** (axum's `OriginalUri`: under `Router::nest` the path Ayolinx signed is
//! the full one, not the stripped one). A genuine notification or payment is then claimed in the
//! [`Ledger`](ayolinx_store::Ledger) by its dedup key before the merchant's async handler runs
//! with the typed value, so that it runs once across every instance sharing the ledger:
//!
//! | what happens | answer |
//! |---|---|
//! | verification fails | the core's SNAP refusal (`400`, `401`, …) |
//! | first delivery, handler `Ok` | the SNAP acknowledgement (`2005600`, or `2002500` with the echo), recorded |
//! | handler `Err` or panic | `500` General Error (Ayolinx retries); the claim is released |
//! | a duplicate while another delivery is processed | `500` General Error (Ayolinx retries) |
//! | a duplicate of a processed one | the recorded acknowledgement |
//! | the ledger or token store unreachable | `500` General Error |
//!
//! [`Merchant::on_exchange`] sees every request with what became of it ([`Outcome`],
//! [`Handling`]) and its answer, for logs and metrics; [`Merchant::notifications_at_any_path`]
//! serves notifications at every path no other route takes (`ayolinx listen` is this router).
//!
//! Nothing is acknowledged that was not processed. This crate is an adapter: it reads the clock
//! and the OS random source (issued tokens), behind [`Clock`] and [`Randomness`] for tests.
//!
//! A nested mount, served on loopback, receiving a signed callback:
//!
//! ```
//! use std::sync::{Arc, Mutex};
//! use ayolinx_axum::{Clock, Merchant, SystemClock};
//! use ayolinx_proto::callback::sign::sign_callback;
//! use ayolinx_proto::{PrivateKey, Timestamp};
//!
//! // A throwaway key standing in for Ayolinx's.
//! let ayolinx_key = PrivateKey::from_pem(include_str!("../../ayolinx-proto/tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
//! let paid = Arc::new(Mutex::new(Vec::new()));
//! let orders = paid.clone();
//! let callbacks = Merchant::new(ayolinx_key.public_key())
//!     .notification_path("/webhooks")
//!     .on_notification(move |notification| {
//!         let orders = orders.clone();
//!         async move {
//!             // Fulfil the order (in your database, in one transaction).
//!             orders.lock().map_err(|_| "poisoned")?.push(notification.reference().to_owned());
//!             Ok::<(), &'static str>(())
//!         }
//!     })
//!     .router()?;
//! let app = axum::Router::new().nest("/ayolinx", callbacks);
//!
//! tokio::runtime::Runtime::new()?.block_on(async {
//!     let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//!     let url = format!("http://{}/ayolinx/webhooks", listener.local_addr()?);
//!     tokio::spawn(async move { axum::serve(listener, app).await });
//!
//!     // Ayolinx signs the full path of the callback URL registered with it.
//!     let now = Timestamp::from_unix(SystemClock.unix_seconds())?;
//!     let body = br#"{"originalReferenceNo":"AYO-1","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"15000.00"}}"#;
//!     let signed = sign_callback(&ayolinx_key, "/ayolinx/webhooks", body, &now);
//!     let answer = tokio::task::spawn_blocking(move || {
//!         let mut request = ureq::post(&url);
//!         for (name, value) in &signed.headers {
//!             request = request.header(name, value);
//!         }
//!         request.send(&signed.body[..])?.body_mut().read_to_string()
//!     })
//!     .await??;
//!     assert_eq!(answer, r#"{"responseCode":"2005600","responseMessage":"Successful"}"#);
//!     Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
//! })?;
//! assert_eq!(*paid.lock().unwrap(), ["AYO-1"]);
//! # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
//! ```

mod builder;
mod claim;
mod delivery;
mod environment;
mod notify;
mod observe;
mod response;
mod state;
mod va;

pub use builder::{BuildError, Merchant, TOKEN_PATH, VA_PAYMENT_PATH};
pub use delivery::Delivery;
pub use environment::{Clock, OsRandomness, Randomness, SystemClock};
pub use observe::{Exchange, Handling, Outcome};
pub use response::SnapResponse;

#[doc(no_inline)]
pub use axum::Router;
