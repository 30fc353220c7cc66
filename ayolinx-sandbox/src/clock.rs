//! The wall clock and the OS random generator: the only places the sandbox reads them.

use std::time::{SystemTime, UNIX_EPOCH};

use ayolinx_proto::Timestamp;

use crate::SandboxError;

/// Now, written in Asia/Jakarta time (`+07:00`) as Ayolinx does.
pub(crate) fn now() -> Result<Timestamp, SandboxError> {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    Timestamp::from_unix(i64::try_from(seconds).unwrap_or(i64::MAX))
        .map_err(|source| SandboxError::Clock(source.to_string()))
}

/// `N` bytes from the operating system's random generator.
pub(crate) fn random<const N: usize>() -> Result<[u8; N], SandboxError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|error| SandboxError::Clock(error.to_string()))?;
    Ok(bytes)
}

/// `count` random decimal digits.
pub(crate) fn random_digits(count: usize) -> Result<String, SandboxError> {
    let bytes = random::<32>()?;
    Ok(bytes
        .iter()
        .cycle()
        .take(count)
        .map(|byte| char::from(b'0' + byte % 10))
        .collect())
}
