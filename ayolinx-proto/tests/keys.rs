//! RSA key loading, signing and verification: the Ayolinx known answers (A1, C1), every accepted
//! text form, and every `KeyError` variant from a realistic input.

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

use ayolinx_proto::signature::SignatureError;
use ayolinx_proto::{KeyError, PrivateKey, PublicKey};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("fixtures/keys/", $name))
    };
}

macro_rules! fixture_bytes {
    ($name:literal) => {
        include_bytes!(concat!("fixtures/keys/", $name))
    };
}

fn vector_key(name: &str) -> String {
    common::read_vector_text(&format!("keys/{name}"))
}

fn merchant_private_pkcs8() -> PrivateKey {
    PrivateKey::from_pem(&vector_key("test_merchant_private_pkcs8.pem")).unwrap()
}

fn merchant_public_spki() -> PublicKey {
    PublicKey::from_pem(&vector_key("test_merchant_public.pem")).unwrap()
}

/// The DER body of a PEM file, decoded by the test itself.
fn pem_body(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    STANDARD.decode(body).unwrap()
}

// ---------------------------------------------------------------- known answers

#[test]
fn a1_token_signature_is_reproduced_from_pkcs8_and_pkcs1() {
    let vectors = common::read_vector_json("ayolinx-signatures.json");
    let cases = vectors["token_sha256withrsa"].as_array().unwrap();
    assert!(!cases.is_empty());
    for case in cases {
        let message = case["string_to_sign"].as_str().unwrap();
        let expected = case["signature"].as_str().unwrap();
        for file in [
            "test_merchant_private_pkcs8.pem",
            "test_merchant_private_pkcs1.pem",
        ] {
            let key = PrivateKey::from_pem(&vector_key(file)).unwrap();
            assert_eq!(key.bits(), 2048);
            assert_eq!(
                key.sign_base64(message.as_bytes()),
                expected,
                "{} from {file}",
                case["name"]
            );
            assert_eq!(key.try_sign_base64(message.as_bytes()).unwrap(), expected);
        }
    }
}

#[test]
fn c1_callback_signature_verifies_under_spki_and_pkcs1() {
    let vectors = common::read_vector_json("ayolinx-signatures.json");
    let cases = vectors["callback_sha256withrsa"].as_array().unwrap();
    assert!(!cases.is_empty());
    for case in cases {
        let message = case["string_to_sign"].as_str().unwrap();
        let signature = case["signature"].as_str().unwrap();
        for file in ["test_merchant_public.pem", "test_merchant_public_pkcs1.pem"] {
            let key = PublicKey::from_pem(&vector_key(file)).unwrap();
            assert_eq!(
                key.verify_base64(message.as_bytes(), signature),
                Ok(()),
                "{file}"
            );
            assert_eq!(
                key.verify_base64(message.as_bytes(), signature.trim_end_matches('=')),
                Ok(()),
                "unpadded base64 is accepted"
            );
            assert_eq!(
                key.verify_base64(b"other message", signature),
                Err(SignatureError::Mismatch)
            );
        }
        // The signature is also what our own signer produces.
        assert_eq!(
            merchant_private_pkcs8().sign_base64(message.as_bytes()),
            signature
        );
    }
}

