//! What a whole call needs of the host besides the clock and randomness: `fetch` (the global
//! one or one passed in), and waiting with `setTimeout`.

use std::time::Duration;

use ayolinx_proto::HttpRequest;
use ayolinx_proto::HttpResponse;
use ayolinx_proto::driver::{TransportError, TransportFailure};
use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::convert::message_of;
use crate::failure::Failure;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, millis: f64) -> JsValue;

    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);

    /// `AbortSignal.timeout`, caught where the host lacks it (the attempt then has no timeout).
    #[wasm_bindgen(js_namespace = AbortSignal, js_name = timeout, catch)]
    fn abort_after(millis: f64) -> Result<JsValue, JsValue>;
}

/// A Promise that `setTimeout` resolves after `delay`, and the timer's id to clear it early.
pub(crate) fn timer(delay: Duration, with_resolve: impl FnOnce(&Function)) -> (Promise, JsValue) {
    let mut id = JsValue::UNDEFINED;
    let mut with_resolve = Some(with_resolve);
    let promise = Promise::new(&mut |resolve, _reject| {
        id = set_timeout(&resolve, delay.as_secs_f64() * 1000.0);
        if let Some(with_resolve) = with_resolve.take() {
            with_resolve(&resolve);
        }
    });
    (promise, id)
}

/// Waits `delay`.
pub(crate) async fn sleep(delay: Duration) {
    let (promise, _) = timer(delay, |_| ());
    // A timer's Promise only resolves.
    let _ = JsFuture::from(promise).await;
}

/// Ends a timer before it fires, so that it keeps no host alive.
pub(crate) fn cancel(id: &JsValue) {
    clear_timeout(id);
}

/// The `fetch` the client sends with: the constructor's `options.fetch`, else the global one.
#[derive(Debug)]
pub(crate) struct Fetch(Function);

impl Fetch {
    /// `given` if it is a function; the global `fetch` when it is `undefined`.
    pub(crate) fn new(given: JsValue) -> Result<Self, Failure> {
        let given = if given.is_undefined() {
            Reflect::get(&js_sys::global(), &"fetch".into()).unwrap_or_default()
        } else {
            given
        };
        given.dyn_into().map(Self).map_err(|_| {
            Failure::argument("options.fetch must be a function like fetch (the host has none)")
        })
    }

    /// Sends `request`, its body bytes unchanged, within `timeout`; reads the whole answer.
    pub(crate) async fn send(
        &self,
        request: HttpRequest,
        timeout: Option<Duration>,
    ) -> Result<HttpResponse, TransportError> {
        let headers = Object::new();
        for (name, value) in &request.headers {
            set(&headers, name, &JsValue::from_str(value));
        }
        let init = Object::new();
        set(&init, "method", &JsValue::from_str(&request.method));
        set(&init, "headers", &headers);
        set(&init, "body", &Uint8Array::from(request.body.as_slice()));
        if let Some(signal) = timeout.and_then(|left| abort_after(left.as_millis() as f64).ok()) {
            set(&init, "signal", &signal);
        }
        let url = JsValue::from_str(&request.url);
        let answer = self
            .0
            .call2(&js_sys::global(), &url, &init)
            .map(|promise| JsFuture::from(Promise::resolve(&promise)));
        let response = match answer {
            Ok(pending) => pending.await,
            Err(thrown) => Err(thrown),
        }
        .map_err(|error| failed(&error, "fetch"))?;
        let status = Reflect::get(&response, &"status".into())
            .ok()
            .and_then(|status| status.as_f64())
            .filter(|status| (100.0..=599.0).contains(status))
            .ok_or_else(|| {
                TransportError::new(
                    TransportFailure::Interrupted,
                    "fetch answered with no HTTP status",
                )
            })?;
        let body = Reflect::get(&response, &"arrayBuffer".into())
            .and_then(|read| read.dyn_into::<Function>())
            .and_then(|read| read.call0(&response))
            .map(|promise| JsFuture::from(Promise::resolve(&promise)));
        let body = match body {
            Ok(pending) => pending.await,
            Err(thrown) => Err(thrown),
        }
        .map_err(|error| failed(&error, "reading the answer"))?;
        // Exact: a whole number from 100 to 599 (the status of a fetch Response).
        Ok(HttpResponse::new(
            status as u16,
            Uint8Array::new(&body).to_vec(),
        ))
    }
}

fn set(target: &Object, name: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(target, &name.into(), value);
}

/// A rejected `fetch` or body read. The host does not say whether the request reached the
/// server, so it may have: a create is then reconciled by its query, never blindly resent.
fn failed(error: &JsValue, during: &str) -> TransportError {
    let name = Reflect::get(error, &"name".into())
        .ok()
        .and_then(|n| n.as_string());
    let kind = match name.as_deref() {
        Some("TimeoutError") => TransportFailure::TimedOut,
        _ => TransportFailure::Interrupted,
    };
    TransportError::new(kind, format!("{during} failed: {}", message_of(error)))
}
