//! Project Wycheproof: RSASSA-PKCS1-v1_5 with SHA-256, verification (2048, 3072, 4096 bits) and
//! signature generation (2048 bits). The vectors are read from `vectors/wycheproof/` at test time.
//!
//! Run under both backends: `cargo test -p ayolinx-proto` (aws-lc-rs) and
//! `cargo test -p ayolinx-proto --features pure-rust-rsa` (the `rsa` crate).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout,
    clippy::disallowed_methods,
    clippy::manual_is_multiple_of,
    reason = "test code: it reads the test vectors, unwraps, indexes and prints"
)]

mod common;

use ayolinx_proto::{PrivateKey, PublicKey};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

const BACKEND: &str = if cfg!(feature = "pure-rust-rsa") {
    "rsa (pure Rust)"
} else {
    "aws-lc-rs"
};

fn str_field<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("missing string field {key}"))
}

fn verification_file(bits: usize) {
    let name = format!("rsa_signature_{bits}_sha256_test");
    let file = common::read_vector_json(&format!("wycheproof/{name}.json"));
    let declared = file["numberOfTests"].as_u64().unwrap() as usize;
    let (mut valid, mut invalid, mut acceptable_accepted, mut acceptable_rejected) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for group in file["testGroups"].as_array().unwrap() {
        assert_eq!(str_field(group, "sha"), "SHA-256");
        assert_eq!(group["keySize"].as_u64(), Some(bits as u64));
        let from_pem = PublicKey::from_pem(str_field(group, "publicKeyPem")).unwrap();
        let from_spki =
            PublicKey::from_der(&common::hex(str_field(group, "publicKeyDer"))).unwrap();
        let from_pkcs1 =
            PublicKey::from_der(&common::hex(str_field(group, "publicKeyAsn"))).unwrap();
        assert_eq!(from_pem, from_spki, "{name}: PEM and SPKI DER keys differ");
        assert_eq!(
            from_pem, from_pkcs1,
            "{name}: PEM and PKCS#1 DER keys differ"
        );
        assert_eq!(from_pem.bits(), bits);
        assert_eq!(
            from_pem.to_der(),
            common::hex(str_field(group, "publicKeyDer"))
        );
        for test in group["tests"].as_array().unwrap() {
            let id = test["tcId"].as_u64().unwrap();
            let message = common::hex(str_field(test, "msg"));
            let signature = STANDARD.encode(common::hex(str_field(test, "sig")));
            let accepted = [&from_pem, &from_spki, &from_pkcs1]
                .map(|key| key.verify_base64(&message, &signature).is_ok());
            assert!(
                accepted.iter().all(|a| *a == accepted[0]),
                "{name} #{id}: the key forms disagree"
            );
            let accepted = accepted[0];
            match (str_field(test, "result"), accepted) {
                ("valid", true) => valid += 1,
                ("invalid", false) => invalid += 1,
                ("acceptable", true) => acceptable_accepted += 1,
                ("acceptable", false) => acceptable_rejected += 1,
                (result, _) => failures.push(format!(
                    "#{id} {result} but {} ({}; flags {})",
                    if accepted { "accepted" } else { "rejected" },
                    test["comment"],
                    test["flags"]
                )),
            }
        }
    }
    println!(
        "wycheproof {name} [{BACKEND}]: {valid} valid accepted, {invalid} invalid rejected, {} acceptable (accepted {acceptable_accepted}, rejected {acceptable_rejected})",
        acceptable_accepted + acceptable_rejected
    );
    assert!(
        failures.is_empty(),
        "{name} [{BACKEND}]:\n{}",
        failures.join("\n")
    );
    assert_eq!(
        valid + invalid + acceptable_accepted + acceptable_rejected,
        declared,
        "{name}: every test is counted"
    );
}

#[test]
fn wycheproof_rsa_signature_2048_sha256() {
    verification_file(2048);
}

#[test]
fn wycheproof_rsa_signature_3072_sha256() {
    verification_file(3072);
}

#[test]
fn wycheproof_rsa_signature_4096_sha256() {
    verification_file(4096);
}

#[test]
fn wycheproof_rsa_pkcs1_2048_sig_gen_sha256() {
    let name = "rsa_pkcs1_2048_sig_gen_test";
    let file = common::read_vector_json(&format!("wycheproof/{name}.json"));
    let (mut groups, mut tests, mut valid, mut acceptable, mut skipped_other_hash) =
        (0, 0, 0, 0, 0);
    for group in file["testGroups"].as_array().unwrap() {
        let group_tests = group["tests"].as_array().unwrap();
        if str_field(group, "sha") != "SHA-256" {
            skipped_other_hash += group_tests.len();
            continue;
        }
        groups += 1;
        let pkcs8 = common::hex(str_field(group, "privateKeyPkcs8"));
        let keys = [
            (
                "PKCS#1 PEM",
                PrivateKey::from_pem(str_field(group, "privateKeyPem")).unwrap(),
            ),
            ("PKCS#8 DER", PrivateKey::from_der(&pkcs8).unwrap()),
            (
                "PKCS#8 PEM",
                PrivateKey::from_pem(&common::pem("PRIVATE KEY", &pkcs8)).unwrap(),
            ),
        ];
        let group_public = PublicKey::from_pem(str_field(group, "keyPem")).unwrap();
        for (form, key) in &keys {
            assert_eq!(
                key.public_key(),
                group_public,
                "{form}: public_key() differs from keyPem"
            );
        }
        for test in group_tests {
            let id = test["tcId"].as_u64().unwrap();
            let message = common::hex(str_field(test, "msg"));
            let expected = STANDARD.encode(common::hex(str_field(test, "sig")));
            for (form, key) in &keys {
                assert_eq!(key.sign_base64(&message), expected, "#{id} from {form}");
                assert_eq!(
                    key.public_key().verify_base64(&message, &expected),
                    Ok(()),
                    "#{id} {form}"
                );
            }
            assert_eq!(
                group_public.verify_base64(&message, &expected),
                Ok(()),
                "#{id} under keyPem"
            );
            tests += 1;
            match str_field(test, "result") {
                "valid" => valid += 1,
                "acceptable" => acceptable += 1,
                other => panic!("#{id}: unexpected result {other} in a generation file"),
            }
        }
    }
    println!(
        "wycheproof {name} (SHA-256 groups) [{BACKEND}]: {groups} groups, {tests} signatures reproduced from PKCS#1 PEM, PKCS#8 DER and PKCS#8 PEM ({valid} valid, {acceptable} acceptable), {skipped_other_hash} tests of other hashes not applicable"
    );
    assert!(tests > 0);
    assert_eq!(
        tests + skipped_other_hash,
        file["numberOfTests"].as_u64().unwrap() as usize
    );
}