#[test]
fn public_key_of_private_equals_loaded_public_key() {
    let spki = merchant_public_spki();
    let pkcs1 = PublicKey::from_pem(&vector_key("test_merchant_public_pkcs1.pem")).unwrap();
    assert_eq!(spki, pkcs1);
    for file in [
        "test_merchant_private_pkcs8.pem",
        "test_merchant_private_pkcs1.pem",
    ] {
        let derived = PrivateKey::from_pem(&vector_key(file))
            .unwrap()
            .public_key();
        assert_eq!(derived, spki);
        assert_eq!(derived.to_der(), spki.to_der());
        assert_eq!(derived.fingerprint_sha256(), spki.fingerprint_sha256());
    }
    // The SPKI we encode is byte for byte the one openssl wrote.
    assert_eq!(
        spki.to_der(),
        pem_body(&vector_key("test_merchant_public.pem"))
    );
    assert_eq!(
        spki.to_pkcs1_der(),
        pem_body(&vector_key("test_merchant_public_pkcs1.pem"))
    );
    assert_eq!(
        spki.to_pem(),
        vector_key("test_merchant_public.pem").replace("\r\n", "\n")
    );
    // `openssl pkey -pubin -in test_merchant_public.pem -outform DER | sha256sum`
    assert_eq!(
        spki.fingerprint_sha256(),
        "e440fe014f6766baa8c5c3f17e47a4f6c3132ac5394f52b60e6fabf62d33273e"
    );
    // `openssl pkey -pubin -in rsa2048_public.pem -outform DER | sha256sum`
    let fixture = PublicKey::from_pem(fixture!("rsa2048_public.pem")).unwrap();
    assert_eq!(
        fixture.fingerprint_sha256(),
        "9b8f4a0af84c090155ea24cd587b30b6ed925329c2a2dda100ab9dd3d77ea0d4"
    );
    assert_ne!(fixture, spki);
}

#[test]
fn der_forms_load_and_agree() {
    let pkcs8_der = pem_body(&vector_key("test_merchant_private_pkcs8.pem"));
    let pkcs1_der = pem_body(&vector_key("test_merchant_private_pkcs1.pem"));
    let spki_der = pem_body(&vector_key("test_merchant_public.pem"));
    let rsa_public_der = pem_body(&vector_key("test_merchant_public_pkcs1.pem"));
    let expected = merchant_public_spki();
    assert_eq!(
        PrivateKey::from_der(&pkcs8_der).unwrap().public_key(),
        expected
    );
    assert_eq!(
        PrivateKey::from_der(&pkcs1_der).unwrap().public_key(),
        expected
    );
    assert_eq!(PublicKey::from_der(&spki_der).unwrap(), expected);
    assert_eq!(PublicKey::from_der(&rsa_public_der).unwrap(), expected);
}

// ---------------------------------------------------------------- text forms

#[test]
fn every_accepted_text_form_loads() {
    let pem = vector_key("test_merchant_private_pkcs8.pem").replace("\r\n", "\n");
    let expected = merchant_public_spki();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = STANDARD.decode(&body).unwrap();
    let forms = [
        ("LF", pem.clone()),
        ("CRLF", pem.replace('\n', "\r\n")),
        ("surrounding whitespace", format!("\n\t  {pem}  \n\n")),
        ("literal \\n escapes", pem.replace('\n', "\\n")),
        ("literal \\r\\n escapes", pem.replace('\n', "\\r\\n")),
        (
            "quoted, with escapes",
            format!("\"{}\"", pem.trim_end().replace('\n', "\\n")),
        ),
        (
            "single-line base64 body",
            format!("-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\n"),
        ),
        (
            "no line break before END",
            common::pem("PRIVATE KEY", &der)
                .replace('\n', "")
                .replace("-----MII", "-----\nMII"),
        ),
        (
            "all on one line, spaces for breaks",
            format!("-----BEGIN PRIVATE KEY----- {body} -----END PRIVATE KEY-----"),
        ),
        (
            "text before and after",
            format!("Bag Attributes\n    localKeyID: 01\n{pem}trailing note\n"),
        ),
        ("bare base64 DER", body.clone()),
        ("base64 of the PEM", STANDARD.encode(pem.as_bytes())),
    ];
    for (name, text) in forms {
        let key = PrivateKey::from_pem(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(key.public_key(), expected, "{name}");
    }
    // Wider and narrower line widths.
    for width in [16, 48, 76, 120] {
        let lines: Vec<String> = body
            .as_bytes()
            .chunks(width)
            .map(|c| String::from_utf8(c.to_vec()).unwrap())
            .collect();
        let text = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----",
            lines.join("\n")
        );
        assert_eq!(
            PrivateKey::from_pem(&text).unwrap().public_key(),
            expected,
            "width {width}"
        );
    }
    let public = vector_key("test_merchant_public.pem");
    for text in [
        public.replace('\n', "\r\n"),
        public.replace('\n', "\\n"),
        format!("  {public}  "),
    ] {
        assert_eq!(PublicKey::from_pem(&text).unwrap(), expected);
    }
}

