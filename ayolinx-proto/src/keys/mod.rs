//! RSA keys: loading, SHA256withRSA signing (scheme A) and verification (scheme C).
//!
//! SHA256withRSA is RSASSA-PKCS1-v1_5 with SHA-256; signatures are deterministic, so the same key
//! and message always give the same signature.
//!
//! **Accepted input.** Private keys as PKCS#8 (`PRIVATE KEY`) or PKCS#1 (`RSA PRIVATE KEY`),
//! public keys as SPKI (`PUBLIC KEY`) or PKCS#1 (`RSA PUBLIC KEY`), in PEM or DER. PEM may have
//! LF or CRLF line ends, any line width (or none), surrounding whitespace or double quotes, line
//! breaks written as literal `\n` escapes (keys kept in environment variables), or be base64
//! of the PEM or of the DER. The modulus must have 2048 to 8192 bits. Everything else is
//! rejected with a [`KeyError`] that says what was found and what to do: encrypted keys,
//! certificates, EC and other non-RSA keys, a public key where a private one is needed and vice
//! versa, malformed DER.
//!
//! **How.** A strict DER reader of this crate classifies the input and reduces every key to its
//! PKCS#1 DER (`RSAPrivateKey` or `RSAPublicKey`), which is what the RSA backend is given:
//! `aws-lc-rs` natively, the pure-Rust `rsa` crate with the `pure-rust-rsa` feature. Both
//! backends produce the same bytes.
//!
//! **Without a backend.** On `wasm32` without the `pure-rust-rsa` feature there is no RSA
//! backend: keys are still read, classified and checked here with the same errors, but signing
//! and verifying are left to the host (ayolinx-wasm uses WebCrypto), which is given
//! [`PrivateKey::expose_pkcs8_der`] or [`PublicKey::to_der`] and the bytes to sign or verify.
//! [`sign_base64`](PrivateKey::sign_base64), [`try_sign_base64`](PrivateKey::try_sign_base64)
//! and [`verify_base64`](PublicKey::verify_base64) do not exist in that build. The consistency
//! of a private key's numbers (n = p·q, d, the CRT values), which a backend checks on loading,
//! is then the host's to check.
//!
//! **Side channels.** With `aws-lc-rs`, signing is constant time and blinded inside AWS-LC.
//! The pure-Rust `rsa` crate has no constant-time big-integer arithmetic (RUSTSEC-2023-0071,
//! "Marvin") and this crate signs with it without blinding, since the core takes no randomness;
//! an attacker who can time many signatures could learn about the key. Prefer the native
//! backend for servers that sign often. Verification handles only public data.
//!
//! ```
//! use ayolinx_proto::{PrivateKey, PublicKey};
//! let private = PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
//! let public = PublicKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_public.pem"))?;
//! let signature = private.sign_base64(b"CKSandbox-1|2024-09-18T06:36:36+07:00");
//! public.verify_base64(b"CKSandbox-1|2024-09-18T06:36:36+07:00", &signature)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use base64::Engine as _;
use zeroize::Zeroizing;

#[cfg(rsa_backend)]
use crate::signature::check_decoded_signature;
use crate::signature::{DecodedSignature, SignatureError, decode_signature};

// `rsa_backend` (set by build.rs): AWS-LC natively, the `rsa` crate with `pure-rust-rsa`, and
// no backend on wasm32 without that feature.
#[cfg(all(not(target_arch = "wasm32"), not(feature = "pure-rust-rsa")))]
mod backend_aws_lc;
#[cfg(all(not(target_arch = "wasm32"), not(feature = "pure-rust-rsa")))]
use backend_aws_lc as backend;

#[cfg(feature = "pure-rust-rsa")]
mod backend_pure;
#[cfg(feature = "pure-rust-rsa")]
use backend_pure as backend;

mod der;
mod error;
mod pem;
mod structure;

pub use error::KeyError;

use structure::{Pkcs1Private, Pkcs1Public, Structure};

/// Smallest accepted modulus, in bits.
const MIN_BITS: usize = 2048;
/// Largest accepted modulus, in bits.
const MAX_BITS: usize = 8192;
/// Largest accepted public exponent bit length (both backends cap e at 2^33 − 1).
const MAX_EXPONENT_BITS: usize = 33;

