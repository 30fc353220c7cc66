//! One name for "this build has an RSA backend", so that the sources say `#[cfg(rsa_backend)]`
//! instead of repeating the target-and-feature condition: AWS-LC on native targets, the pure-Rust
//! `rsa` crate with the `pure-rust-rsa` feature, and none on `wasm32` without that feature (the
//! host's RSA, such as WebCrypto, does the arithmetic there).

#![allow(
    clippy::disallowed_methods,
    clippy::print_stdout,
    reason = "a build script talks to Cargo through its environment and its standard output"
)]

fn main() {
    println!("cargo::rustc-check-cfg=cfg(rsa_backend)");
    let wasm32 = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    let pure_rust = std::env::var_os("CARGO_FEATURE_PURE_RUST_RSA").is_some();
    if !wasm32 || pure_rust {
        println!("cargo::rustc-cfg=rsa_backend");
    }
}