#[test]
fn a_wrapped_pkcs1_der_loads_as_rsa_private_key_pem() {
    let der = pem_body(&vector_key("test_merchant_private_pkcs1.pem"));
    let key = PrivateKey::from_pem(&common::pem("RSA PRIVATE KEY", &der)).unwrap();
    assert_eq!(key.public_key(), merchant_public_spki());
}

// ---------------------------------------------------------------- sizes

#[test]
fn an_8192_bit_key_loads_signs_and_verifies() {
    let key = PrivateKey::from_pem(fixture!("rsa8192_pkcs8.pem")).unwrap();
    let public = PublicKey::from_pem(fixture!("rsa8192_public.pem")).unwrap();
    assert_eq!(key.bits(), 8192);
    assert_eq!(public.bits(), 8192);
    assert_eq!(key.public_key(), public);
    let signature = key.sign_base64(b"CKSandbox-1|2024-09-18T06:36:36+07:00");
    assert_eq!(STANDARD.decode(&signature).unwrap().len(), 1024);
    assert_eq!(
        public.verify_base64(b"CKSandbox-1|2024-09-18T06:36:36+07:00", &signature),
        Ok(())
    );
    assert_eq!(
        public.verify_base64(b"CKSandbox-1|2024-09-18T06:36:37+07:00", &signature),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn key_sizes_outside_2048_to_8192_are_rejected_with_their_bit_count() {
    assert_eq!(
        PrivateKey::from_pem(fixture!("rsa1024_pkcs8.pem")).unwrap_err(),
        KeyError::KeyTooSmall { bits: 1024 }
    );
    assert_eq!(
        PublicKey::from_pem(fixture!("rsa9216_public.pem")).unwrap_err(),
        KeyError::KeyTooLarge { bits: 9216 }
    );
    let message = KeyError::KeyTooSmall { bits: 1024 }.to_string();
    assert!(
        message.contains("1024") && message.contains("openssl genpkey"),
        "{message}"
    );
}

// ---------------------------------------------------------------- every KeyError variant

#[test]
fn empty_input() {
    for text in ["", "   ", "\r\n\t", "\"\"", "\\n"] {
        assert_eq!(
            PrivateKey::from_pem(text).unwrap_err(),
            KeyError::Empty,
            "{text:?}"
        );
        assert_eq!(
            PublicKey::from_pem(text).unwrap_err(),
            KeyError::Empty,
            "{text:?}"
        );
    }
    assert_eq!(PrivateKey::from_der(&[]).unwrap_err(), KeyError::Empty);
    assert_eq!(PublicKey::from_der(&[]).unwrap_err(), KeyError::Empty);
}

#[test]
fn garbage_is_not_pem() {
    for text in [
        "hello world",
        "not a key!",
        "abcd",
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ user@host",
        "{\"k\":1}",
    ] {
        assert_eq!(
            PrivateKey::from_pem(text).unwrap_err(),
            KeyError::NotPem,
            "{text}"
        );
        assert_eq!(
            PublicKey::from_pem(text).unwrap_err(),
            KeyError::NotPem,
            "{text}"
        );
    }
    assert!(KeyError::NotPem.to_string().contains("BEGIN"));
}

#[test]
fn broken_pem_framing() {
    let pem = vector_key("test_merchant_private_pkcs8.pem").replace("\r\n", "\n");
    let cut = &pem[..pem.len() / 2];
    let cases = [
        ("cut off", cut.to_owned()),
        (
            "END label differs",
            pem.replace("END PRIVATE KEY", "END PUBLIC KEY"),
        ),
        ("body not base64", pem.replacen("MII", "M*I", 1)),
        (
            "empty body",
            "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n".to_owned(),
        ),
        (
            "BEGIN never closed",
            "-----BEGIN PRIVATE KEY\nMIIB\n".to_owned(),
        ),
        ("lowercase label", pem.replace("PRIVATE KEY", "private key")),
    ];
    for (name, text) in cases {
        let err = PrivateKey::from_pem(&text).unwrap_err();
        assert!(
            matches!(err, KeyError::InvalidPem { .. }),
            "{name}: {err:?}"
        );
    }
}

#[test]
fn unsupported_pem_labels() {
    assert_eq!(
        PrivateKey::from_pem(fixture!("openssh_ed25519.key")).unwrap_err(),
        KeyError::UnsupportedPemLabel {
            label: "OPENSSH PRIVATE KEY".into()
        }
    );
    assert_eq!(
        PublicKey::from_pem(fixture!("rsa2048_csr.pem")).unwrap_err(),
        KeyError::UnsupportedPemLabel {
            label: "CERTIFICATE REQUEST".into()
        }
    );
}

#[test]
fn encrypted_keys_say_decrypt_first() {
    let cases = [
        PrivateKey::from_pem(fixture!("rsa2048_encrypted_pkcs8.pem")).unwrap_err(),
        PrivateKey::from_pem(fixture!("rsa2048_encrypted_pkcs1_legacy.pem")).unwrap_err(),
        PrivateKey::from_der(fixture_bytes!("rsa2048_encrypted_pkcs8.der")).unwrap_err(),
        PrivateKey::from_pem(&STANDARD.encode(fixture_bytes!("rsa2048_encrypted_pkcs8.der")))
            .unwrap_err(),
    ];
    let mut forms = Vec::new();
    for err in cases {
        let KeyError::Encrypted { found } = err else {
            panic!("{err:?}")
        };
        forms.push(found);
        assert!(
            err.to_string()
                .contains("openssl pkey -in k.pem -out plain.pem"),
            "{err}"
        );
    }
    assert!(forms[0].contains("ENCRYPTED PRIVATE KEY"));
    assert!(forms[1].contains("Proc-Type"));
    assert!(forms[2].contains("EncryptedPrivateKeyInfo"));
    // Asked for a public key, an encrypted private key is the wrong kind.
    assert!(matches!(
        PublicKey::from_pem(fixture!("rsa2048_encrypted_pkcs8.pem")),
        Err(KeyError::ExpectedPublicKey { .. })
    ));
    assert!(matches!(
        PublicKey::from_der(fixture_bytes!("rsa2048_encrypted_pkcs8.der")),
        Err(KeyError::ExpectedPublicKey { .. })
    ));
}

#[test]
fn certificates_say_extract_the_public_key() {
    let cert_pem = fixture!("rsa2048_certificate.pem");
    let cert_der = fixture_bytes!("rsa2048_certificate.der");
    assert_eq!(
        PublicKey::from_pem(cert_pem).unwrap_err(),
        KeyError::Certificate
    );
    assert_eq!(
        PrivateKey::from_pem(cert_pem).unwrap_err(),
        KeyError::Certificate
    );
    assert_eq!(
        PublicKey::from_der(cert_der).unwrap_err(),
        KeyError::Certificate
    );
    assert_eq!(
        PrivateKey::from_der(cert_der).unwrap_err(),
        KeyError::Certificate
    );
    // A certificate relabelled as a key is still recognised from its DER.
    let relabelled = cert_pem.replace("CERTIFICATE", "PUBLIC KEY");
    assert_eq!(
        PublicKey::from_pem(&relabelled).unwrap_err(),
        KeyError::Certificate
    );
    assert!(KeyError::Certificate.to_string().contains("openssl x509"));
}

#[test]
fn non_rsa_keys_name_their_algorithm() {
    let ec = "1.2.840.10045.2.1";
    let ed = "1.3.101.112";
    let cases: [(Result<(), KeyError>, &str, &str); 7] = [
        (
            PrivateKey::from_pem(fixture!("ec_p256_sec1.pem")).map(drop),
            "EC",
            ec,
        ),
        (
            PrivateKey::from_der(fixture_bytes!("ec_p256_sec1.der")).map(drop),
            "EC",
            ec,
        ),
        (
            PrivateKey::from_pem(fixture!("ec_p256_pkcs8.pem")).map(drop),
            "EC",
            ec,
        ),
        (
            PublicKey::from_pem(fixture!("ec_p256_public.pem")).map(drop),
            "EC",
            ec,
        ),
        (
            PrivateKey::from_pem(fixture!("ed25519_pkcs8.pem")).map(drop),
            "Ed25519",
            ed,
        ),
        (
            PublicKey::from_pem(fixture!("ed25519_public.pem")).map(drop),
            "Ed25519",
            ed,
        ),
        (
            PrivateKey::from_pem(fixture!("ec_p256_public.pem")).map(drop),
            "EC",
            ec,
        ),
    ];
    for (result, name, expected_oid) in cases {
        let err = result.unwrap_err();
        let KeyError::NotRsa { algorithm, oid } = &err else {
            panic!("{err:?}")
        };
        assert!(algorithm.starts_with(name), "{algorithm}");
        assert_eq!(oid, expected_oid);
        assert!(err.to_string().contains(expected_oid), "{err}");
    }
}

#[test]
fn wrong_kind_of_key() {
    for file in ["test_merchant_public.pem", "test_merchant_public_pkcs1.pem"] {
        let err = PrivateKey::from_pem(&vector_key(file)).unwrap_err();
        assert!(
            matches!(err, KeyError::ExpectedPrivateKey { .. }),
            "{file}: {err:?}"
        );
        assert!(err.to_string().contains("private key"));
    }
    for file in [
        "test_merchant_private_pkcs8.pem",
        "test_merchant_private_pkcs1.pem",
    ] {
        let err = PublicKey::from_pem(&vector_key(file)).unwrap_err();
        assert!(
            matches!(err, KeyError::ExpectedPublicKey { .. }),
            "{file}: {err:?}"
        );
        assert!(err.to_string().contains("-pubout"));
    }
}

#[test]
fn malformed_der_is_located() {
    let pkcs8 = pem_body(&vector_key("test_merchant_private_pkcs8.pem"));
    let spki = pem_body(&vector_key("test_merchant_public.pem"));
    let mut wrong_tag = pkcs8.clone();
    wrong_tag[0] = 0x31;
    let mut inner_wrong_tag = spki.clone();
    inner_wrong_tag[4] = 0x31; // the AlgorithmIdentifier SEQUENCE becomes a SET
    let mut indefinite = spki.clone();
    indefinite.splice(1..4, [0x80]);
    indefinite.extend([0, 0]);
    let non_minimal_int = vec![0x30, 0x08, 0x02, 0x02, 0x00, 0x05, 0x02, 0x02, 0x00, 0x03];
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", pkcs8[..pkcs8.len() - 10].to_vec()),
        ("truncated header", pkcs8[..3].to_vec()),
        ("trailing bytes", [pkcs8.as_slice(), &[0x00]].concat()),
        ("wrong outer tag", wrong_tag),
        ("not DER at all", b"garbage!".to_vec()),
    ];
    for (name, der) in cases {
        let err = PrivateKey::from_der(&der).unwrap_err();
        assert!(
            matches!(err, KeyError::MalformedDer { .. }),
            "{name}: {err:?}"
        );
    }
    let public_cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", spki[..spki.len() - 1].to_vec()),
        ("trailing bytes", [spki.as_slice(), &[0x30, 0x00]].concat()),
        ("wrong inner tag", inner_wrong_tag),
        ("indefinite length", indefinite),
        ("non-minimal INTEGER", non_minimal_int),
    ];
    for (name, der) in public_cases {
        let err = PublicKey::from_der(&der).unwrap_err();
        assert!(
            matches!(err, KeyError::MalformedDer { .. }),
            "{name}: {err:?}"
        );
    }
    // The same through PEM: a damaged body is located too.
    let text = common::pem("PRIVATE KEY", &pkcs8[..pkcs8.len() - 10]);
    let err = PrivateKey::from_pem(&text).unwrap_err();
    let KeyError::MalformedDer { offset, .. } = err else {
        panic!("{err:?}")
    };
    assert!(offset > 0 && offset <= pkcs8.len());
}