/// Which kind of key the caller asked for; it picks the error for the wrong kind.
#[derive(Debug, Clone, Copy)]
enum Wanted {
    Private,
    Public,
}

impl Wanted {
    /// The error for an encrypted private key.
    fn encrypted(self, found: &'static str) -> KeyError {
        match self {
            Self::Private => KeyError::Encrypted { found },
            Self::Public => KeyError::ExpectedPublicKey {
                found: "an encrypted private key",
            },
        }
    }
}

/// The error for a key of the algorithm with this OID (DER content bytes).
fn not_rsa(oid: &[u8]) -> KeyError {
    let algorithm = match oid {
        structure::EC_PUBLIC_KEY => "EC (elliptic curve)",
        structure::DSA => "DSA",
        [0x2b, 0x65, 0x70] => "Ed25519",
        [0x2b, 0x65, 0x71] => "Ed448",
        [0x2b, 0x65, 0x6e] => "X25519",
        [0x2b, 0x65, 0x6f] => "X448",
        [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a] => "RSASSA-PSS-only",
        [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x03, 0x01] => "Diffie-Hellman",
        _ => "non-RSA",
    };
    KeyError::NotRsa {
        algorithm,
        oid: der::oid_to_string(oid),
    }
}

/// Checks n and e the same way for both backends and returns the modulus size in bits.
fn check_public_numbers(n: &[u8], e: &[u8]) -> Result<usize, KeyError> {
    let bits = der::bit_length(n);
    if bits < MIN_BITS {
        return Err(KeyError::KeyTooSmall { bits });
    }
    if bits > MAX_BITS {
        return Err(KeyError::KeyTooLarge { bits });
    }
    if n.last().is_none_or(|b| b & 1 == 0) {
        return Err(KeyError::Inconsistent {
            reason: "the modulus is even",
        });
    }
    let e_bits = der::bit_length(e);
    if !(2..=MAX_EXPONENT_BITS).contains(&e_bits) || e.last().is_none_or(|b| b & 1 == 0) {
        return Err(KeyError::Inconsistent {
            reason: "the public exponent must be odd and between 3 and 2^33 - 1",
        });
    }
    Ok(bits)
}

/// An RSA private key for SHA256withRSA signing: the merchant key of the access-token request
/// (scheme A).
///
/// Load it once, keep it, and share it: it is `Send + Sync` and [`Clone`]. Its `Debug` output
/// shows only the key size and the public key's fingerprint.
///
/// ```
/// use ayolinx_proto::PrivateKey;
/// let key = PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
/// assert_eq!(key.bits(), 2048);
/// assert!(format!("{key:?}").starts_with("PrivateKey { bits: 2048, public_fingerprint_sha256: "));
/// # Ok::<(), ayolinx_proto::KeyError>(())
/// ```
#[derive(Clone)]
pub struct PrivateKey {
    #[cfg(rsa_backend)]
    signer: backend::SigningKey,
    public: PublicKey,
    /// PKCS#1 `RSAPrivateKey` DER, for [`expose_pkcs8_der`](Self::expose_pkcs8_der).
    pkcs1: Zeroizing<Vec<u8>>,
}

