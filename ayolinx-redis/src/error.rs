//! Redis failures as the store's typed errors.

use ayolinx_store::{StoreError, StoreErrorKind};

/// A Redis error as a [`StoreError`]: unreachable, refused, dropped or timed out is
/// [`Unavailable`](StoreErrorKind::Unavailable); anything else (a script or type error) is
/// [`Corrupt`](StoreErrorKind::Corrupt). The message is Redis's, which never holds the URL's
/// password nor a stored value.
pub(crate) fn store_error(error: redis::RedisError) -> StoreError {
    let kind = if error.is_io_error()
        || error.is_connection_refusal()
        || error.is_connection_dropped()
        || error.is_timeout()
    {
        StoreErrorKind::Unavailable
    } else {
        StoreErrorKind::Corrupt
    };
    StoreError::new(kind, format!("redis: {error}"), Some(Box::new(error)))
}

/// A reply this crate did not write.
pub(crate) fn corrupt(what: &str) -> StoreError {
    StoreError::new(StoreErrorKind::Corrupt, format!("redis: {what}"), None)
}
