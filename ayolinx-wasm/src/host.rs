//! The one way a Promise is made of a Rust future.

use std::future::Future;
use std::pin::Pin;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// A Promise of `future`'s result. Every async entry point goes through this one boxed type, so
/// that wasm-bindgen-futures' task and its closures are compiled once, not once per future.
pub(crate) fn promise(future: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    let future: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>> = Box::pin(future);
    future_to_promise(future)
}
