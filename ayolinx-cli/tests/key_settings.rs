//! `AYOLINX_PRIVATE_KEY` and `AYOLINX_PUBLIC_KEY` hold the PEM text itself or a file path, and
//! no output ever repeats a value read from the environment or a key.

// Helpers outside #[test] functions fail loudly too.
#![allow(clippy::unwrap_used)]

mod support;

use support::{SandboxProcess, assert_exit, stderr, stdout};

/// Every line of `value` worth looking for (PEM lines, paths), asserted absent from both streams.
fn assert_nothing_of(output: &std::process::Output, value: &str) {
    let shown = format!("{}{}", stdout(output), stderr(output));
    for line in value.lines().map(str::trim).filter(|line| line.len() > 4) {
        assert!(!shown.contains(line), "{line:?} leaked into {shown}");
    }
}

fn token_with_private_key(sandbox: &SandboxProcess, value: &str) -> std::process::Output {
    support::command(&["token", "--json"])
        .env("AYOLINX_BASE_URL", sandbox.base_url())
        .env("AYOLINX_CLIENT_KEY", support::CLIENT_KEY)
        .env("AYOLINX_CLIENT_SECRET", support::CLIENT_SECRET)
        .env("AYOLINX_PRIVATE_KEY", value)
        .output()
        .unwrap()
}

#[test]
fn the_private_key_variable_holds_the_pem_text_itself() {
    let sandbox = SandboxProcess::start("pem-in-env", &[]);
    let pem = std::fs::read_to_string(&sandbox.private_key).unwrap();
    let output = token_with_private_key(&sandbox, &pem);
    support::assert_no_secret(&output);
    assert_nothing_of(&output, &pem);
    let answer = support::success_json(&output);
    assert_eq!(answer["tokenType"], "Bearer");
}

#[test]
fn a_corrupted_pem_in_the_variable_is_named_without_a_line_of_the_key() {
    let sandbox = SandboxProcess::start("corrupt-pem-in-env", &[]);
    let pem = std::fs::read_to_string(&sandbox.private_key).unwrap();
    for corrupted in [
        pem.replacen("MII", "M!I", 1),
        pem.lines().take(12).collect::<Vec<_>>().join("\n"),
    ] {
        let output = token_with_private_key(&sandbox, &corrupted);
        assert_exit(&output, 3, "AYOLINX_PRIVATE_KEY");
        assert_exit(&output, 3, "not a usable private key");
        assert_nothing_of(&output, &corrupted);
    }
}

#[test]
fn an_unreadable_key_path_is_not_repeated() {
    let sandbox = SandboxProcess::start("missing-key-file", &[]);
    let path = "/nonexistent/secret-dir/merchant-key.pem";
    let output = token_with_private_key(&sandbox, path);
    assert_exit(&output, 3, "cannot be read");
    assert_nothing_of(&output, path);
}
