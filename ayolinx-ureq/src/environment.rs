//! What this crate reads from the machine besides the network: the clock and the OS random
//! source, each behind a small trait that tests replace.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ayolinx_proto::driver::{Randomness, epoch_millis};

/// Where the client reads the time and how it waits between attempts.
///
/// Timestamps are formatted in `+07:00` by the core; this trait only says how much time has
/// passed since the Unix epoch. Tests replace it with a clock they move by hand (and whose
/// `sleep` advances it instead of waiting).
///
/// ```
/// use ayolinx_ureq::{Clock, SystemClock};
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
    fn sleep(&self, duration: Duration);
}

/// The system clock and `std::thread::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn unix_seconds(&self) -> i64 {
        self.unix_millis().div_euclid(1_000)
    }

    fn unix_millis(&self) -> i64 {
        epoch_millis(SystemTime::now().duration_since(UNIX_EPOCH))
    }

    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// The operating system's random source (`getrandom(2)` on Linux, `BCryptGenRandom` on
/// Windows, …), read directly through the `getrandom` crate.
///
/// ```
/// use ayolinx_ureq::{OsRandomness, Randomness};
/// let mut bytes = [0u8; 16];
/// OsRandomness.fill(&mut bytes)?;
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct OsRandomness;

impl Randomness for OsRandomness {
    fn fill(&self, dest: &mut [u8]) -> std::io::Result<()> {
        getrandom::fill(dest).map_err(std::io::Error::from)
    }
}
