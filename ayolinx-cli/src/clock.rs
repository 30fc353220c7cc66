//! The current time, read once per use, in Jakarta time (+07:00) as Ayolinx writes it.

use std::time::{SystemTime, UNIX_EPOCH};

use ayolinx_proto::Timestamp;

use crate::failure::Failure;

/// Western Indonesia Time, the offset of every Ayolinx timestamp.
const JAKARTA_OFFSET_SECONDS: i32 = 7 * 3600;

/// Now, at +07:00.
pub(crate) fn now() -> Result<Timestamp, Failure> {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|elapsed| i64::try_from(elapsed.as_secs()).ok())
        .ok_or_else(|| Failure::BadInput("the system clock is before 1970".into()))?;
    Timestamp::from_unix_with_offset(seconds, JAKARTA_OFFSET_SECONDS)
        .map_err(|error| Failure::BadInput(format!("the system clock is unusable: {error}")))
}
