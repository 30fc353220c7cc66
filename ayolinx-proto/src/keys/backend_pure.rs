//! The pure-Rust backend: the `rsa` crate, with the `pure-rust-rsa` feature (on any target).
//!
//! Signing is deterministic and takes no random number generator, so it runs without blinding
//! (see the side-channel note in the [module docs](super)). The `rsa` crate checks n = p·q and
//! d·e ≡ 1 mod (p−1) and (q−1) but recomputes the CRT values instead of reading them; this
//! module compares the given dP, dQ and qInv with the recomputed ones, so that both backends
//! reject the same inconsistent keys.

use rsa::sha2::{Digest as _, Sha256};
use rsa::traits::PrivateKeyParts as _;
use rsa::{BigUint, Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use zeroize::Zeroizing;

use super::structure::{Pkcs1Private, parse_pkcs1_private, parse_pkcs1_public};
use super::{KeyError, MAX_BITS};

const INCONSISTENT: KeyError = KeyError::Inconsistent {
    reason: "the RSA backend's consistency check rejected the private key (n, e, d, p, q, dP, dQ and qInv must agree)",
};

/// A private key ready to sign.
#[derive(Clone)]
pub(super) struct SigningKey(RsaPrivateKey);

impl SigningKey {
    /// Loads a parsed and size-checked PKCS#1 `RSAPrivateKey`. Like the native backend, it
    /// starts from the PKCS#1 DER bytes.
    pub(super) fn from_pkcs1(key: &Pkcs1Private<'_>) -> Result<Self, KeyError> {
        let key = parse_pkcs1_private(key.der, 0)?;
        let [n, e, d, p, q, dp, dq, qinv] = key.numbers.map(BigUint::from_bytes_be);
        let (dp, dq, qinv) = (Zeroizing::new(dp), Zeroizing::new(dq), Zeroizing::new(qinv));
        let private =
            RsaPrivateKey::from_components(n, e, d, vec![p, q]).map_err(|_| INCONSISTENT)?;
        let crt_matches = private.dp() == Some(&*dp)
            && private.dq() == Some(&*dq)
            && private.crt_coefficient().map(Zeroizing::new).as_deref() == Some(&*qinv);
        if crt_matches {
            Ok(Self(private))
        } else {
            Err(INCONSISTENT)
        }
    }

    /// RSASSA-PKCS1-v1_5 SHA-256 signature of `message`, exactly `len` bytes long.
    pub(super) fn sign_pkcs1_sha256(&self, message: &[u8], len: usize) -> Option<Vec<u8>> {
        let digest = Sha256::digest(message);
        let signature = self.0.sign(Pkcs1v15Sign::new::<Sha256>(), &digest).ok()?;
        (signature.len() == len).then_some(signature)
    }
}

/// A public key ready to verify.
#[derive(Clone)]
pub(super) struct VerifyingKey(RsaPublicKey);

impl VerifyingKey {
    /// Loads a PKCS#1 `RSAPublicKey` whose numbers were checked.
    pub(super) fn from_pkcs1(der: &[u8]) -> Result<Self, KeyError> {
        let key = parse_pkcs1_public(der, 0)?;
        let n = BigUint::from_bytes_be(key.n);
        let e = BigUint::from_bytes_be(key.e);
        RsaPublicKey::new_with_max_size(n, e, MAX_BITS)
            .map(Self)
            .map_err(|_| KeyError::Inconsistent {
                reason: "the RSA backend rejected the public key",
            })
    }

    /// Whether `signature` is a valid RSASSA-PKCS1-v1_5 SHA-256 signature of `message`.
    pub(super) fn verify_pkcs1_sha256(&self, message: &[u8], signature: &[u8]) -> bool {
        let digest = Sha256::digest(message);
        self.0
            .verify(Pkcs1v15Sign::new::<Sha256>(), &digest, signature)
            .is_ok()
    }
}
