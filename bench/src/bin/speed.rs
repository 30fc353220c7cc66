//! Times the SDK's operations beside their floors on one thread, and prints one line per
//! operation: `<name> <operations per second>`.
//!
//! ```text
//! cargo run --release -p ayolinx-bench --bin speed -- [ROUND_MILLIS] [ROUNDS]
//! ```
//!
//! Operations: `prepare_sdk` (a fully signed QRIS generate request) and `prepare_floor` (SHA-256
//! of its body and HMAC-SHA512 of its string to sign) and `prepare_floor_keyed` (the same, with
//! the HMAC keyed once as the SDK keys it per client); `verify_sdk` (verify and parse the QRIS
//! callback) and `verify_floor` (the bare RSA-2048 verification of the same bytes); `token_sdk`
//! (the access-token signature) and `token_floor` (the bare RSA-2048 signature).
#![allow(clippy::print_stdout)] // the numbers are the output

use std::error::Error;
use std::time::Duration;

use ayolinx_bench::support::{Fixture, Floor};
use ayolinx_bench::timing::{Op, measure};
use ayolinx_proto::PrivateKey;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let round_millis: u64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(300);
    let rounds: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(7);
    let fixture = Fixture::new()?;
    let floor = Floor::new(&fixture)?;
    let key = PrivateKey::from_pem(ayolinx_bench::support::PRIVATE_KEY_PEM)?;
    let token_message = fixture.token_string_to_sign.as_bytes();
    let mut ops = [
        Op::new("prepare_sdk", || fixture.prepare().is_ok()),
        Op::new("prepare_floor", || floor.prepare()),
        Op::new("prepare_floor_keyed", || floor.prepare_keyed()),
        Op::new("verify_sdk", || fixture.verify_and_parse().is_ok()),
        Op::new("verify_floor", || floor.verify()),
        Op::new("token_sdk", || key.sign_base64(token_message)),
        Op::new("token_floor", || floor.sign().is_ok()),
    ];
    for (name, rate) in measure(&mut ops, Duration::from_millis(round_millis), rounds) {
        println!("{name} {rate:.0}");
    }
    Ok(())
}
