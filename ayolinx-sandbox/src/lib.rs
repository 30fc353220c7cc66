//! A local, protocol-faithful Ayolinx server for tests and offline development.
//!
//! `ayolinx-sandbox` serves every endpoint Ayolinx provides (section 8 of the API notes) on
//! loopback, and is as strict as Ayolinx: the token request must carry a valid SHA256withRSA
//! signature (scheme A) by the merchant key over the configured client key; every other request
//! needs a known, unexpired bearer token, the right `X-PARTNER-ID`, a numeric `X-EXTERNAL-ID`
//! unused today, an `X-TIMESTAMP` within the window and an HMAC-SHA512 signature (scheme B) over
//! the raw body bytes. Refusals carry the SNAP codes (`401xx00`, `401xx01`, `409xx00`,
//! `409xx01`, `404xx01`, `400xx01`, `400xx02` …) with each operation's service code.
//! Transactions move (created, paid, cancelled, expired), are paid from Rust
//! ([`SandboxHandle::pay`]), from the control API or from an HTML checkout page, and every
//! payment is notified the way Ayolinx does it: signed callbacks (scheme C), the SNAP VA flow
//! (scheme D), retries after 1, 5, 10 and 60 minutes scaled by a time factor. Faults (latency, a
//! chosen status, a dropped connection, a truncated or non-JSON body, duplicated or badly signed
//! callbacks) are injected on demand. The server is axum on a tokio runtime owned by a
//! background thread; the [`SandboxHandle`] is a plain blocking API.
//!
//! ```
//! use std::time::Duration;
//! use ayolinx_proto::api::qris::QrisGenerateRequest;
//! use ayolinx_proto::client::BaseUrl;
//! use ayolinx_proto::{Amount, Client, ClientConfig, Environment, ExternalId, HttpResponse, Money, PrivateKey, Timestamp};
//! use ayolinx_sandbox::{Sandbox, TransactionState};
//!
//! # fn send(request: &ayolinx_proto::HttpRequest) -> Result<HttpResponse, Box<dyn std::error::Error>> {
//! #     let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
//! #     let mut call = agent.post(&request.url);
//! #     for (name, value) in &request.headers { call = call.header(&**name, &**value); }
//! #     let mut response = call.send(&request.body[..])?;
//! #     Ok(HttpResponse::new(response.status().as_u16(), response.body_mut().read_to_vec()?))
//! # }
//! # fn now() -> Timestamp {
//! #     let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
//! #     Timestamp::from_unix(secs as i64).expect("a valid time")
//! # }
//! // 1. Start a sandbox with the documented test credentials (callbacks go nowhere here).
//! let sandbox = Sandbox::builder().callback_url("http://127.0.0.1:9/callback").time_factor(0.0).start()?;
//!
//! // 2. A merchant client from the core, pointed at the sandbox; `send` is any HTTP client
//! //    (ureq here) that sends the prepared request byte for byte.
//! let client = Client::new(ClientConfig::new(
//!     Environment::Custom(BaseUrl::parse(sandbox.base_url())?),
//!     sandbox.client_key(),
//!     sandbox.client_secret().clone(),
//!     PrivateKey::from_pem(sandbox.merchant_private_key_pem().expect("the default test key"))?,
//! ));
//! let token = client.parse_token(&send(client.prepare_token(&now())?.request())?, now())?;
//!
//! // 3. Generate a QRIS.
//! let order = QrisGenerateRequest::new("ORDER-1", Money::idr(Amount::from_rupiah(15_000)?));
//! let prepared = client.prepare(&order, &token, &now(), &ExternalId::new("418075533589")?)?;
//! let qr = client.parse::<QrisGenerateRequest>(&send(prepared.request())?)?;
//! assert!(qr.qr_content.starts_with("000201"));
//!
//! // 4. Pay it, as a customer would, and read the callback attempts.
//! assert_eq!(sandbox.pay("ORDER-1")?.status, TransactionState::Paid);
//! let deliveries = sandbox.wait_for_callbacks(|d| d.len() == 5, Duration::from_secs(10))?;
//! assert!(deliveries.iter().all(|d| !d.acknowledged)); // nobody listens on port 9: 1 + 4 retries
//!
//! // 5. Stop (dropping the handle does the same).
//! sandbox.stop();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Bad days
//!
//! A handler must survive more than the genuine success. [`SandboxHandle::settle`] (and the
//! control API below, and `ayolinx sandbox pay|fail|cancel|expire`) ends a transaction the way a
//! bad day does, each with its signed callback, built and signed exactly like the genuine one:
//!
//! | what | Rust | control API body (`POST /sandbox/v1/transactions/{ref}/…`) |
//! |---|---|---|
//! | the payment failed (`06` `FAILED`), also after a success | [`Settlement::fail`] | `fail` |
//! | cancelled (`05` `CANCELED`), also after a success | [`Settlement::cancel`] | `cancel` |
//! | expired now (`06` `EXPIRED`) | [`Settlement::expire`] | `expire` |
//! | underpaid: a success claiming less | [`Settlement::pay`]`.amount(m)` | `pay` `{"amount":{"value":"1.00","currency":"IDR"}}` |
//! | a success after expiry, cancel or failure | `.after_close()` | `pay` `{"after_close":true}` |
//! | each callback delivered twice | `.times(2)` | `{"times":2}` (1 to 10) |
//! | late | `.delay(d)` | `{"delay_ms":500}` (at most an hour) |
//! | out of order: the earlier `03` step after the new status | `.out_of_order()` | `{"out_of_order":true}` |
//!
//! Fail and cancel apply to a created or paid transaction, expire to a created one, a payment
//! after close to an expired, cancelled or failed one; otherwise the answer is `409` (Rust:
//! [`SandboxError::CannotSettle`] or [`SandboxError::NotPayable`]), and a body that does not
//! hold together (an `amount` on `fail`, an unknown field) is `400`. The answer is the
//! transaction as `GET /sandbox/v1/transactions` shows it (with `paid_amount` when the success
//! claimed another amount). Several calls in a row compose: a late success
//! (`{"delay_ms":500}`) then an immediate `fail` delivers the failure first. The SNAP VA flow
//! notifies payments only; the other callbacks of a VA go to the callback URL as notifications.
//!
//! ```
//! # use std::time::Duration;
//! # use ayolinx_proto::api::qris::QrisGenerateRequest;
//! # use ayolinx_proto::client::BaseUrl;
//! # use ayolinx_proto::{Amount, Client, ClientConfig, Environment, ExternalId, HttpResponse, Money, PrivateKey, Timestamp};
//! # use ayolinx_sandbox::{Sandbox, Settlement, TransactionState};
//! # fn send(request: &ayolinx_proto::HttpRequest) -> Result<HttpResponse, Box<dyn std::error::Error>> {
//! #     let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
//! #     let mut call = agent.post(&request.url);
//! #     for (name, value) in &request.headers { call = call.header(&**name, &**value); }
//! #     let mut response = call.send(&request.body[..])?;
//! #     Ok(HttpResponse::new(response.status().as_u16(), response.body_mut().read_to_vec()?))
//! # }
//! # fn now() -> Timestamp {
//! #     let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
//! #     Timestamp::from_unix(secs as i64).expect("a valid time")
//! # }
//! # let sandbox = Sandbox::builder().callback_url("http://127.0.0.1:9/callback").time_factor(0.0).start()?;
//! # let client = Client::new(ClientConfig::new(
//! #     Environment::Custom(BaseUrl::parse(sandbox.base_url())?),
//! #     sandbox.client_key(),
//! #     sandbox.client_secret().clone(),
//! #     PrivateKey::from_pem(sandbox.merchant_private_key_pem().expect("the default test key"))?,
//! # ));
//! # let token = client.parse_token(&send(client.prepare_token(&now())?.request())?, now())?;
//! # let order = QrisGenerateRequest::new("ORDER-2", Money::idr(Amount::from_rupiah(20_000)?));
//! # let prepared = client.prepare(&order, &token, &now(), &ExternalId::new("418075533590")?)?;
//! # client.parse::<QrisGenerateRequest>(&send(prepared.request())?)?;
//! // ORDER-2 asked 20 000: a success claiming 1.00, delivered twice, then the earlier `03`.
//! let one_rupiah = Money::idr(Amount::from_rupiah(1)?);
//! let underpaid = Settlement::pay().amount(one_rupiah.clone()).times(2).out_of_order();
//! let paid = sandbox.settle("ORDER-2", &underpaid)?;
//! assert_eq!((paid.status, paid.paid_amount), (TransactionState::Paid, Some(one_rupiah)));
//! // The deliveries (nobody listens on port 9, so each is retried): the underpaid success
//! // twice per attempt, then its 03.
//! let has = |needle: &'static str| move |d: &[ayolinx_sandbox::CallbackDelivery]| {
//!     d.iter().any(|d| d.request_body.contains(needle))
//! };
//! let deliveries = sandbox.wait_for_callbacks(has(r#""value":"1.00""#), Duration::from_secs(10))?;
//! assert!(deliveries[0].request_body.contains(r#""latestTransactionStatus":"00""#));
//! // Then a failure after the success (its 06 callback).
//! assert_eq!(sandbox.fail("ORDER-2")?.status, TransactionState::Failed);
//! sandbox.wait_for_callbacks(has(r#""latestTransactionStatus":"06""#), Duration::from_secs(10))?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Default credentials (public test values: never use them anywhere real)
//!
//! | what | value |
//! |---|---|
//! | client key | [`credentials::DEFAULT_CLIENT_KEY`] `CKSandbox-5a9d0b1e-7c3f-4e2a-9b61-0d4c8e2f7a13` |
//! | client secret | [`credentials::DEFAULT_CLIENT_SECRET`] `SKSandbox-3f8e2c71-9a4d-4b6e-8c05-e1d7a96b2f48` |
//! | merchant key pair | [`credentials::MERCHANT_PRIVATE_KEY_PEM`] / [`credentials::MERCHANT_PUBLIC_KEY_PEM`] (`keys/merchant_*.pem`) |
//! | Ayolinx key pair | [`credentials::AYOLINX_PRIVATE_KEY_PEM`] / [`credentials::AYOLINX_PUBLIC_KEY_PEM`] (`keys/ayolinx_*.pem`) |
//!
//! The keys are throwaway RSA-2048 pairs generated with openssl for this crate and published
//! on purpose (see `keys/README.md`).
//!
//! # Endpoints
//!
//! | path | operation | success |
//! |---|---|---|
//! | `POST /v1.0/access-token/b2b` | `token` | `2007300` |
//! | `POST /v1.0/qr/qr-mpm-generate` | `qris.generate` | `2004700` |
//! | `POST /v1.0/qr/qr-mpm-query` | `qris.query` | `2005100` |
//! | `POST /v1.0/qr/qr-mpm-cancel` | `qris.cancel` | `2007700` |
//! | `POST /direct-debit/core/v1/debit/payment-host-to-host` | `ewallet.pay` | `2005400` |
//! | `POST /direct-debit/core/v1/debit/status` | `ewallet.status` | `2005500` |
//! | `POST /v1.0/transfer-va/create-va` | `va.create` | `2002700` |
//! | `POST /v1.0/transfer-va/inquiry-va` | `va.inquiry` | `2003000` |
//! | `POST /v1.0/retail/create` | `retail.create` | `00` |
//! | `POST /v1.0/retail/query` | `retail.query` | `00` |
//! | `POST /v1.0/payment-link/create` | `payment_link.create` | `2000100` |
//! | `GET /sandbox/checkout/{ref}`, `POST /sandbox/checkout/{ref}/pay` | the checkout page and its Pay button | |
//! | `POST /sandbox/v1/transactions/{ref}/pay` (empty body or `{}`) | pay | `200` + the transaction |
//! | `POST /sandbox/v1/transactions/{ref}/{pay,fail,cancel,expire}` + a settlement | the [bad days](#bad-days) | `200` + the transaction |
//! | `GET /sandbox/v1/transactions`, `GET /sandbox/v1/callbacks` | state as JSON | |
//! | `GET`, `POST`, `DELETE /sandbox/v1/faults` | list, add (`{"target":"qris.generate","kind":"latency","millis":2000,"times":1}`), clear | |
//!
//! Choices where Ayolinx's behaviour is not documented (all inferred, see the API notes):
//! retail refusals use service code `00` (`4000001`…); an unpaid transaction queries as `01`
//! (Initiated), an expired one as `06` with `transactionStatusDesc` `EXPIRED`; cancelling a paid
//! or expired QRIS answers `404xx00` (Invalid Transaction Status) and a cancelled one `404xx04`;
//! a QRIS without `validUpTo` is valid 30 minutes, other transactions 24 hours; a transaction is
//! payable up to and including its expiry second, as the core's payment guard judges a success; the payment-link
//! `expiryDate` is the requested expiry (Ayolinx's seven-hour shift is not reproduced); a
//! callback counts as acknowledged when the answer is a 2xx with a JSON body; payment-link create
//! needs the same headers and signature as every other call; the SNAP VA flow sends the client
//! key as `X-CLIENT-KEY` to the merchant token endpoint and signs the payment notice with
//! HMAC-SHA512 (`POST:path:token:sha256hex(body):X-TIMESTAMP`, the client secret).
//!
//! Callbacks are sent over plain `http://` (the sandbox's HTTP client has no TLS): point them at
//! a local receiver. Their ROUTE is the path of the callback URL, as Ayolinx is assumed to sign
//! it; [`SandboxBuilder::sign_query`] (`ayolinx sandbox --sign-query`) signs its query string
//! too, to test a verifier that includes it (see `ayolinx_proto::callback::Route` for the three
//! ways to verify a route and the risk of each).

pub mod builder;
mod callbacks;
mod clock;
pub mod credentials;
mod error;
mod fault;
mod handle;
mod model;
pub mod qris;
pub mod serve;
mod server;
mod settle;
mod state;

pub use builder::{Sandbox, SandboxBuilder};
pub use callbacks::{RETRY_SCHEDULE_SECONDS, VA_PAYMENT_PATH};
pub use error::SandboxError;
pub use fault::{Fault, FaultKind, FaultTarget};
pub use handle::SandboxHandle;
pub use model::{CallbackDelivery, CallbackKind, Transaction, TransactionState};
pub use settle::{Settlement, Transition};
