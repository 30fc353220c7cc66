//! RSA through the host's WebCrypto (`crypto.subtle`, RSASSA-PKCS1-v1_5 with SHA-256): the core
//! reads and checks the keys and builds every string to sign; the host's native RSA signs and
//! verifies. Each key is imported once, on first use, and the import is shared by every later
//! use (and by concurrent first uses: the import's Promise is what is kept).

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use ayolinx_proto::{KeyError, PublicKey};
use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::convert::message_of;
use crate::failure::Failure;

#[cfg(feature = "client")]
mod cache;
#[cfg(feature = "client")]
mod signing;

#[cfg(feature = "client")]
pub(crate) use cache::{cached_signing_key, cached_verifying_key};
#[cfg(feature = "client")]
pub(crate) use signing::SigningKey;

#[wasm_bindgen]
extern "C" {
    /// `crypto.subtle.importKey`; a missing `crypto.subtle` is caught.
    #[wasm_bindgen(js_namespace = ["crypto", "subtle"], js_name = importKey, catch)]
    fn import_key(
        format: &str,
        key_data: &[u8],
        algorithm: &JsValue,
        extractable: bool,
        usages: &Array,
    ) -> Result<Promise, JsValue>;

    /// `crypto.subtle.verify`.
    #[wasm_bindgen(js_namespace = ["crypto", "subtle"], js_name = verify, catch)]
    fn subtle_verify(
        algorithm: &str,
        key: &JsValue,
        signature: &[u8],
        data: &[u8],
    ) -> Result<Promise, JsValue>;
}

/// WebCrypto's name of SHA256withRSA.
pub(super) const ALGORITHM: &str = "RSASSA-PKCS1-v1_5";

/// `{ name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }`, the import parameters.
pub(super) fn import_algorithm() -> JsValue {
    let algorithm = Object::new();
    // Setting properties on a fresh plain object cannot fail.
    let _ = Reflect::set(&algorithm, &"name".into(), &ALGORITHM.into());
    let _ = Reflect::set(&algorithm, &"hash".into(), &"SHA-256".into());
    algorithm.into()
}

/// A call into `crypto.subtle` that threw (no WebCrypto) or rejected.
pub(super) fn unavailable(error: &JsValue) -> JsValue {
    Failure::new(
        "no_webcrypto",
        format!(
            "crypto.subtle failed ({}); ayolinx-wasm needs WebCrypto (Node >= 20, workerd, Deno, browsers over HTTPS)",
            message_of(error)
        ),
    )
    .into()
}

/// The key error of a key WebCrypto refused: the reason the native backends give.
pub(super) fn refused(what: &str, reason: &'static str) -> JsValue {
    Failure::key(what, &KeyError::Inconsistent { reason }).into()
}

/// Imports `der` (`format` `"pkcs8"` or `"spki"`) for `usage`; a refusal is `on_refusal`.
pub(super) async fn import(
    format: &str,
    der: &[u8],
    usage: &str,
    on_refusal: impl FnOnce() -> JsValue,
) -> Result<JsValue, JsValue> {
    let usages = Array::of1(&usage.into());
    let promise = import_key(format, der, &import_algorithm(), false, &usages)
        .map_err(|e| unavailable(&e))?;
    JsFuture::from(promise).await.map_err(|_| on_refusal())
}

/// A key's import into WebCrypto: the Promise of it, shared by concurrent first uses, and the
/// `CryptoKey` once it resolved, so that later uses do not wait a turn of the event loop for it.
#[derive(Debug, Default)]
pub(super) struct Imported {
    promise: OnceCell<Promise>,
    key: RefCell<Option<JsValue>>,
}

impl Imported {
    /// The `CryptoKey`, importing it with `start` on first use.
    pub(super) async fn get(&self, start: impl FnOnce() -> Promise) -> Result<JsValue, JsValue> {
        if let Some(key) = self.key.borrow().as_ref() {
            return Ok(key.clone());
        }
        let key = JsFuture::from(self.promise.get_or_init(start).clone()).await?;
        *self.key.borrow_mut() = Some(key.clone());
        Ok(key)
    }
}

/// Awaits a `crypto.subtle` operation.
pub(super) async fn run(operation: Result<Promise, JsValue>) -> Result<JsValue, JsValue> {
    let promise = operation.map_err(|error| unavailable(&error))?;
    JsFuture::from(promise)
        .await
        .map_err(|error| unavailable(&error))
}

/// Whether `signature` is a valid signature of `message` under an imported public key.
pub(super) async fn verify_with(
    key: &JsValue,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, JsValue> {
    Ok(run(subtle_verify(ALGORITHM, key, signature, message))
        .await?
        .is_truthy())
}

const PUBLIC_REFUSED: &str = "the RSA backend rejected the public key";

/// A key of the core (`K`: a `PrivateKey` or a `PublicKey`), imported into WebCrypto on first
/// use. `Debug` is the key's own, which shows only its size and (public) fingerprint.
#[derive(Debug)]
pub(crate) struct HostKey<K> {
    pub(super) key: K,
    /// The argument the key came from, for error messages (`options.privateKeyPem`).
    pub(super) what: &'static str,
    pub(super) imported: Imported,
}

/// Ayolinx's public key, for verifying.
pub(crate) type VerifyingKey = HostKey<PublicKey>;

impl<K> HostKey<K> {
    pub(crate) fn new(key: K, what: &'static str) -> Rc<Self> {
        Rc::new(Self {
            key,
            what,
            imported: Imported::default(),
        })
    }
}

impl VerifyingKey {
    /// The import, started on the first call.
    fn import(&self) -> Promise {
        let spki = self.key.to_der();
        let what = self.what;
        crate::host::promise(async move {
            import("spki", &spki, "verify", || refused(what, PUBLIC_REFUSED)).await
        })
    }

    /// Whether `signature` (raw bytes) is a valid SHA256withRSA signature of `message`.
    pub(crate) async fn verify(&self, message: &[u8], signature: &[u8]) -> Result<bool, JsValue> {
        let key = self.imported.get(|| self.import()).await?;
        verify_with(&key, message, signature).await
    }
}
