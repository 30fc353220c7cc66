//! The two things this crate reads from the machine besides the network: the clock (and how
//! to wait, without blocking a runtime thread) and the OS random source, each behind a small
//! trait that tests replace.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where the client reads the time and how it waits between attempts.
///
/// ```
/// use ayolinx_reqwest::{Clock, SystemClock};
/// assert!(SystemClock.unix_seconds() > 1_700_000_000);
/// assert!(SystemClock.unix_millis() / 1_000 >= SystemClock.unix_seconds() - 1);
/// ```
pub trait Clock: Send + Sync {
    /// Seconds since 1970-01-01T00:00:00Z.
    fn unix_seconds(&self) -> i64;

    /// Milliseconds since 1970-01-01T00:00:00Z (the overall deadline's resolution); by default
    /// the seconds, times 1000.
    fn unix_millis(&self) -> i64 {
        self.unix_seconds().saturating_mul(1_000)
    }

    /// Waits `duration` (the backoff between attempts).
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>>;
}

/// The system clock and `tokio::time::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl SystemClock {
    fn since_epoch() -> i128 {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(since) => i128::try_from(since.as_millis()).unwrap_or(i128::MAX),
            Err(before) => -i128::try_from(before.duration().as_millis()).unwrap_or(i128::MAX),
        }
    }
}

impl Clock for SystemClock {
    fn unix_seconds(&self) -> i64 {
        i64::try_from(Self::since_epoch().div_euclid(1_000)).unwrap_or(i64::MAX)
    }

    fn unix_millis(&self) -> i64 {
        i64::try_from(Self::since_epoch()).unwrap_or(i64::MAX)
    }

    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// Where the client draws random bytes: the 24 random digits of every `X-EXTERNAL-ID` and the
/// retry jitter.
///
/// ```
/// use ayolinx_reqwest::{OsRandomness, Randomness};
/// let mut bytes = [0u8; 16];
/// OsRandomness.fill(&mut bytes)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub trait Randomness: Send + Sync {
    /// Fills `dest` with random bytes.
    fn fill(&self, dest: &mut [u8]) -> std::io::Result<()>;
}

/// The operating system's random source, read directly through the `getrandom` crate.
#[derive(Debug, Clone, Copy, Default)]
pub struct OsRandomness;

impl Randomness for OsRandomness {
    fn fill(&self, dest: &mut [u8]) -> std::io::Result<()> {
        getrandom::fill(dest).map_err(std::io::Error::from)
    }
}
