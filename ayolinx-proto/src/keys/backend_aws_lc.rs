//! The native backend: `aws-lc-rs`.
//!
//! Signing uses [`KeyPair::sign_digest`], which takes no random number generator: PKCS#1 v1.5
//! signatures are deterministic, and the blinding that protects the private-key operation is
//! done inside AWS-LC with its own randomness, which never changes the output. (`KeyPair::sign`
//! would need a `&dyn SecureRandom`, which aws-lc-rs 1.x ignores; this crate does not construct
//! one.) Verification uses `RSA_PKCS1_2048_8192_SHA256`.

use aws_lc_rs::digest::{SHA256, digest};
use aws_lc_rs::rsa::KeyPair;
use aws_lc_rs::signature::{ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256};

use super::KeyError;
use super::structure::Pkcs1Private;

/// A private key ready to sign.
#[derive(Clone)]
pub(super) struct SigningKey(KeyPair);

impl SigningKey {
    /// Loads a parsed and size-checked PKCS#1 `RSAPrivateKey`. AWS-LC checks that its numbers
    /// are consistent (n = p·q, d, dP, dQ, qInv).
    pub(super) fn from_pkcs1(key: &Pkcs1Private<'_>) -> Result<Self, KeyError> {
        KeyPair::from_der(key.der).map(Self).map_err(|_| KeyError::Inconsistent {
            reason: "the RSA backend's consistency check rejected the private key (n, e, d, p, q, dP, dQ and qInv must agree)",
        })
    }

    /// RSASSA-PKCS1-v1_5 SHA-256 signature of `message`, exactly `len` bytes long.
    pub(super) fn sign_pkcs1_sha256(&self, message: &[u8], len: usize) -> Option<Vec<u8>> {
        if self.0.public_modulus_len() != len {
            return None;
        }
        let mut signature = vec![0u8; len];
        self.0
            .sign_digest(&RSA_PKCS1_SHA256, &digest(&SHA256, message), &mut signature)
            .ok()?;
        Some(signature)
    }
}

/// A public key ready to verify.
#[derive(Clone)]
pub(super) struct VerifyingKey(ParsedPublicKey);

impl VerifyingKey {
    /// Loads a PKCS#1 `RSAPublicKey` whose numbers were checked.
    pub(super) fn from_pkcs1(der: &[u8]) -> Result<Self, KeyError> {
        ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, der)
            .map(Self)
            .map_err(|_| KeyError::Inconsistent {
                reason: "the RSA backend rejected the public key",
            })
    }

    /// Whether `signature` is a valid RSASSA-PKCS1-v1_5 SHA-256 signature of `message`.
    pub(super) fn verify_pkcs1_sha256(&self, message: &[u8], signature: &[u8]) -> bool {
        self.0.verify_sig(message, signature).is_ok()
    }
}
