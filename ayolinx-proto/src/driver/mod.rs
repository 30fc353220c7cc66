//! The client driver: one state machine for a whole call, which every client runs. **No I/O**:
//! the caller polls it with the time and fresh random bytes ([`Tick`]), does the [`Action`]
//! it asks for (send a request, sleep, sign the token request, or talk to the token store) and
//! feeds the answer back as an [`Event`], until [`Action::Done`].
//!
//! The driver decides everything: whether the cached token will do or a refresh is due (and,
//! through the store's lease, that one caller refreshes while the others wait); a fresh
//! timestamp and `X-EXTERNAL-ID` for every attempt; whether to retry and after how long (the
//! core's [`RetryPolicy`](crate::retry::RetryPolicy), jitter from the given randomness); a
//! refused token dropped and refreshed once; a create whose answer was lost reconciled by its
//! status query; the overall deadline; the outcome ([`Error`] says which).
//!
//! A transport is then a short loop, the same for a blocking and an async client:
//!
//! ```text
//! loop {
//!     let event = match driver.poll(tick()) {
//!         Action::Send { request, .. } => match transport.send(request) { … },
//!         Action::Sleep(delay) => { sleep(delay); continue }
//!         Action::ReadToken => Event::Token(store.get()),
//!         Action::SignToken { message } => Event::Signed(key.sign(&message)),
//!         …
//!         Action::Done(outcome) => return outcome,
//!     };
//!     driver.handle(event);
//! }
//! ```
//!
//! The driver holds no RSA either: it asks for the token request's signature
//! ([`Action::SignToken`]), so that it runs where the host does the RSA (WebCrypto on wasm32)
//! as it does natively, where the loop answers with [`Event::sign`].
//!
//! The token store is spoken to through actions, not called, so that a blocking store, an
//! async one, or one shared by a fleet (a lease taken with `SET NX PX`, the token a value with
//! an expiry) all fit; [`TokenSlot`] is the state of the in-memory one.

mod action;
mod call;
mod error;
mod flow;
mod machine;
mod settings;
mod setup;
mod surface;
#[cfg(test)]
mod tests;
mod token;
#[cfg(feature = "tracing")]
pub mod trace;

pub use action::{Action, Event, Randomness, Tick, epoch_millis};
pub use call::{Call, StatusQuery};
pub use error::{ConfigError, Error, TransportError, TransportFailure};
pub use machine::{Drive, Driver, TokenDriver};
pub use settings::Settings;
pub use setup::{
    ClientSetup, ENV_BASE_URL, ENV_CLIENT_KEY, ENV_CLIENT_SECRET, ENV_PRIVATE_KEY, Engine,
};
pub use token::{Lease, LeaseOutcome, StoredToken, TokenSlot, Waited};

/// Implements [`Call`] for every operation of the list.
macro_rules! calls {
    (
        token: $token:ty;
        $($(#[$pmeta:meta])* $product:ident $accessor:ident {
            $($(#[$mmeta:meta])* $variant:ident $method:ident($request:ty) -> $response:ty, $class:ident;)*
        })*
    ) => {
        $($(calls!(@ $class $request);)*)*
    };
    (@ reconciled $request:ty) => {
        impl Call for $request {
            fn status_query(&self) -> Option<Box<dyn StatusQuery>> {
                Some(Box::new(crate::api::Reconcilable::reconcile_query(self)))
            }
        }
    };
    (@ plain $request:ty) => {
        impl Call for $request {}
    };
}

crate::operations!(calls);
