//! The keys the free functions (`tokenSignature`, `verifyCallbackSignature`, …) import, kept
//! so that each is imported once.

use std::cell::RefCell;
use std::rc::Rc;

use ayolinx_proto::signature::sha256_hex;
use ayolinx_proto::{PrivateKey, PublicKey};

use super::{SigningKey, VerifyingKey};

/// How many keys the free functions (`tokenSignature`, `verifyCallbackSignature`) keep imported.
const CACHED_KEYS: usize = 8;

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
