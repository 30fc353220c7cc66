//! Counts heap allocations (blocks allocated, and bytes) per operation, with dhat's counting
//! global allocator, and prints one line per operation: `<name> <allocations> <bytes>`.
//!
//! ```text
//! cargo run --release -p ayolinx-bench --bin allocs
//! ```
#![allow(clippy::print_stdout)] // the numbers are the output

use std::error::Error;

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

fn main() -> Result<(), Box<dyn Error>> {
    let _profiler = dhat::Profiler::builder().testing().build();
    for count in ayolinx_bench::allocations::per_operation()? {
        println!("{} {} {}", count.name, count.blocks, count.bytes);
    }
    Ok(())
}