/// Byte offset in a PKCS#1 `RSAPrivateKey` DER of the content of its `index`-th INTEGER.
fn integer_content(der: &[u8], index: usize) -> std::ops::Range<usize> {
    fn header(der: &[u8], at: usize) -> (usize, usize) {
        let first = der[at + 1] as usize;
        if first < 0x80 {
            (at + 2, first)
        } else {
            let n = first & 0x7f;
            let len = der[at + 2..at + 2 + n]
                .iter()
                .fold(0usize, |acc, b| acc * 256 + *b as usize);
            (at + 2 + n, len)
        }
    }
    let (mut at, _) = header(der, 0);
    for _ in 0..index {
        let (start, len) = header(der, at);
        at = start + len;
    }
    let (start, len) = header(der, at);
    start..start + len
}

#[test]
fn inconsistent_keys_are_rejected_by_both_backends() {
    let pkcs1 = pem_body(&vector_key("test_merchant_private_pkcs1.pem"));
    assert!(PrivateKey::from_der(&pkcs1).is_ok());
    // INTEGERs: 0 version, 1 n, 2 e, 3 d, 4 p, 5 q, 6 dP, 7 dQ, 8 qInv.
    for (name, index) in [("d", 3), ("p", 4), ("dP", 6), ("dQ", 7), ("qInv", 8)] {
        let range = integer_content(&pkcs1, index);
        let mut damaged = pkcs1.clone();
        damaged[range.end - 1] ^= 0x02; // keeps DER valid and the value positive
        let err = PrivateKey::from_der(&damaged).unwrap_err();
        assert!(
            matches!(err, KeyError::Inconsistent { .. }),
            "{name}: {err:?}"
        );
    }
    // An even modulus, in a public key.
    let spki = pem_body(&vector_key("test_merchant_public.pem"));
    let rsa_public = pem_body(&vector_key("test_merchant_public_pkcs1.pem"));
    let n = integer_content(&rsa_public, 0);
    let mut even = rsa_public.clone();
    even[n.end - 1] &= 0xfe;
    assert!(matches!(
        PublicKey::from_der(&even),
        Err(KeyError::Inconsistent { .. })
    ));
    // A public exponent of 1 (e is the last INTEGER, one byte 0x01 00 01 → 0x01).
    let e = integer_content(&rsa_public, 1);
    let mut e_one = rsa_public[..e.start - 2].to_vec();
    e_one.extend([0x02, 0x01, 0x01]);
    let total = e_one.len() - 4;
    e_one[2] = (total >> 8) as u8;
    e_one[3] = total as u8;
    assert!(
        matches!(
            PublicKey::from_der(&e_one),
            Err(KeyError::Inconsistent { .. })
        ),
        "e = 1"
    );
    assert!(PublicKey::from_der(&spki).is_ok());
}

