//! Project Wycheproof HMAC-SHA512: every full-length case reproduced and checked, and every
//! truncated tag rejected (Ayolinx signatures are always the full 64-byte tag).

mod common;

use ayolinx_proto::signature::{SignatureError, hmac_sha512_base64, verify_hmac_sha512_base64};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

#[test]
fn wycheproof_hmac_sha512() {
    let file = common::read_vector_json("wycheproof/hmac_sha512_test.json");
    let (mut valid_accepted, mut invalid_rejected, mut truncated_rejected, mut total) =
        (0, 0, 0, 0);
    for group in file["testGroups"].as_array().unwrap() {
        let tag_bits = group["tagSize"].as_u64().unwrap();
        for test in group["tests"].as_array().unwrap() {
            total += 1;
            let id = &test["tcId"];
            let key = common::hex(test["key"].as_str().unwrap());
            let msg = common::hex(test["msg"].as_str().unwrap());
            let tag = common::hex(test["tag"].as_str().unwrap());
            let tag_b64 = STANDARD.encode(&tag);
            let verdict = verify_hmac_sha512_base64(&key, &msg, &tag_b64);
            if tag_bits != 512 {
                assert_eq!(
                    verdict,
                    Err(SignatureError::WrongLength {
                        expected: 64,
                        actual: tag.len()
                    }),
                    "tcId {id}: a {tag_bits}-bit tag must be rejected as truncated"
                );
                truncated_rejected += 1;
                continue;
            }
            match test["result"].as_str().unwrap() {
                "valid" => {
                    assert_eq!(
                        hmac_sha512_base64(&key, &msg),
                        tag_b64,
                        "tcId {id}: tag differs"
                    );
                    assert_eq!(verdict, Ok(()), "tcId {id}: a valid tag was rejected");
                    valid_accepted += 1;
                }
                "invalid" => {
                    assert!(verdict.is_err(), "tcId {id}: an invalid tag was accepted");
                    assert_ne!(hmac_sha512_base64(&key, &msg), tag_b64, "tcId {id}");
                    invalid_rejected += 1;
                }
                other => panic!("tcId {id}: unexpected result {other}"),
            }
        }
    }
    eprintln!(
        "wycheproof hmac_sha512: {valid_accepted} valid accepted, {invalid_rejected} invalid rejected, \
         {truncated_rejected} truncated (256-bit) tags rejected, of {total}"
    );
    assert_eq!(
        total,
        file["numberOfTests"].as_u64().unwrap() as usize,
        "a case was skipped"
    );
    assert_eq!(
        valid_accepted + invalid_rejected + truncated_rejected,
        total
    );
    assert!(valid_accepted > 0 && invalid_rejected > 0 && truncated_rejected > 0);
}
