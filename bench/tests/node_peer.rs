//! The Node peer is faithful: on the shared inputs it reproduces the Rust SDK's body bytes,
//! headers and `X-SIGNATURE` and accepts the callback, and it refuses to be timed when an
//! expected output is wrong. (The Python and PHP peers run the same checks in `bench/run.sh`.)
//! Needs `node`, so it is built only with the `node-peer` feature (`cargo test -p ayolinx-bench
//! --features node-peer --test node_peer`, which `.ci/run` runs); fails loudly without `node`.
// The helper below runs inside tests only; failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ayolinx_bench::inputs::document;
use ayolinx_bench::support::Fixture;
use serde_json::Value;

/// Writes `inputs` to a file of its own and runs the Node peer on it with the shortest timing.
fn run_node_peer(name: &str, inputs: &Value) -> Output {
    let path: PathBuf =
        std::env::temp_dir().join(format!("ayolinx-bench-{name}-{}.json", std::process::id()));
    std::fs::write(&path, serde_json::to_vec(inputs).unwrap()).unwrap();
    let peer = Path::new(env!("CARGO_MANIFEST_DIR")).join("peers/peer.js");
    let output = Command::new("node")
        .arg(peer)
        .arg(&path)
        .args(["0.001", "1"])
        .output()
        .expect(
            "cannot run `node`: this test needs Node.js (Debian/Ubuntu: apt-get install -y nodejs)",
        );
    std::fs::remove_file(&path).unwrap();
    output
}

#[test]
fn node_peer_signs_and_verifies_exactly_like_the_sdk() {
    let inputs = document(&Fixture::new().unwrap()).unwrap();
    let output = run_node_peer("faithful", &inputs);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    for operation in ["prepare", "verify"] {
        let rate = stdout
            .lines()
            .find_map(|line| line.strip_prefix(operation)?.trim().parse::<f64>().ok());
        assert!(
            rate.is_some_and(|r| r > 0.0),
            "no {operation} rate in {stdout:?}"
        );
    }
}

#[test]
fn node_peer_refuses_a_signature_that_differs() {
    let mut inputs = document(&Fixture::new().unwrap()).unwrap();
    let signature = inputs["request"]["headers"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|pair| pair[0] == "X-SIGNATURE")
        .unwrap();
    signature[1] = Value::from("AAAA");
    let output = run_node_peer("tampered", &inputs);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("differ from the Rust SDK's"));
}
