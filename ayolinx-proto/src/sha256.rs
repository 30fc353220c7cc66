//! SHA-256 of body bytes, the `hashedRequestBody` of every string to sign.
//!
//! Natively from AWS-LC, the RSA backend, whose SHA-NI code hashed a 640-byte callback body
//! about 25 % faster than the `sha2` crate on the benchmark machine (BENCHMARKS.md); from `sha2`
//! where AWS-LC is not used (wasm32, and the `pure-rust-rsa` feature).

/// The SHA-256 digest of `bytes`.
#[cfg(all(not(target_arch = "wasm32"), not(feature = "pure-rust-rsa")))]
pub(crate) fn sha256(bytes: &[u8]) -> [u8; 32] {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, bytes);
    let mut out = [0; 32];
    out.copy_from_slice(digest.as_ref());
    out
}

/// The SHA-256 digest of `bytes`.
#[cfg(any(target_arch = "wasm32", feature = "pure-rust-rsa"))]
pub(crate) fn sha256(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).into()
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_answers() {
        // FIPS 180-2 examples.
        for (message, hex) in [
            (
                &b""[..],
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (
                b"abc",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
            (
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            ),
        ] {
            assert_eq!(crate::signature::lower_hex(&super::sha256(message)), hex);
        }
    }
}
