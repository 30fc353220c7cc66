//! Shared helpers of the `ayolinx` process tests: running the binary, temporary files, the
//! shared vectors.
// Test support reads files, writes temporary ones and fails loudly.
#![allow(
    dead_code,
    unused_imports,
    unreachable_pub,
    clippy::disallowed_methods,
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use std::process::{Command, Output};

#[path = "../../../ayolinx-proto/tests/common/mod.rs"]
mod common;

pub use common::{read_vector_json, vectors_dir};

/// The secrets every test passes somewhere; none may appear in any output.
pub const CLIENT_SECRET: &str = "SKSandbox-c2382b29-2395-4002-9ac5-fee6a6bdc52e";
pub const ACCESS_TOKEN: &str = "tok-very-secret-4711";

/// `ayolinx` with `args`, its environment cleared of `AYOLINX_*` settings.
pub fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ayolinx"));
    for variable in [
        "AYOLINX_BASE_URL",
        "AYOLINX_CLIENT_KEY",
        "AYOLINX_CLIENT_SECRET",
        "AYOLINX_PRIVATE_KEY",
        "AYOLINX_PUBLIC_KEY",
    ] {
        command.env_remove(variable);
    }
    command.args(args);
    command
}

/// Runs `ayolinx` with `args` to completion.
pub fn ayolinx(args: &[&str]) -> Output {
    command(args).output().expect("the ayolinx binary runs")
}

/// Writes `bytes` to a fresh temporary file named after the test.
pub fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("ayolinx-cli-test-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Fails when any known secret appears on stdout or stderr.
pub fn assert_no_secret(output: &Output) {
    for secret in [CLIENT_SECRET, ACCESS_TOKEN] {
        assert!(
            !stdout(output).contains(secret) && !stderr(output).contains(secret),
            "a secret leaked: {}{}",
            stdout(output),
            stderr(output)
        );
    }
}

/// A path in the shared vectors' key folder, as a string.
pub fn vector_key(name: &str) -> String {
    vectors_dir().join("keys").join(name).display().to_string()
}
