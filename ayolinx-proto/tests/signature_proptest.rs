//! Sign then verify succeeds, and a single flipped bit anywhere (message, signature bytes, or the
//! signature's base64 text) makes verification fail: HMAC-SHA512 (scheme B) and SHA256withRSA
//! (schemes A and C, over their real strings to sign).

// Tests may unwrap, index and panic (the workspace lints warn on them in library code).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::LazyLock;

use ayolinx_proto::signature::{
    callback_string_to_sign, hmac_sha512_base64, token_string_to_sign, verify_hmac_sha512_base64,
};
use ayolinx_proto::{PrivateKey, PublicKey};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use proptest::prelude::*;

static KEY: LazyLock<PrivateKey> = LazyLock::new(|| {
    PrivateKey::from_pem(include_str!("fixtures/keys/rsa2048_pkcs8.pem")).unwrap()
});
static PUBLIC: LazyLock<PublicKey> = LazyLock::new(|| {
    PublicKey::from_pem(include_str!("fixtures/keys/rsa2048_public.pem")).unwrap()
});

/// `bytes` with bit `bit` (counted over the whole slice) flipped.
fn flip(bytes: &[u8], bit: usize) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let bit = bit % (bytes.len() * 8);
    out[bit / 8] ^= 1 << (bit % 8);
    out
}

/// The base64 text with one of the low seven bits of one character flipped (the text stays
/// ASCII, so it is still a `&str`).
fn flip_text(text: &str, index: usize, bit: u8) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let index = index % bytes.len();
    bytes[index] ^= 1 << (bit % 7);
    String::from_utf8(bytes).unwrap()
}

/// A string to sign of scheme A or C built from arbitrary parts.
fn rsa_message() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        (".{0,40}", ".{0,30}")
            .prop_map(|(client_key, ts)| token_string_to_sign(&client_key, &ts).into_bytes()),
        (
            "/[ -~]{0,40}",
            prop::collection::vec(any::<u8>(), 0..200),
            ".{0,30}"
        )
            .prop_map(
                |(path, body, ts)| callback_string_to_sign("POST", &path, &body, &ts).into_bytes()
            ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn hmac_signature_verifies_and_any_flipped_bit_fails(
        secret in prop::collection::vec(any::<u8>(), 0..80),
        message in prop::collection::vec(any::<u8>(), 1..300),
        bit in any::<usize>(),
        index in any::<usize>(),
        text_bit in 0u8..7,
    ) {
        let signature = hmac_sha512_base64(&secret, &message);
        prop_assert_eq!(verify_hmac_sha512_base64(&secret, &message, &signature), Ok(()));
        prop_assert!(verify_hmac_sha512_base64(&secret, &flip(&message, bit), &signature).is_err());
        let tag = STANDARD.decode(&signature).unwrap();
        let flipped = STANDARD.encode(flip(&tag, bit));
        prop_assert!(verify_hmac_sha512_base64(&secret, &message, &flipped).is_err());
        let flipped_text = flip_text(&signature, index, text_bit);
        prop_assert!(verify_hmac_sha512_base64(&secret, &message, &flipped_text).is_err(), "{}", flipped_text);
    }
}

proptest! {
    // Each case signs once with RSA 2048; 48 cases take well under a second with AWS-LC.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn rsa_signature_verifies_and_any_flipped_bit_fails(
        message in rsa_message(),
        bit in any::<usize>(),
        index in any::<usize>(),
        text_bit in 0u8..7,
    ) {
        let signature = KEY.sign_base64(&message);
        prop_assert_eq!(PUBLIC.verify_base64(&message, &signature), Ok(()));
        prop_assert!(PUBLIC.verify_base64(&flip(&message, bit), &signature).is_err());
        let raw = STANDARD.decode(&signature).unwrap();
        let flipped = STANDARD.encode(flip(&raw, bit));
        prop_assert!(PUBLIC.verify_base64(&message, &flipped).is_err());
        let flipped_text = flip_text(&signature, index, text_bit);
        prop_assert!(PUBLIC.verify_base64(&message, &flipped_text).is_err(), "{}", flipped_text);
    }
}
