//! RSA through the host's WebCrypto (`crypto.subtle`, RSASSA-PKCS1-v1_5 with SHA-256): the core
//! reads and checks the keys and builds every string to sign; the host's native RSA signs and
//! verifies. Each key is imported once, on first use, and the import is shared by every later
//! use (and by concurrent first uses: the import's Promise is what is kept).

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use ayolinx_proto::signature::sha256_hex;
use ayolinx_proto::{KeyError, PrivateKey, PublicKey};
use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::convert::message_of;
use crate::failure::Failure;

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

    /// `crypto.subtle.sign`.
    #[wasm_bindgen(js_namespace = ["crypto", "subtle"], js_name = sign, catch)]
    fn subtle_sign(algorithm: &str, key: &JsValue, data: &[u8]) -> Result<Promise, JsValue>;

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
const ALGORITHM: &str = "RSASSA-PKCS1-v1_5";

/// What a freshly imported private key signs, to check it before its first real signature.
const PROBE: &[u8] = b"ayolinx-wasm: the key signs what its public key verifies";

/// How many keys the free functions (`tokenSignature`, `verifyCallbackSignature`) keep imported.
const CACHED_KEYS: usize = 8;

/// `{ name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }`, the import parameters.
fn import_algorithm() -> JsValue {
    let algorithm = Object::new();
    // Setting properties on a fresh plain object cannot fail.
    let _ = Reflect::set(&algorithm, &"name".into(), &ALGORITHM.into());
    let _ = Reflect::set(&algorithm, &"hash".into(), &"SHA-256".into());
    algorithm.into()
}

/// A call into `crypto.subtle` that threw (no WebCrypto) or rejected.
fn unavailable(error: &JsValue) -> JsValue {
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
fn refused(what: &str, reason: &'static str) -> JsValue {
    Failure::key(what, &KeyError::Inconsistent { reason }).into()
}

/// Imports `der` (`format` `"pkcs8"` or `"spki"`) for `usage`; a refusal is `on_refusal`.
async fn import(
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
struct Imported {
    promise: OnceCell<Promise>,
    key: RefCell<Option<JsValue>>,
}

impl Imported {
    /// The `CryptoKey`, importing it with `start` on first use.
    async fn get(&self, start: impl FnOnce() -> Promise) -> Result<JsValue, JsValue> {
        if let Some(key) = self.key.borrow().as_ref() {
            return Ok(key.clone());
        }
        let key = JsFuture::from(self.promise.get_or_init(start).clone()).await?;
        *self.key.borrow_mut() = Some(key.clone());
        Ok(key)
    }
}

/// Awaits a `crypto.subtle` operation.
async fn run(operation: Result<Promise, JsValue>) -> Result<JsValue, JsValue> {
    let promise = operation.map_err(|error| unavailable(&error))?;
    JsFuture::from(promise)
        .await
        .map_err(|error| unavailable(&error))
}

/// Raw RSASSA-PKCS1-v1_5 SHA-256 signature of `message` under an imported private key.
async fn sign_with(key: &JsValue, message: &[u8]) -> Result<Vec<u8>, JsValue> {
    let signature = run(subtle_sign(ALGORITHM, key, message)).await?;
    Ok(Uint8Array::new(&signature).to_vec())
}

/// Whether `signature` is a valid signature of `message` under an imported public key.
async fn verify_with(key: &JsValue, message: &[u8], signature: &[u8]) -> Result<bool, JsValue> {
    Ok(run(subtle_verify(ALGORITHM, key, signature, message))
        .await?
        .is_truthy())
}

const PRIVATE_REFUSED: &str = "the RSA backend's consistency check rejected the private key (n, e, d, p, q, dP, dQ and qInv must agree)";
const PUBLIC_REFUSED: &str = "the RSA backend rejected the public key";

/// A key of the core (`K`: a `PrivateKey` or a `PublicKey`), imported into WebCrypto on first
/// use. `Debug` is the key's own, which shows only its size and (public) fingerprint.
#[derive(Debug)]
pub(crate) struct HostKey<K> {
    key: K,
    /// The argument the key came from, for error messages (`options.privateKeyPem`).
    what: &'static str,
    imported: Imported,
}

/// A merchant private key, for signing.
pub(crate) type SigningKey = HostKey<PrivateKey>;
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

impl SigningKey {
    /// The import, started on the first call. It resolves to the `CryptoKey` once the key has
    /// signed a probe that its public key (from the core) verifies: the host's RSA is then known
    /// to agree with the numbers the core read, which is the consistency check the native
    /// backends make on loading.
    fn import(&self) -> Promise {
        let pkcs8 = self.key.expose_pkcs8_der();
        let spki = self.key.public_key().to_der();
        let what = self.what;
        crate::host::promise(async move {
            let refusal = || refused(what, PRIVATE_REFUSED);
            let private = import("pkcs8", &pkcs8, "sign", refusal).await?;
            drop(pkcs8);
            let public = import("spki", &spki, "verify", refusal).await?;
            let probe = sign_with(&private, PROBE).await?;
            if verify_with(&public, PROBE, &probe).await? {
                Ok(private)
            } else {
                Err(refusal())
            }
        })
    }

    /// Raw SHA256withRSA signature of `message`.
    pub(crate) async fn sign(&self, message: &[u8]) -> Result<Vec<u8>, JsValue> {
        let key = self.imported.get(|| self.import()).await?;
        sign_with(&key, message).await
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

/// The keys the free functions imported, by the SHA-256 of their DER, newest last.
struct Cache<K> {
    keys: RefCell<Vec<(String, Rc<K>)>>,
}

impl<K> Cache<K> {
    const fn new() -> Self {
        Self {
            keys: RefCell::new(Vec::new()),
        }
    }

    /// The cached key for `der`, or a new one from `make`, kept in place of the oldest when full.
    fn get(&self, der: &[u8], make: impl FnOnce() -> Rc<K>) -> Rc<K> {
        let id = sha256_hex(der);
        let mut keys = self.keys.borrow_mut();
        if let Some((_, key)) = keys.iter().find(|(known, _)| *known == id) {
            return Rc::clone(key);
        }
        if keys.len() >= CACHED_KEYS {
            keys.remove(0);
        }
        let key = make();
        keys.push((id, Rc::clone(&key)));
        key
    }
}

thread_local! {
    static SIGNING_KEYS: Cache<SigningKey> = const { Cache::new() };
    static VERIFYING_KEYS: Cache<VerifyingKey> = const { Cache::new() };
}

/// The imported form of `key` for the free functions.
pub(crate) fn cached_signing_key(key: PrivateKey, what: &'static str) -> Rc<SigningKey> {
    let der = key.expose_pkcs8_der();
    SIGNING_KEYS.with(|cache| cache.get(&der, || SigningKey::new(key, what)))
}

/// The imported form of `key` for the free functions.
pub(crate) fn cached_verifying_key(key: PublicKey, what: &'static str) -> Rc<VerifyingKey> {
    let der = key.to_der();
    VERIFYING_KEYS.with(|cache| cache.get(&der, || VerifyingKey::new(key, what)))
}
