//! The current time, read once per use, in Jakarta time (+07:00) as Ayolinx writes it.

use std::time::{SystemTime, UNIX_EPOCH};

use ayolinx_proto::Timestamp;

use crate::failure::Failure;

/// Now, at +07:00.
pub(crate) fn now() -> Result<Timestamp, Failure> {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|elapsed| i64::try_from(elapsed.as_secs()).ok())
        .ok_or_else(|| Failure::BadInput("the system clock is before 1970".into()))?;
    Timestamp::from_unix(seconds)
        .map_err(|error| Failure::BadInput(format!("the system clock is unusable: {error}")))
}

/// A number that differs on every call within a run and between runs: the nanoseconds since
/// 1970 (for references such as `DEMO-QRIS-…`, never for anything secret).
pub(crate) fn unique_number() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos())
}
