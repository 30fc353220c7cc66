//! Heap allocations per operation, counted by dhat's global allocator.
//!
//! The counts are only meaningful in a binary or test whose global allocator is `dhat::Alloc`
//! and while a `dhat::Profiler` runs (see the `allocs` binary and `tests/allocations.rs`).

use std::error::Error;
use std::hint::black_box;

use crate::support::Fixture;

/// Allocations (blocks, bytes) of one operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    /// The operation's name: `prepare`, `verify_and_parse` or `prepare_token`.
    pub name: &'static str,
    /// Heap blocks allocated by one run.
    pub blocks: u64,
    /// Heap bytes allocated by one run.
    pub bytes: u64,
}

/// Counts one run of `op`, after a first run that warms any lazy state.
fn count<T>(name: &'static str, mut op: impl FnMut() -> T) -> Count {
    black_box(op());
    let before = dhat::HeapStats::get();
    black_box(op());
    let after = dhat::HeapStats::get();
    Count {
        name,
        blocks: after.total_blocks - before.total_blocks,
        bytes: after.total_bytes - before.total_bytes,
    }
}

/// The counts of the SDK's operations: a prepared QRIS generate request, a verified and parsed
/// QRIS callback, and a prepared token request.
pub fn per_operation() -> Result<[Count; 3], Box<dyn Error>> {
    let fixture = Fixture::new()?;
    Ok([
        count("prepare", || fixture.prepare().is_ok()),
        count("verify_and_parse", || fixture.verify_and_parse().is_ok()),
        count("prepare_token", || fixture.sign_token().is_ok()),
    ])
}