// ---------------------------------------------------------------- no key material leaks

#[test]
fn debug_and_errors_hold_no_key_material() {
    let pem = vector_key("test_merchant_private_pkcs8.pem");
    let key = PrivateKey::from_pem(&pem).unwrap();
    let debug = format!("{key:?} {:#?} {:?}", key, key.public_key());
    for line in pem
        .lines()
        .filter(|l| !l.starts_with("-----") && !l.trim().is_empty())
    {
        assert!(!debug.contains(line.trim()), "Debug leaks a PEM line");
        for chunk in line.trim().as_bytes().chunks(16) {
            assert!(
                !debug.contains(std::str::from_utf8(chunk).unwrap()),
                "Debug leaks base64"
            );
        }
    }
    assert!(debug.contains("bits: 2048"));
    assert!(debug.contains(&key.public_key().fingerprint_sha256()));

    // Errors from damaged keys do not echo the input either.
    let pkcs1 = pem_body(&vector_key("test_merchant_private_pkcs1.pem"));
    let mut damaged = pkcs1.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 0x02;
    let damaged_pem = common::pem("RSA PRIVATE KEY", &damaged);
    let errors = [
        PrivateKey::from_pem(&damaged_pem).unwrap_err(),
        PrivateKey::from_pem(&pem[..pem.len() / 2]).unwrap_err(),
        PrivateKey::from_der(&pkcs1[..600]).unwrap_err(),
    ];
    for err in errors {
        let text = format!("{err} {err:?}");
        for line in damaged_pem
            .lines()
            .chain(pem.lines())
            .filter(|l| !l.starts_with("-----"))
        {
            for chunk in line.trim().as_bytes().chunks(16).filter(|c| c.len() == 16) {
                assert!(
                    !text.contains(std::str::from_utf8(chunk).unwrap()),
                    "error leaks key: {text}"
                );
            }
        }
    }
}

