//! Counts heap allocations (blocks allocated, and bytes) per operation, with dhat's counting
//! global allocator, and prints one line per operation: `<name> <allocations> <bytes>`.
//!
//! ```text
//! cargo run --release -p ayolinx-bench --bin allocs
//! ```
#![allow(clippy::print_stdout)] // the numbers are the output

use std::error::Error;
use std::hint::black_box;

use ayolinx_bench::support::Fixture;

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

/// Allocations and bytes of one run of `op`, after a first run that warms any lazy state.
fn count<T>(mut op: impl FnMut() -> T) -> (u64, u64) {
    black_box(op());
    let before = dhat::HeapStats::get();
    black_box(op());
    let after = dhat::HeapStats::get();
    (
        after.total_blocks - before.total_blocks,
        after.total_bytes - before.total_bytes,
    )
}

fn main() -> Result<(), Box<dyn Error>> {
    let _profiler = dhat::Profiler::builder().testing().build();
    let fixture = Fixture::new()?;
    let results = [
        ("prepare", count(|| fixture.prepare().is_ok())),
        (
            "verify_and_parse",
            count(|| fixture.verify_and_parse().is_ok()),
        ),
        ("prepare_token", count(|| fixture.sign_token().is_ok())),
    ];
    for (name, (blocks, bytes)) in results {
        println!("{name} {blocks} {bytes}");
    }
    Ok(())
}
