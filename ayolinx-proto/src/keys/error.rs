//! Why a key could not be loaded.

use std::fmt;

use super::der::DerError;

/// Why a key could not be loaded (or, for [`PrivateKey::try_sign_base64`](crate::PrivateKey::try_sign_base64),
/// used).
///
/// Each message says what was found and what to do about it. No message, and no `Debug` output,
/// contains key material: only labels, algorithm names, OIDs, bit counts and byte offsets.
///
/// ```
/// use ayolinx_proto::{KeyError, PrivateKey};
/// let err = PrivateKey::from_pem("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----").unwrap_err();
/// assert_eq!(err, KeyError::Certificate);
/// assert!(err.to_string().contains("openssl x509"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The input is empty or only whitespace.
    Empty,
    /// The input is neither PEM (no `-----BEGIN` line) nor base64 of a DER key or of a PEM.
    NotPem,
    /// The PEM framing is broken: no END line, END label differs, body not base64, and so on.
    InvalidPem {
        /// What is wrong.
        reason: &'static str,
    },
    /// A PEM label this crate does not load, such as `OPENSSH PRIVATE KEY` or
    /// `CERTIFICATE REQUEST`.
    UnsupportedPemLabel {
        /// The label between `-----BEGIN ` and `-----`.
        label: String,
    },
    /// The private key is encrypted with a passphrase.
    Encrypted {
        /// How the encryption showed: the `ENCRYPTED PRIVATE KEY` label, a
        /// `Proc-Type: 4,ENCRYPTED` header, or a DER `EncryptedPrivateKeyInfo`.
        found: &'static str,
    },
    /// An X.509 certificate was given instead of a key.
    Certificate,
    /// A key of another algorithm (EC, Ed25519, DSA, RSASSA-PSS-only, ...).
    NotRsa {
        /// A readable name of the algorithm.
        algorithm: &'static str,
        /// The algorithm's OID in dotted form.
        oid: String,
    },
    /// The RSA modulus is shorter than 2048 bits.
    KeyTooSmall {
        /// The modulus size in bits.
        bits: usize,
    },
    /// The RSA modulus is longer than 8192 bits.
    KeyTooLarge {
        /// The modulus size in bits.
        bits: usize,
    },
    /// A public key was given where a private key is needed.
    ExpectedPrivateKey {
        /// What was found.
        found: &'static str,
    },
    /// A private key was given where a public key is needed.
    ExpectedPublicKey {
        /// What was found.
        found: &'static str,
    },
    /// The DER structure is malformed: truncated, trailing bytes, wrong tags, BER-only encodings.
    MalformedDer {
        /// Byte offset in the DER where the problem was found.
        offset: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// The numbers do not form a usable RSA key: an even modulus, an unsupported public exponent,
    /// or private values that the RSA backend's consistency check rejects (n ≠ p·q, d, dP, dQ or
    /// qInv wrong). Also returned by [`PrivateKey::try_sign_base64`](crate::PrivateKey::try_sign_base64)
    /// should the backend ever refuse to sign.
    Inconsistent {
        /// What is wrong.
        reason: &'static str,
    },
}

impl From<DerError> for KeyError {
    fn from(error: DerError) -> Self {
        Self::MalformedDer {
            offset: error.offset,
            reason: error.reason,
        }
    }
}

const REGENERATE: &str = "generate an RSA key with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out private.pem`";

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("the key is empty: pass the whole PEM text, including its BEGIN and END lines"),
            Self::NotPem => f.write_str(
                "the key is not PEM (no `-----BEGIN ...-----` line) and not base64 of a DER key: \
                 pass the whole PEM text, including its BEGIN and END lines",
            ),
            Self::InvalidPem { reason } => write!(f, "the PEM is malformed: {reason}; pass the PEM file unchanged"),
            Self::UnsupportedPemLabel { label } => write!(
                f,
                "unsupported PEM label `{label}`: expected `PRIVATE KEY` or `RSA PRIVATE KEY` for a private key, \
                 `PUBLIC KEY` or `RSA PUBLIC KEY` for a public key (convert with `openssl pkey`)"
            ),
            Self::Encrypted { found } => write!(
                f,
                "the private key is encrypted ({found}): decrypt it first, e.g. \
                 `openssl pkey -in k.pem -out plain.pem`, and keep the plain key in a secret store"
            ),
            Self::Certificate => f.write_str(
                "found an X.509 certificate, not a key: extract its public key with \
                 `openssl x509 -in cert.pem -pubkey -noout > public.pem` (a certificate never holds a private key)",
            ),
            Self::NotRsa { algorithm, oid } => write!(
                f,
                "found a {algorithm} key (algorithm OID {oid}), not an RSA key: Ayolinx uses SHA256withRSA; {REGENERATE}"
            ),
            Self::KeyTooSmall { bits } => {
                write!(f, "the RSA key has {bits} bits, fewer than the 2048 required: {REGENERATE}")
            }
            Self::KeyTooLarge { bits } => write!(
                f,
                "the RSA key has {bits} bits, more than the 8192 supported: use a key of 2048 to 8192 bits"
            ),
            Self::ExpectedPrivateKey { found } => write!(
                f,
                "found {found} where a private key is needed: pass the private key \
                 (`-----BEGIN PRIVATE KEY-----` or `-----BEGIN RSA PRIVATE KEY-----`)"
            ),
            Self::ExpectedPublicKey { found } => write!(
                f,
                "found {found} where a public key is needed: pass the public key, \
                 e.g. from `openssl pkey -in private.pem -pubout -out public.pem`"
            ),
            Self::MalformedDer { offset, reason } => write!(
                f,
                "the key's DER is malformed at byte {offset}: {reason}; the key is damaged or not a key"
            ),
            Self::Inconsistent { reason } => write!(
                f,
                "the RSA key is not usable: {reason}; check that the file is not damaged, or {REGENERATE}"
            ),
        }
    }
}

impl std::error::Error for KeyError {}