// ---------------------------------------------------------------- tampering

#[test]
fn single_bit_flips_of_message_or_signature_are_rejected() {
    let key = merchant_private_pkcs8();
    let public = merchant_public_spki();
    let message =
        b"CKSandbox-00000000-0000-0000-0000-000000000000|2024-09-18T06:36:36+07:00".to_vec();
    let signature = key.sign_base64(&message);
    assert_eq!(public.verify_base64(&message, &signature), Ok(()));
    for bit in 0..message.len() * 8 {
        let mut flipped = message.clone();
        flipped[bit / 8] ^= 1 << (bit % 8);
        assert_eq!(
            public.verify_base64(&flipped, &signature),
            Err(SignatureError::Mismatch),
            "message bit {bit}"
        );
    }
    let raw = STANDARD.decode(&signature).unwrap();
    // One bit in every byte, walking through all bit positions, plus the first and last bits.
    let bits = (0..raw.len())
        .map(|i| i * 8 + i % 8)
        .chain([0, raw.len() * 8 - 1]);
    for bit in bits {
        let mut flipped = raw.clone();
        flipped[bit / 8] ^= 1 << (bit % 8);
        let result = public.verify_base64(&message, &STANDARD.encode(&flipped));
        assert_eq!(result, Err(SignatureError::Mismatch), "signature bit {bit}");
    }
}

