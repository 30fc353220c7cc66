//! [`StoreError`]: a store that could not answer.

use std::error::Error;
use std::fmt;

/// What kind of failure a [`StoreError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StoreErrorKind {
    /// The store could not be reached, or did not answer in time (connection refused, reset,
    /// timeout). Retrying later may succeed.
    Unavailable,
    /// The store answered something this crate cannot read (a value of another shape under one
    /// of its keys, an unexpected reply type).
    Corrupt,
}

/// A store that could not answer. Nothing was decided: a notification whose claim failed this
/// way must be answered with a retryable 5xx.
///
/// Neither `Display` nor `Debug` contains a key's value (a token) or a connection password.
#[derive(Debug)]
pub struct StoreError {
    kind: StoreErrorKind,
    message: String,
    source: Option<Box<dyn Error + Send + Sync>>,
}

impl StoreError {
    /// A failure of `kind`, described by `message` (never a secret), caused by `source`.
    ///
    /// ```
    /// use ayolinx_store::{StoreError, StoreErrorKind};
    /// let error = StoreError::new(StoreErrorKind::Unavailable, "redis at 127.0.0.1:6379", None);
    /// assert_eq!(error.to_string(), "store unavailable: redis at 127.0.0.1:6379");
    /// assert!(error.is_unavailable());
    /// ```
    pub fn new(
        kind: StoreErrorKind,
        message: impl Into<String>,
        source: Option<Box<dyn Error + Send + Sync>>,
    ) -> Self {
        Self {
            kind,
            message: message.into(),
            source,
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> StoreErrorKind {
        self.kind
    }

    /// Whether the store could not be reached (retrying later may succeed).
    pub fn is_unavailable(&self) -> bool {
        self.kind == StoreErrorKind::Unavailable
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            StoreErrorKind::Unavailable => "store unavailable",
            StoreErrorKind::Corrupt => "store answered an unreadable value",
        };
        write!(f, "{what}: {}", self.message)
    }
}

impl Error for StoreError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn Error + 'static))
    }
}
