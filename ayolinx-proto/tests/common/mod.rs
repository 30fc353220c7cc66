//! Shared helpers of the integration tests: where the test vectors live, and how to read them.
// Test support: reading the test vectors from disk and failing loudly is its whole purpose, so
// the crate's no-I/O bans and no-panic lints do not apply here.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::disallowed_methods,
    clippy::panic,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

/// The repository's `vectors/` folder (`$AYOLINX_VECTORS_DIR` overrides it).
///
/// Panics with instructions when the folder is missing or incomplete: a test that needs the
/// vectors fails loudly, it never skips.
pub fn vectors_dir() -> PathBuf {
    let dir = std::env::var_os("AYOLINX_VECTORS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vectors"));
    assert!(
        dir.join("ayolinx-signatures.json").is_file(),
        "the test vectors are missing: expected {} (the repository's `vectors/` folder), or set \
         AYOLINX_VECTORS_DIR to a folder holding ayolinx-signatures.json",
        dir.display()
    );
    dir
}

/// Reads a file below the vectors folder as text.
pub fn read_vector_text(relative: &str) -> String {
    let path = vectors_dir().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Reads and parses a JSON file below the vectors folder.
pub fn read_vector_json(relative: &str) -> serde_json::Value {
    serde_json::from_str(&read_vector_text(relative))
        .unwrap_or_else(|e| panic!("{relative} is not valid JSON: {e}"))
}

/// Decodes a hex string from the vector files.
pub fn hex(text: &str) -> Vec<u8> {
    assert!(
        text.len().is_multiple_of(2),
        "odd-length hex in a vector: {text}"
    );
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex digit in a vector"))
        .collect()
}

/// Wraps DER in a PEM block with 64-character lines, written here independently of the crate.
pub fn pem(label: &str, der: &[u8]) -> String {
    use base64::Engine as _;
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).expect("base64 is ASCII"))
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}
