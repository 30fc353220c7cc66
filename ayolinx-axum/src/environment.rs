//! The clock and the random source the router reads, behind traits that tests replace.

/// The wall clock: `now` for the timestamp windows and token expiries.
pub trait Clock: Send + Sync {
    /// Seconds since 1970-01-01T00:00:00Z.
    fn unix_seconds(&self) -> i64;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn unix_seconds(&self) -> i64 {
        let since_epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        i64::try_from(since_epoch.as_secs()).unwrap_or(i64::MAX)
    }
}

/// A cryptographic random source: the bytes of the tokens issued to Ayolinx.
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
