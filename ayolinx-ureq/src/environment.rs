//! What this crate reads from the machine besides the network: the clock and the OS random
//! source, each behind a small trait that tests replace, and the key file a setting names.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ayolinx_proto::PrivateKey;
use ayolinx_proto::key_setting::KeySetting;

use crate::{ConfigError, Error};

/// The private key a setting such as `AYOLINX_PRIVATE_KEY` holds (PEM text) or names (a file,
/// read here); the error names the setting, never its value.
pub(crate) fn private_key_setting(setting: &'static str, value: &str) -> Result<PrivateKey, Error> {
    KeySetting::interpret(value)
        .private_key(setting, |path| std::fs::read_to_string(path))
        .map_err(|error| Error::Config(ConfigError::KeySetting(error)))
}

/// Where the client reads the time and how it waits between attempts.
///
/// Timestamps are formatted in `+07:00` by the core; this trait only says how many seconds have
/// passed since the Unix epoch. Tests replace it with a clock they move by hand (and whose
/// `sleep` advances it instead of waiting).
///
/// ```
/// use ayolinx_ureq::{Clock, SystemClock};
/// assert!(SystemClock.unix_seconds() > 1_700_000_000);
/// ```
pub trait Clock: Send + Sync {
    /// Seconds since 1970-01-01T00:00:00Z.
    fn unix_seconds(&self) -> i64;

    /// Waits `duration` (the backoff between attempts).
    fn sleep(&self, duration: Duration);
}

/// The system clock and `std::thread::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn unix_seconds(&self) -> i64 {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
            Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
        }
    }

    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// Where the client draws random bytes: the 24 random digits of every `X-EXTERNAL-ID` and the
/// retry jitter.
///
/// ```
/// use ayolinx_ureq::{OsRandomness, Randomness};
/// let mut bytes = [0u8; 16];
/// OsRandomness.fill(&mut bytes)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub trait Randomness: Send + Sync {
    /// Fills `dest` with random bytes.
    fn fill(&self, dest: &mut [u8]) -> std::io::Result<()>;
}

/// The operating system's random source (`getrandom(2)` on Linux, `BCryptGenRandom` on
/// Windows, …), read directly through the `getrandom` crate.
#[derive(Debug, Clone, Copy, Default)]
pub struct OsRandomness;

impl Randomness for OsRandomness {
    fn fill(&self, dest: &mut [u8]) -> std::io::Result<()> {
        getrandom::fill(dest).map_err(std::io::Error::from)
    }
}