impl PrivateKey {
    /// Loads a private key from PEM text (`PRIVATE KEY` or `RSA PRIVATE KEY`), or from the other
    /// text forms listed in the [module docs](self).
    ///
    /// # Errors
    ///
    /// A [`KeyError`] naming what was found instead of a usable RSA private key.
    ///
    /// ```
    /// use ayolinx_proto::{KeyError, PrivateKey};
    /// let pem = include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem");
    /// let key = PrivateKey::from_pem(pem)?;
    /// // The same key from an environment variable, line breaks written as `\n`:
    /// let escaped = pem.replace('\n', "\\n");
    /// assert_eq!(PrivateKey::from_pem(&escaped)?.public_key(), key.public_key());
    /// // A public key is not a private key:
    /// let public = include_str!("../../tests/fixtures/keys/rsa2048_public.pem");
    /// assert!(matches!(PrivateKey::from_pem(public), Err(KeyError::ExpectedPrivateKey { .. })));
    /// # Ok::<(), KeyError>(())
    /// ```
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        let der = pem::decode(pem, Wanted::Private)?;
        Self::from_der(&der)
    }

    /// Loads a private key from DER: PKCS#8 `PrivateKeyInfo` or PKCS#1 `RSAPrivateKey`.
    ///
    /// # Errors
    ///
    /// A [`KeyError`] naming what was found instead of a usable RSA private key.
    ///
    /// ```
    /// use ayolinx_proto::{KeyError, PrivateKey};
    /// assert_eq!(PrivateKey::from_der(&[]).unwrap_err(), KeyError::Empty);
    /// assert!(matches!(
    ///     PrivateKey::from_der(&[0x30, 0x03, 0x02, 0x01]),
    ///     Err(KeyError::MalformedDer { .. })
    /// ));
    /// ```
    pub fn from_der(der: &[u8]) -> Result<Self, KeyError> {
        if der.is_empty() {
            return Err(KeyError::Empty);
        }
        match structure::classify(der)? {
            Structure::RsaPrivate(key) => Self::from_pkcs1(&key),
            Structure::RsaPublic(_, form) => Err(KeyError::ExpectedPrivateKey { found: form }),
            Structure::EncryptedPrivateKey => Err(KeyError::Encrypted {
                found: "a DER EncryptedPrivateKeyInfo",
            }),
            Structure::Certificate => Err(KeyError::Certificate),
            Structure::OtherAlgorithm(oid) => Err(not_rsa(oid)),
        }
    }

    fn from_pkcs1(key: &Pkcs1Private<'_>) -> Result<Self, KeyError> {
        let bits = check_public_numbers(key.n(), key.e())?;
        #[cfg(rsa_backend)]
        let signer = backend::SigningKey::from_pkcs1(key)?;
        let public_der = structure::encode_pkcs1_public(key.n(), key.e());
        let public = PublicKey::from_checked_pkcs1(public_der, bits)?;
        Ok(Self {
            #[cfg(rsa_backend)]
            signer,
            public,
            pkcs1: Zeroizing::new(key.der.to_vec()),
        })
    }

    /// The key as PKCS#8 `PrivateKeyInfo` DER (rsaEncryption, NULL parameters), whatever form it
    /// was loaded from: what an external RSA implementation imports, such as WebCrypto's
    /// `importKey("pkcs8", …)`. The bytes are the secret key; they are wiped when dropped.
    ///
    /// ```
    /// use ayolinx_proto::PrivateKey;
    /// let key = PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
    /// let der = key.expose_pkcs8_der();
    /// assert_eq!(PrivateKey::from_der(&der)?.public_key(), key.public_key());
    /// # Ok::<(), ayolinx_proto::KeyError>(())
    /// ```
    pub fn expose_pkcs8_der(&self) -> Zeroizing<Vec<u8>> {
        structure::encode_pkcs8(&self.pkcs1)
    }

    /// The public half, derived from the private key's modulus and exponent.
    ///
    /// ```
    /// use ayolinx_proto::{PrivateKey, PublicKey};
    /// let private = PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
    /// let public = PublicKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_public.pem"))?;
    /// assert_eq!(private.public_key(), public);
    /// # Ok::<(), ayolinx_proto::KeyError>(())
    /// ```
    pub fn public_key(&self) -> PublicKey {
        self.public.clone()
    }

    /// Size of the modulus in bits (2048 to 8192).
    ///
    /// ```
    /// use ayolinx_proto::PrivateKey;
    /// let key = PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
    /// assert_eq!(key.bits(), 2048);
    /// # Ok::<(), ayolinx_proto::KeyError>(())
    /// ```
    pub fn bits(&self) -> usize {
        self.public.bits
    }

    /// SHA256withRSA signature of `message`, as standard padded base64: the `X-SIGNATURE` of
    /// scheme A when `message` is the bytes of
    /// [`token_string_to_sign`](crate::signature::token_string_to_sign).
    ///
    /// Cannot fail: the key was checked when it was loaded and the output buffer is sized from
    /// its modulus. Were the backend ever to fail anyway, the result is the empty string, which
    /// every verifier rejects, rather than a panic; [`try_sign_base64`](Self::try_sign_base64)
    /// reports that case as an error.
    ///
    /// ```
    /// use ayolinx_proto::PrivateKey;
    /// use ayolinx_proto::signature::token_string_to_sign;
    /// let key = PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
    /// let message = token_string_to_sign("CKSandbox-1", "2024-09-18T06:36:36+07:00");
    /// let signature = key.sign_base64(message.as_bytes());
    /// assert_eq!(signature.len(), 344); // 256 bytes of signature
    /// assert_eq!(signature, key.sign_base64(message.as_bytes())); // deterministic
    /// # Ok::<(), ayolinx_proto::KeyError>(())
    /// ```
    #[cfg(rsa_backend)]
    pub fn sign_base64(&self, message: &[u8]) -> String {
        self.try_sign_base64(message).unwrap_or_default()
    }

    /// Like [`sign_base64`](Self::sign_base64), but reports a backend failure (which a loaded
    /// key never causes) as [`KeyError::Inconsistent`] instead of returning an empty string.
    ///
    /// # Errors
    ///
    /// [`KeyError::Inconsistent`] if the backend refuses to sign.
    ///
    /// ```
    /// use ayolinx_proto::PrivateKey;
    /// let key = PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
    /// assert_eq!(key.try_sign_base64(b"message")?, key.sign_base64(b"message"));
    /// # Ok::<(), ayolinx_proto::KeyError>(())
    /// ```
    #[cfg(rsa_backend)]
    pub fn try_sign_base64(&self, message: &[u8]) -> Result<String, KeyError> {
        Ok(base64::engine::general_purpose::STANDARD.encode(self.sign(message)?))
    }

    /// The raw SHA256withRSA signature of `message`, exactly the modulus length.
    #[cfg(rsa_backend)]
    pub(crate) fn sign(&self, message: &[u8]) -> Result<Vec<u8>, KeyError> {
        self.signer
            .sign_pkcs1_sha256(message, self.public.modulus_len())
            .ok_or(KeyError::Inconsistent {
                reason: "the RSA backend refused to sign with this key",
            })
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("bits", &self.public.bits)
            .field(
                "public_fingerprint_sha256",
                &self.public.fingerprint_sha256(),
            )
            .finish()
    }
}

