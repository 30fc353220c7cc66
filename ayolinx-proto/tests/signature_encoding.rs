//! What a signature header may look like: standard base64, padded or not, and nothing else.

use ayolinx_proto::signature::{
    NotBase64Reason, SignatureError, hmac_sha512_base64, verify_hmac_sha512_base64,
};

const SECRET: &[u8] = b"SKSandbox-c2382b29-2395-4002-9ac5-fee6a6bdc52e";
const MESSAGE: &[u8] = b"POST:/v1.0/qr/qr-mpm-generate:tok:hash:2024-09-12T12:55:00+07:00";

fn good() -> String {
    hmac_sha512_base64(SECRET, MESSAGE)
}

#[test]
fn padded_and_unpadded_standard_base64_verify() {
    let sig = good();
    assert_eq!(sig.len(), 88);
    assert!(sig.ends_with("=="));
    assert_eq!(verify_hmac_sha512_base64(SECRET, MESSAGE, &sig), Ok(()));
    assert_eq!(
        verify_hmac_sha512_base64(SECRET, MESSAGE, sig.trim_end_matches('=')),
        Ok(())
    );
}

#[test]
fn url_safe_alphabet_is_rejected_by_name() {
    // Find a tag with '+' or '/' so that its URL-safe form differs.
    let (message, sig) = (0..1000u32)
        .map(|i| {
            let m = format!("message {i}").into_bytes();
            let s = hmac_sha512_base64(SECRET, &m);
            (m, s)
        })
        .find(|(_, s)| s.contains('+') || s.contains('/'))
        .unwrap();
    let url_safe = sig.replace('+', "-").replace('/', "_");
    match verify_hmac_sha512_base64(SECRET, &message, &url_safe) {
        Err(SignatureError::NotBase64(NotBase64Reason::UrlSafeAlphabet { .. })) => {}
        other => panic!("URL-safe base64 must be rejected as such, got {other:?}"),
    }
}

#[test]
fn whitespace_hex_and_garbage_are_rejected() {
    let sig = good();
    let with_space = format!("{} {}", &sig[..40], &sig[40..]);
    assert!(matches!(
        verify_hmac_sha512_base64(SECRET, MESSAGE, &with_space),
        Err(SignatureError::NotBase64(NotBase64Reason::Whitespace {
            offset: 40
        }))
    ));
    assert!(matches!(
        verify_hmac_sha512_base64(SECRET, MESSAGE, &format!("{sig}\n")),
        Err(SignatureError::NotBase64(_))
    ));
    assert_eq!(
        verify_hmac_sha512_base64(SECRET, MESSAGE, ""),
        Err(SignatureError::Empty)
    );
    assert!(matches!(
        verify_hmac_sha512_base64(SECRET, MESSAGE, "not*base64"),
        Err(SignatureError::NotBase64(
            NotBase64Reason::InvalidCharacter { offset: 3 }
        ))
    ));
    // The SNAP spec's 64-hex-character example decodes as base64 but to 48 bytes.
    let hex_example = "85be817c55b2c135157c7e89f52499bf0c25ad6eeebe04a986e8c862561b19a5";
    assert_eq!(
        verify_hmac_sha512_base64(SECRET, MESSAGE, hex_example),
        Err(SignatureError::WrongLength {
            expected: 64,
            actual: 48
        })
    );
}

#[test]
fn truncated_tags_are_rejected() {
    use base64::Engine as _;
    let raw = base64::engine::general_purpose::STANDARD
        .decode(good())
        .unwrap();
    for len in [0, 1, 32, 63] {
        let truncated = base64::engine::general_purpose::STANDARD.encode(&raw[..len]);
        if len == 0 {
            assert_eq!(
                verify_hmac_sha512_base64(SECRET, MESSAGE, &truncated),
                Err(SignatureError::Empty)
            );
        } else {
            assert_eq!(
                verify_hmac_sha512_base64(SECRET, MESSAGE, &truncated),
                Err(SignatureError::WrongLength {
                    expected: 64,
                    actual: len
                })
            );
        }
    }
}

#[test]
fn non_canonical_trailing_bits_are_rejected() {
    let sig = good();
    // The last data character before "==" carries 4 unused bits; set one of them.
    let mut chars: Vec<char> = sig.chars().collect();
    let i = chars.len() - 3;
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let value = alphabet.find(chars[i]).unwrap();
    chars[i] = alphabet.chars().nth(value | 1).unwrap();
    let tampered: String = chars.into_iter().collect();
    assert_ne!(tampered, sig);
    assert!(matches!(
        verify_hmac_sha512_base64(SECRET, MESSAGE, &tampered),
        Err(SignatureError::NotBase64(
            NotBase64Reason::NonCanonicalEnding { .. }
        ))
    ));
}

#[test]
fn every_single_bit_flip_of_the_tag_or_message_is_rejected() {
    use base64::Engine as _;
    let engine = base64::engine::general_purpose::STANDARD;
    let raw = engine.decode(good()).unwrap();
    for bit in 0..raw.len() * 8 {
        let mut flipped = raw.clone();
        flipped[bit / 8] ^= 1 << (bit % 8);
        assert_eq!(
            verify_hmac_sha512_base64(SECRET, MESSAGE, &engine.encode(&flipped)),
            Err(SignatureError::Mismatch),
            "tag bit {bit}"
        );
    }
    for bit in 0..MESSAGE.len() * 8 {
        let mut message = MESSAGE.to_vec();
        message[bit / 8] ^= 1 << (bit % 8);
        assert_eq!(
            verify_hmac_sha512_base64(SECRET, &message, &good()),
            Err(SignatureError::Mismatch)
        );
    }
}

#[test]
fn errors_say_what_went_wrong() {
    let e = verify_hmac_sha512_base64(SECRET, MESSAGE, "abc-").unwrap_err();
    assert!(e.to_string().contains("URL-safe"), "{e}");
    let e = verify_hmac_sha512_base64(SECRET, MESSAGE, "AAAA").unwrap_err();
    assert!(
        e.to_string().contains("3 bytes") && e.to_string().contains("64"),
        "{e}"
    );
    let e = verify_hmac_sha512_base64(b"other", MESSAGE, &good()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the signature does not match the message and key"
    );
}
