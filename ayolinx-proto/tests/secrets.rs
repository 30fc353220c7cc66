//! No secret is ever printed: not by `Debug`, not by `Display`, not inside an error.

use ayolinx_proto::Secret;
use ayolinx_proto::signature::verify_hmac_sha512_base64;

const CLIENT_SECRET: &str = "SKSandbox-c2382b29-2395-4002-9ac5-fee6a6bdc52e";

#[test]
fn secrets_are_redacted_everywhere_they_can_be_printed() {
    let secret = Secret::new(CLIENT_SECRET);
    for shown in [
        format!("{secret:?}"),
        format!("{secret:#?}"),
        secret.to_string(),
        format!("{secret:>60}"),
    ] {
        assert!(!shown.contains("SKSandbox"), "{shown}");
        assert!(!shown.contains("c2382b29"), "{shown}");
    }
    let wrapped = Some(vec![secret.clone()]);
    assert!(!format!("{wrapped:?}").contains("c2382b29"));
    assert_eq!(secret.expose_secret(), CLIENT_SECRET);
}

#[test]
fn signature_errors_carry_no_secret_or_expected_signature() {
    let expected = ayolinx_proto::signature::hmac_sha512_base64(CLIENT_SECRET.as_bytes(), b"m");
    for sig in ["", "abc", "a-b_", "AAAA", expected.as_str()] {
        let Err(error) = verify_hmac_sha512_base64(CLIENT_SECRET.as_bytes(), b"other message", sig)
        else {
            panic!("{sig:?} must be rejected");
        };
        for shown in [format!("{error:?}"), error.to_string()] {
            assert!(!shown.contains("c2382b29"), "{shown}");
            assert!(!shown.contains(&expected[..20]), "{shown}");
        }
    }
}
