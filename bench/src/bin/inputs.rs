//! Writes the shared inputs of the peers (see `ayolinx_bench::inputs`).
//!
//! ```text
//! cargo run --release -p ayolinx-bench --bin inputs -- bench/inputs.json
//! ```

use std::error::Error;

use ayolinx_bench::inputs::document;
use ayolinx_bench::support::Fixture;

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args_os()
        .nth(1)
        .ok_or("usage: inputs <path of inputs.json>")?;
    let document = document(&Fixture::new()?)?;
    std::fs::write(&path, serde_json::to_string_pretty(&document)? + "\n")?;
    Ok(())
}
