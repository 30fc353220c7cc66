//! [`Secret`]: the client secret and access tokens, which must never be printed.

use std::fmt;

use zeroize::Zeroizing;

/// A secret string (a client secret, an access token): redacted in `Debug` and `Display`,
/// wiped from memory when dropped, never compared with `==` (use a constant-time check on
/// [`expose_secret`](Secret::expose_secret)'s bytes), and only readable by an explicit call.
///
/// ```
/// use ayolinx_proto::Secret;
///
/// let secret = Secret::new("SKSandbox-c2382b29");
/// assert_eq!(format!("{secret:?}"), "Secret([REDACTED])");
/// assert_eq!(secret.to_string(), "[REDACTED]");
/// assert_eq!(secret.expose_secret(), "SKSandbox-c2382b29");
/// ```
#[derive(Clone)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a secret value.
    ///
    /// ```
    /// let token = ayolinx_proto::Secret::new(String::from("7bd8be52a84cc95155756773cf34eade"));
    /// assert_eq!(token.len(), 32);
    /// ```
    pub fn new(value: impl Into<String>) -> Self {
        Self(Zeroizing::new(value.into()))
    }

    /// The secret itself. Call it only where the value is used (signing, a header), never to log.
    ///
    /// ```
    /// let secret = ayolinx_proto::Secret::new("s3cr3t");
    /// assert_eq!(secret.expose_secret().as_bytes(), b"s3cr3t");
    /// ```
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Length in bytes, which is safe to show.
    ///
    /// ```
    /// assert_eq!(ayolinx_proto::Secret::new("abc").len(), 3);
    /// ```
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the secret is the empty string (a configuration mistake worth reporting).
    ///
    /// ```
    /// assert!(ayolinx_proto::Secret::new("").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}
