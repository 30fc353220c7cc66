//! Whole calls over `fetch`: the core's driver (token cache, single flight, retries with fresh
//! timestamps and external ids, reconciliation of creates), run by one loop whose I/O is the
//! host's: `fetch`, `setTimeout`, `Date.now()`, `crypto.getRandomValues` and WebCrypto.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use ayolinx_proto::Client;
use ayolinx_proto::driver::{
    Action, Drive, Driver, Error, Event, Lease, Settings, Tick, TokenSlot, Waited,
};
use js_sys::{Function, Promise};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::convert::to_js;
use crate::failure::Failure;
use crate::operations::{JsOperation, WithOperation};
use crate::stamp::random_bytes;
use crate::transport::{Fetch, cancel, sleep, timer};
use crate::webcrypto::SigningKey;

/// What every call of one client shares: the core, the key, `fetch`, and the token cache.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) core: Rc<Client>,
    pub(crate) key: Rc<SigningKey>,
    pub(crate) fetch: Fetch,
    pub(crate) settings: Settings,
    pub(crate) tokens: Tokens,
}

/// The in-isolate token store: the core's [`TokenSlot`], and the calls waiting for a refresh.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    slot: RefCell<TokenSlot>,
    waiters: RefCell<Vec<Function>>,
}

impl Tokens {
    /// Wakes every call waiting for a refresh, which then reads how it ended.
    fn wake(&self) {
        for waiter in self.waiters.take() {
            // Resolving a Promise cannot throw.
            let _ = waiter.call0(&JsValue::UNDEFINED);
        }
    }

    /// How the refresh behind `ticket` ended, waiting at most `timeout` for it.
    async fn wait(&self, ticket: u64, timeout: Duration) -> Waited {
        if let Some(waited) = self.slot.borrow().waited(ticket) {
            return waited;
        }
        let (promise, id) = timer(timeout, |resolve| {
            self.waiters.borrow_mut().push(resolve.clone());
        });
        // A timer's Promise only resolves.
        let _ = JsFuture::from(promise).await;
        cancel(&id);
        self.slot
            .borrow()
            .waited(ticket)
            .unwrap_or(Waited::TimedOut)
    }
}

/// A driver of any operation, its answer as JSON: one loop, not one per operation.
trait Machine {
    fn poll(&mut self, tick: Tick) -> Action<Result<Value, serde_json::Error>>;
    fn handle(&mut self, event: Event);
    fn held_lease(&self) -> Option<Lease>;
}

impl<D: Drive<Output: serde::Serialize>> Machine for D {
    fn poll(&mut self, tick: Tick) -> Action<Result<Value, serde_json::Error>> {
        Drive::poll(self, tick).map(serde_json::to_value)
    }

    fn handle(&mut self, event: Event) {
        Drive::handle(self, event);
    }

    fn held_lease(&self) -> Option<Lease> {
        Drive::held_lease(self)
    }
}

/// Runs `machine` until it is done, doing what it asks with the host's I/O.
async fn drive(shared: &Shared, machine: &mut dyn Machine) -> Result<JsValue, JsValue> {
    let tokens = &shared.tokens;
    // WebCrypto's own error, which says more than the driver's "the key cannot sign".
    let mut sign_failure = None;
    loop {
        let random = match random_bytes() {
            Ok(random) => random,
            Err(failure) => {
                // The other calls would otherwise wait for a refresh that never finishes.
                if let Some(lease) = machine.held_lease() {
                    tokens.slot.borrow_mut().abandon(lease);
                    tokens.wake();
                }
                return Err(failure.into());
            }
        };
        let tick = Tick {
            unix_millis: js_sys::Date::now() as i64,
            random,
        };
        let event = match machine.poll(tick) {
            Action::ReadToken => Event::Token(tokens.slot.borrow().get()),
            Action::AcquireLease => Event::Lease(tokens.slot.borrow_mut().try_lease()),
            Action::WaitForRefresh { ticket, timeout } => {
                Event::Waited(tokens.wait(ticket, timeout).await)
            }
            Action::StoreToken { lease, token } => {
                let stored = tokens.slot.borrow_mut().put(lease, token);
                tokens.wake();
                Event::Stored(stored)
            }
            Action::ReleaseLease { lease, failure } => {
                tokens.slot.borrow_mut().release(lease, &failure);
                tokens.wake();
                continue;
            }
            Action::InvalidateToken { version } => {
                tokens.slot.borrow_mut().invalidate(version);
                continue;
            }
            Action::SignToken { message } => match shared.key.sign(message.as_bytes()).await {
                Ok(signature) => Event::Signed(Ok(signature)),
                Err(error) => {
                    sign_failure = Some(error);
                    Event::Signed(Err(ayolinx_proto::KeyError::Inconsistent {
                        reason: "the host's WebCrypto did not sign with this key",
                    }))
                }
            },
            Action::Send {
                request, timeout, ..
            } => match shared.fetch.send(request, timeout).await {
                Ok(response) => Event::Response(response),
                Err(failure) => Event::Failed(failure),
            },
            Action::Sleep(delay) => {
                sleep(delay).await;
                continue;
            }
            Action::Done(Ok(Ok(answer))) => return Ok(to_js(&answer)),
            Action::Done(Ok(Err(error))) => {
                return Err(Failure::new("unexpected_shape", error.to_string()).into());
            }
            Action::Done(Err(error)) => {
                return Err(sign_failure.unwrap_or_else(|| failure(error).into()));
            }
        };
        machine.handle(event);
    }
}

/// A driver's error as the `Error` the package throws: an answer's failure as `parse` throws
/// it, the others with their kind as `code` (`"transport"`, `"outcome_unknown"`, `"existing"`,
/// `"token_refused"`, …), whether they are `retryable`, and for `"existing"` the `status`.
fn failure(error: Error) -> Failure {
    let retryable = error.is_retryable();
    let failure = match error {
        Error::Api(api) => return Failure::from(api),
        Error::Existing {
            ref partner_reference_no,
            ref status,
            ..
        } => {
            let status = serde_json::to_value(status).unwrap_or_default();
            Failure::new(error.kind(), error.to_string())
                .with("partnerReferenceNo", partner_reference_no.clone())
                .with("status", status)
        }
        Error::OutcomeUnknown {
            ref partner_reference_no,
            ..
        } => Failure::new(error.kind(), error.to_string())
            .with("partnerReferenceNo", partner_reference_no.clone())
            .with("ambiguous", true),
        other => Failure::new(other.kind(), other.to_string()),
    };
    failure.with("retryable", retryable)
}

/// One whole call of the operation chosen by name, as a Promise of its parsed answer.
pub(crate) struct WholeCall {
    pub(crate) shared: Rc<Shared>,
    pub(crate) request: Value,
}

impl WithOperation for WholeCall {
    type Output = Promise;

    fn run<O: JsOperation>(self) -> Promise {
        let request = crate::operations::read_request::<O>(self.request);
        let shared = self.shared;
        crate::host::promise(async move {
            let request = request?;
            let mut driver = Driver::new(&shared.core, &shared.settings, &request);
            drive(&shared, &mut driver).await
        })
    }
}