#[test]
fn signatures_of_the_wrong_length_or_encoding_are_rejected() {
    let key = merchant_private_pkcs8();
    let public = merchant_public_spki();
    let signature = key.sign_base64(b"m");
    let raw = STANDARD.decode(&signature).unwrap();
    assert_eq!(
        public.verify_base64(b"m", &STANDARD.encode(&raw[1..])),
        Err(SignatureError::WrongLength {
            expected: 256,
            actual: 255
        })
    );
    assert_eq!(
        public.verify_base64(b"m", &STANDARD.encode([raw.as_slice(), &[0]].concat())),
        Err(SignatureError::WrongLength {
            expected: 256,
            actual: 257
        })
    );
    assert_eq!(public.verify_base64(b"m", ""), Err(SignatureError::Empty));
    let url_safe = base64::engine::general_purpose::URL_SAFE.encode(&raw);
    if url_safe != signature {
        assert!(matches!(
            public.verify_base64(b"m", &url_safe),
            Err(SignatureError::NotBase64(_))
        ));
    }
    assert!(matches!(
        public.verify_base64(b"m", &format!("{signature}\n")),
        Err(SignatureError::NotBase64(_))
    ));
}

#[test]
fn keys_are_cloneable_and_shareable() {
    fn assert_traits<T: Clone + Send + Sync + std::fmt::Debug>() {}
    assert_traits::<PrivateKey>();
    assert_traits::<PublicKey>();
    let key = merchant_private_pkcs8();
    let copy = key.clone();
    assert_eq!(copy.sign_base64(b"x"), key.sign_base64(b"x"));
    let handle = std::thread::spawn(move || copy.sign_base64(b"x"));
    assert_eq!(handle.join().unwrap(), key.sign_base64(b"x"));
    let error: Box<dyn std::error::Error + Send + Sync> = Box::new(KeyError::Empty);
    assert!(!error.to_string().is_empty());
}

#[test]
fn a_private_key_exposes_the_pkcs8_der_of_its_input_whatever_the_form() {
    let pkcs8 = vector_key("test_merchant_private_pkcs8.pem");
    let expected = pem_body(&pkcs8);
    let from_pkcs1 = PrivateKey::from_pem(&vector_key("test_merchant_private_pkcs1.pem")).unwrap();
    assert_eq!(*from_pkcs1.expose_pkcs8_der(), expected);
    assert_eq!(*merchant_private_pkcs8().expose_pkcs8_der(), expected);
    let big = fixture!("rsa8192_pkcs8.pem");
    assert_eq!(
        *PrivateKey::from_pem(big).unwrap().expose_pkcs8_der(),
        pem_body(big)
    );
}