/// An RSA public key for SHA256withRSA verification: Ayolinx's key for callbacks (scheme C).
///
/// Two keys are equal when their modulus and exponent are. `Debug` shows the key size and the
/// fingerprint.
///
/// ```
/// use ayolinx_proto::PublicKey;
/// let key = PublicKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_public.pem"))?;
/// assert_eq!(key.bits(), 2048);
/// assert!(format!("{key:?}").starts_with("PublicKey { bits: 2048, fingerprint_sha256: "));
/// # Ok::<(), ayolinx_proto::KeyError>(())
/// ```
#[derive(Clone)]
pub struct PublicKey {
    /// PKCS#1 `RSAPublicKey` DER.
    pkcs1: Vec<u8>,
    bits: usize,
    #[cfg(rsa_backend)]
    verifier: backend::VerifyingKey,
}

impl PublicKey {
    /// Loads a public key from PEM text (`PUBLIC KEY` or `RSA PUBLIC KEY`), or from the other
    /// text forms listed in the [module docs](self).
    ///
    /// # Errors
    ///
    /// A [`KeyError`] naming what was found instead of a usable RSA public key.
    ///
    /// ```
    /// use ayolinx_proto::{KeyError, PublicKey};
    /// let key = PublicKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_public.pem"))?;
    /// assert_eq!(key.bits(), 2048);
    /// let private = include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem");
    /// assert!(matches!(PublicKey::from_pem(private), Err(KeyError::ExpectedPublicKey { .. })));
    /// # Ok::<(), KeyError>(())
    /// ```
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        let der = pem::decode(pem, Wanted::Public)?;
        Self::from_der(&der)
    }

    /// Loads a public key from DER: SPKI `SubjectPublicKeyInfo` or PKCS#1 `RSAPublicKey`.
    ///
    /// # Errors
    ///
    /// A [`KeyError`] naming what was found instead of a usable RSA public key.
    ///
    /// ```
    /// use ayolinx_proto::PublicKey;
    /// let key = PublicKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_public.pem"))?;
    /// assert_eq!(PublicKey::from_der(&key.to_der())?, key);
    /// assert_eq!(PublicKey::from_der(&key.to_pkcs1_der())?, key);
    /// # Ok::<(), ayolinx_proto::KeyError>(())
    /// ```
    pub fn from_der(der: &[u8]) -> Result<Self, KeyError> {
        if der.is_empty() {
            return Err(KeyError::Empty);
        }
        match structure::classify(der)? {
            Structure::RsaPublic(key, _) => Self::from_pkcs1(&key),
            Structure::RsaPrivate(_) | Structure::EncryptedPrivateKey => {
                Err(KeyError::ExpectedPublicKey {
                    found: "a private key",
                })
            }
            Structure::Certificate => Err(KeyError::Certificate),
            Structure::OtherAlgorithm(oid) => Err(not_rsa(oid)),
        }
    }

    fn from_pkcs1(key: &Pkcs1Public<'_>) -> Result<Self, KeyError> {
        let bits = check_public_numbers(key.n, key.e)?;
        Self::from_checked_pkcs1(key.der.to_vec(), bits)
    }

    /// Builds the key from PKCS#1 DER whose numbers passed [`check_public_numbers`].
    fn from_checked_pkcs1(pkcs1: Vec<u8>, bits: usize) -> Result<Self, KeyError> {
        #[cfg(rsa_backend)]
        let verifier = backend::VerifyingKey::from_pkcs1(&pkcs1)?;
        Ok(Self {
            pkcs1,
            bits,
            #[cfg(rsa_backend)]
            verifier,
        })
    }

    /// Size of the modulus in bits (2048 to 8192).
    ///
    /// ```
    /// use ayolinx_proto::PublicKey;
    /// let key = PublicKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_public.pem"))?;
    /// assert_eq!(key.bits(), 2048);
    /// # Ok::<(), ayolinx_proto::KeyError>(())
    /// ```
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// Length in bytes of the modulus, and so of every signature.
    fn modulus_len(&self) -> usize {
        self.bits.div_ceil(8)
    }

    /// Checks a SHA256withRSA `signature` (standard base64, padding optional) of `message`: the
    /// callback `X-SIGNATURE` of scheme C when `message` is the bytes of
    /// [`callback_string_to_sign`](crate::signature::callback_string_to_sign).
    ///
    /// # Errors
    ///
    /// [`SignatureError::Empty`] or [`SignatureError::NotBase64`] for a signature that is not
    /// standard base64, [`SignatureError::WrongLength`] when it does not decode to exactly the
    /// modulus length, and [`SignatureError::Mismatch`] when it does not match.
    ///
    /// ```
    /// use ayolinx_proto::{PrivateKey, PublicKey};
    /// use ayolinx_proto::signature::SignatureError;
    /// let private = PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
    /// let public = PublicKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_public.pem"))?;
    /// let signature = private.sign_base64(b"POST:/cb:hash:2024-09-12T12:55:00+07:00");
    /// assert_eq!(public.verify_base64(b"POST:/cb:hash:2024-09-12T12:55:00+07:00", &signature), Ok(()));
    /// assert_eq!(public.verify_base64(b"POST:/cb:hash:2024-09-12T12:55:01+07:00", &signature), Err(SignatureError::Mismatch));
    /// assert_eq!(
    ///     public.verify_base64(b"anything", "AAAA"),
    ///     Err(SignatureError::WrongLength { expected: 256, actual: 3 }),
    /// );
    /// # Ok::<(), ayolinx_proto::KeyError>(())
    /// ```
    #[cfg(rsa_backend)]
    pub fn verify_base64(&self, message: &[u8], signature: &str) -> Result<(), SignatureError> {
        check_decoded_signature(signature, self.modulus_len(), |signature| {
            self.verifier.verify_pkcs1_sha256(message, signature)
        })
    }

    /// Checks a SHA256withRSA `signature` of `message` given as raw bytes (already decoded): the
    /// RSA step of [`verify_base64`](Self::verify_base64), for a host that decoded the signature
    /// itself, as [`PendingCallback`](crate::callback::PendingCallback) does.
    ///
    /// # Errors
    ///
    /// [`SignatureError::WrongLength`] when `signature` is not exactly the modulus length, and
    /// [`SignatureError::Mismatch`] when it does not match.
    ///
    /// ```
    /// use ayolinx_proto::{PrivateKey, PublicKey};
    /// use ayolinx_proto::signature::SignatureError;
    /// use base64::Engine as _;
    /// let private = PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
    /// let public = private.public_key();
    /// let signature = base64::engine::general_purpose::STANDARD.decode(private.sign_base64(b"message"))?;
    /// assert_eq!(public.verify(b"message", &signature), Ok(()));
    /// assert_eq!(public.verify(b"other", &signature), Err(SignatureError::Mismatch));
    /// assert_eq!(
    ///     public.verify(b"message", &signature[1..]),
    ///     Err(SignatureError::WrongLength { expected: 256, actual: 255 }),
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(rsa_backend)]
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), SignatureError> {
        if signature.len() != self.modulus_len() {
            return Err(SignatureError::WrongLength {
                expected: self.modulus_len(),
                actual: signature.len(),
            });
        }
        if self.verifier.verify_pkcs1_sha256(message, signature) {
            Ok(())
        } else {
            Err(SignatureError::Mismatch)
        }
    }

    /// Decodes a signature header value under the rules of [`verify_base64`](Self::verify_base64)
    /// (standard base64, padding optional, exactly the modulus length).
    pub(crate) fn decode_signature(
        &self,
        signature: &str,
    ) -> Result<DecodedSignature, SignatureError> {
        decode_signature(signature, self.modulus_len())
    }

    /// The key as SPKI `SubjectPublicKeyInfo` DER (the body of a `PUBLIC KEY` PEM).
    ///
    /// ```
    /// use ayolinx_proto::PublicKey;
    /// let key = PublicKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_public.pem"))?;
    /// assert_eq!(key.to_der().len(), 294);
    /// # Ok::<(), ayolinx_proto::KeyError>(())
    /// ```
    pub fn to_der(&self) -> Vec<u8> {
        structure::encode_spki(&self.pkcs1)
    }

    /// The key as PKCS#1 `RSAPublicKey` DER (the body of an `RSA PUBLIC KEY` PEM).
    ///
    /// ```
    /// use ayolinx_proto::PublicKey;
    /// let key = PublicKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_public.pem"))?;
    /// assert_eq!(key.to_pkcs1_der().len(), 270);
    /// # Ok::<(), ayolinx_proto::KeyError>(())
    /// ```
    pub fn to_pkcs1_der(&self) -> Vec<u8> {
        self.pkcs1.clone()
    }

    /// The key as a `PUBLIC KEY` PEM with 64-character lines and a final line break: the form
    /// the Ayolinx portal asks for when you register your key.
    ///
    /// ```
    /// use ayolinx_proto::PublicKey;
    /// let pem = include_str!("../../tests/fixtures/keys/rsa2048_public.pem");
    /// assert_eq!(PublicKey::from_pem(pem)?.to_pem(), pem);
    /// # Ok::<(), ayolinx_proto::KeyError>(())
    /// ```
    pub fn to_pem(&self) -> String {
        let body = base64::engine::general_purpose::STANDARD.encode(self.to_der());
        let mut out = String::from("-----BEGIN PUBLIC KEY-----\n");
        let mut rest = body.as_str();
        while !rest.is_empty() {
            let (line, tail) = rest.split_at_checked(64).unwrap_or((rest, ""));
            out.push_str(line);
            out.push('\n');
            rest = tail;
        }
        out.push_str("-----END PUBLIC KEY-----\n");
        out
    }

    /// Lowercase hex SHA-256 of the SPKI DER ([`to_der`](Self::to_der)): safe to log, and equal to
    /// `openssl pkey -pubin -in public.pem -outform DER | sha256sum`.
    ///
    /// ```
    /// use ayolinx_proto::PublicKey;
    /// let key = PublicKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_public.pem"))?;
    /// assert_eq!(key.fingerprint_sha256().len(), 64);
    /// # Ok::<(), ayolinx_proto::KeyError>(())
    /// ```
    pub fn fingerprint_sha256(&self) -> String {
        crate::signature::sha256_hex(&self.to_der())
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.pkcs1 == other.pkcs1
    }
}

impl Eq for PublicKey {}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("bits", &self.bits)
            .field("fingerprint_sha256", &self.fingerprint_sha256())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn key_types_are_send_and_sync() {
        assert_send_sync::<PrivateKey>();
        assert_send_sync::<PublicKey>();
        assert_send_sync::<KeyError>();
    }
}
