//! What the mutation pass over `signature.rs` found unchecked: the strings to sign of inputs at
//! the edges of their length (empty segments, an empty method, a long timestamp) are exact and
//! built without a panic, and HMAC-SHA256 (the VA payment variant) signs and verifies by itself.

use ayolinx_proto::signature::{
    SignatureError, callback_string_to_sign, hmac_sha256_base64, request_string_to_sign,
    sha256_hex, verify_hmac_sha256_base64,
};

#[test]
fn empty_segments_and_method_are_kept_as_empty_segments() {
    let empty_body = sha256_hex(b"");
    assert_eq!(
        request_string_to_sign("POST", "", "", b"", "ts"),
        format!("POST:::{empty_body}:ts")
    );
    assert_eq!(
        callback_string_to_sign("", "", b"", ""),
        format!("::{empty_body}:")
    );
}

#[test]
fn a_timestamp_longer_than_the_rest_is_written_whole() {
    let timestamp = "9".repeat(200);
    let body_hash = sha256_hex(b"{}");
    assert_eq!(
        callback_string_to_sign("POST", "/", b"{}", &timestamp),
        format!("POST:/:{body_hash}:{timestamp}")
    );
    assert_eq!(
        request_string_to_sign("get", "/p", "t", b"{}", &timestamp),
        format!("GET:/p:t:{body_hash}:{timestamp}")
    );
}

/// RFC 4231, test case 2.
const RFC4231_KEY: &[u8] = b"Jefe";
const RFC4231_DATA: &[u8] = b"what do ya want for nothing?";
/// Its HMAC-SHA256, `5bdcc146…64ec3843`, in standard base64.
const RFC4231_TAG: &str = "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=";

#[test]
fn hmac_sha256_signs_the_rfc_4231_vector() {
    assert_eq!(hmac_sha256_base64(RFC4231_KEY, RFC4231_DATA), RFC4231_TAG);
}

#[test]
fn hmac_sha256_verification_accepts_the_tag_and_refuses_any_other_message_or_key() {
    assert_eq!(
        verify_hmac_sha256_base64(RFC4231_KEY, RFC4231_DATA, RFC4231_TAG),
        Ok(())
    );
    assert_eq!(
        verify_hmac_sha256_base64(RFC4231_KEY, b"what do ya want for nothing!", RFC4231_TAG),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        verify_hmac_sha256_base64(b"jefe", RFC4231_DATA, RFC4231_TAG),
        Err(SignatureError::Mismatch)
    );
}
