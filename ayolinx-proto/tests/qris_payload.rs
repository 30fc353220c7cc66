//! QRIS payloads: the real-world-shaped fixtures read (and their wrong-CRC copies refused on the
//! CRC), every structural error with its position, the payment check, and the generate
//! answer's `check_answer`, directly and after `Client::parse`.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)] // tests fail loudly

mod common;

use ayolinx_proto::api::Operation;
use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisGenerateResponse};
use ayolinx_proto::qris::{Payload, QrisError, crc16_ccitt_false};
use ayolinx_proto::{
    Amount, ApiError, Client, ClientConfig, Environment, HttpResponse, Money, PrivateKey,
};

const FIXTURES: &str = include_str!("fixtures/qris/payloads.tsv");

fn tlv(tag: &str, value: &str) -> String {
    format!("{tag}{:02}{value}", value.chars().count())
}

/// `fields` with the CRC field appended, its CRC right.
fn with_crc(fields: &str) -> String {
    let text = format!("{fields}6304");
    let crc = crc16_ccitt_false(text.as_bytes());
    format!("{text}{crc:04X}")
}

/// A dynamic payload for `amount` (tag 54 as written), with a merchant account template and
/// additional data.
fn dynamic(amount: &str) -> String {
    with_crc(
        &[
            tlv("00", "01"),
            tlv("01", "12"),
            tlv("26", &(tlv("00", "ID.CO.QRIS.WWW") + &tlv("02", "MID1"))),
            tlv("52", "5999"),
            tlv("53", "360"),
            tlv("54", amount),
            tlv("58", "ID"),
            tlv("59", "SHOP"),
            tlv("62", &tlv("01", "ORD-1")),
        ]
        .concat(),
    )
}

fn idr(rupiah: u64) -> Money {
    Money::idr(Amount::from_rupiah(rupiah).unwrap())
}

#[test]
fn the_crc_is_ccitt_false() {
    assert_eq!(crc16_ccitt_false(b"123456789"), 0x29B1);
    assert_eq!(crc16_ccitt_false(b""), 0xFFFF);
}

#[test]
fn real_world_shaped_payloads_are_read_and_wrong_crcs_refused_on_the_crc() {
    let mut seen = 0;
    for line in FIXTURES.lines() {
        let [name, verdict, payload] = line.split('\t').collect::<Vec<_>>()[..] else {
            panic!("bad fixture line {line:?}");
        };
        match (verdict, Payload::parse(payload)) {
            ("valid", Ok(parsed)) => {
                assert_eq!(parsed.fields()[0].tag(), "00", "{name}");
                assert_eq!(parsed.fields().last().unwrap().tag(), "63", "{name}");
                assert_eq!(parsed.value("58"), Some("ID"), "{name}");
                assert_eq!(
                    parsed.get("51").unwrap().get("00").unwrap().value(),
                    "ID.CO.QRIS.WWW",
                    "{name}"
                );
            }
            ("crc", Err(QrisError::CrcMismatch { computed, found })) => {
                assert_eq!(found, payload[payload.len() - 4..], "{name}");
                assert_ne!(format!("{computed:04X}"), found, "{name}");
                assert!(
                    Payload::parse(&format!("{}{computed:04X}", &payload[..payload.len() - 4]))
                        .is_ok(),
                    "{name}"
                );
            }
            (verdict, other) => panic!("{name}: expected {verdict}, got {other:?}"),
        }
        seen += 1;
    }
    assert_eq!(seen, 8);
}

#[test]
fn templates_are_opened_with_absolute_positions() {
    let payload = Payload::parse(&dynamic("15000")).unwrap();
    let account = payload.get("26").unwrap();
    assert_eq!(account.position(), 12);
    assert_eq!(account.template().len(), 2);
    let id = account.get("00").unwrap();
    assert_eq!((id.value(), id.position()), ("ID.CO.QRIS.WWW", 16));
    assert_eq!(
        payload.get("62").unwrap().get("01").unwrap().value(),
        "ORD-1"
    );
    // Only templates are opened; other fields keep their value whole.
    assert!(payload.get("59").unwrap().template().is_empty());
    assert!(payload.get("54").unwrap().get("15").is_none());
    assert_eq!(
        serde_json::to_value(payload.get("62").unwrap()).unwrap(),
        serde_json::json!({"tag": "62", "value": "0105ORD-1", "position": 80,
            "template": [{"tag": "01", "value": "ORD-1", "position": 84}]})
    );
}

#[test]
fn every_structural_error_names_its_position() {
    let cases: Vec<(String, QrisError)> = vec![
        (String::new(), QrisError::Empty),
        ("0002010x0212".into(), QrisError::BadTag { position: 6 }),
        (
            "000201010A12".into(),
            QrisError::BadLength {
                position: 6,
                tag: "01".into(),
            },
        ),
        (
            "0002010100".into(),
            QrisError::BadLength {
                position: 6,
                tag: "01".into(),
            },
        ),
        (
            "00020101021".into(),
            QrisError::Truncated {
                position: 6,
                tag: Some("01".into()),
                length: 2,
                available: 1,
            },
        ),
        (
            "00020101".into(),
            QrisError::Truncated {
                position: 6,
                tag: None,
                length: 0,
                available: 2,
            },
        ),
        (
            "000201010211010211".into(),
            QrisError::DuplicateTag {
                position: 12,
                tag: "01".into(),
            },
        ),
        (
            "000202010212".into(),
            QrisError::FormatIndicator {
                found: "000202".into(),
            },
        ),
        (
            "010212000201".into(),
            QrisError::FormatIndicator {
                found: "010212".into(),
            },
        ),
        ("000201010212".into(), QrisError::MissingCrc),
        (
            "00020163041234010212".into(),
            QrisError::CrcNotLast { position: 14 },
        ),
        (
            "0002016304ZZZZ".into(),
            QrisError::MalformedCrc {
                position: 6,
                value: "ZZZZ".into(),
            },
        ),
        (
            "0002016303123".into(),
            QrisError::MalformedCrc {
                position: 6,
                value: "123".into(),
            },
        ),
        // A template whose own fields do not parse: the position is in the payload.
        (
            with_crc(&(tlv("00", "01") + &tlv("26", "0099AB"))),
            QrisError::Truncated {
                position: 10,
                tag: Some("00".into()),
                length: 99,
                available: 2,
            },
        ),
        (
            with_crc(&(tlv("00", "01") + &tlv("62", "01020102"))),
            QrisError::Truncated {
                position: 16,
                tag: None,
                length: 0,
                available: 2,
            },
        ),
    ];
    let wrong: Vec<_> = cases
        .iter()
        .filter_map(|(payload, expected)| {
            let error = Payload::parse(payload).unwrap_err();
            assert!(!error.to_string().is_empty());
            (error != *expected).then(|| format!("{payload:?}: {error:?}, expected {expected:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn non_ascii_values_are_measured_in_characters() {
    let payload = with_crc(&(tlv("00", "01") + &tlv("59", "KOPI ☕ ÉLAN")));
    let parsed = Payload::parse(&payload).unwrap();
    assert_eq!(parsed.value("59"), Some("KOPI ☕ ÉLAN"));
    // Cut inside a multi-byte character: a typed error, not a panic.
    for cut in 0..payload.len() {
        if let Some(prefix) = payload.get(..cut) {
            assert!(Payload::parse(prefix).is_err(), "{prefix:?}");
        }
    }
}

#[test]
fn the_crc_covers_everything_up_to_6304() {
    let good = dynamic("15000");
    // A lower-case CRC is the same number.
    let lower = format!(
        "{}{}",
        &good[..good.len() - 4],
        good[good.len() - 4..].to_lowercase()
    );
    assert!(Payload::parse(&lower).is_ok());
    // Every single-character change before the CRC is caught (by the CRC, or the structure).
    for at in 0..good.len() - 4 {
        let mut changed = good.clone().into_bytes();
        changed[at] = if changed[at] == b'7' { b'8' } else { b'7' };
        let changed = String::from_utf8(changed).unwrap();
        assert!(Payload::parse(&changed).is_err(), "{changed}");
    }
}

#[test]
fn the_payment_check_wants_a_dynamic_idr_qr_for_the_exact_amount() {
    let payload = Payload::parse(&dynamic("15000")).unwrap();
    assert_eq!(payload.check_payment(&idr(15_000)), Ok(()));
    assert!(
        Payload::parse(&dynamic("15000.00"))
            .unwrap()
            .check_payment(&idr(15_000))
            .is_ok()
    );
    assert!(
        Payload::parse(&dynamic("15000.0"))
            .unwrap()
            .check_payment(&idr(15_000))
            .is_ok()
    );
    assert_eq!(
        payload.check_payment(&idr(20_000)),
        Err(QrisError::WrongAmount {
            expected: Amount::from_rupiah(20_000).unwrap(),
            found: Some("15000".into())
        })
    );
    assert_eq!(
        Payload::parse(&dynamic("1.5e4"))
            .unwrap()
            .check_payment(&idr(15_000)),
        Err(QrisError::WrongAmount {
            expected: Amount::from_rupiah(15_000).unwrap(),
            found: Some("1.5e4".into())
        })
    );
    let static_qr = with_crc(
        &[
            tlv("00", "01"),
            tlv("01", "11"),
            tlv("53", "360"),
            tlv("58", "ID"),
        ]
        .concat(),
    );
    assert_eq!(
        Payload::parse(&static_qr).unwrap().check_payment(&idr(1)),
        Err(QrisError::NotDynamic {
            found: Some("11".into())
        })
    );
    let no_amount = with_crc(
        &[
            tlv("00", "01"),
            tlv("01", "12"),
            tlv("53", "360"),
            tlv("58", "ID"),
        ]
        .concat(),
    );
    assert_eq!(
        Payload::parse(&no_amount).unwrap().check_payment(&idr(1)),
        Err(QrisError::WrongAmount {
            expected: Amount::from_rupiah(1).unwrap(),
            found: None
        })
    );
    let usd = with_crc(
        &[
            tlv("00", "01"),
            tlv("01", "12"),
            tlv("53", "840"),
            tlv("54", "1"),
            tlv("58", "ID"),
        ]
        .concat(),
    );
    assert_eq!(
        Payload::parse(&usd).unwrap().check_payment(&idr(1)),
        Err(QrisError::WrongCurrency {
            expected: "360".into(),
            found: Some("840".into())
        })
    );
    let other_money = Money {
        currency: "USD".into(),
        value: Amount::from_rupiah(1).unwrap(),
    };
    assert_eq!(
        Payload::parse(&usd).unwrap().check_payment(&other_money),
        Err(QrisError::WrongCurrency {
            expected: "USD".into(),
            found: Some("840".into())
        })
    );
    let abroad = with_crc(
        &[
            tlv("00", "01"),
            tlv("01", "12"),
            tlv("53", "360"),
            tlv("54", "1"),
            tlv("58", "SG"),
        ]
        .concat(),
    );
    assert_eq!(
        Payload::parse(&abroad).unwrap().check_payment(&idr(1)),
        Err(QrisError::WrongCountry {
            found: Some("SG".into())
        })
    );
}

fn answer(qr_content: &str) -> HttpResponse {
    HttpResponse::new(
        200,
        serde_json::json!({"responseCode": "2004700", "responseMessage": "Successful",
            "qrContent": qr_content, "partnerReferenceNo": "ORD-1"})
        .to_string(),
    )
}

fn client() -> Client {
    let key = PrivateKey::from_pem(&common::read_vector_text(
        "keys/test_merchant_private_pkcs8.pem",
    ))
    .unwrap();
    Client::new(ClientConfig::new(Environment::Sandbox, "CK", "SK", key))
}

#[test]
fn check_answer_refuses_a_generate_answer_whose_qr_is_not_the_one_asked_for() {
    let request = QrisGenerateRequest::new("ORD-1", idr(15_000));
    let good = dynamic("15000.00");
    let wrong_crc = format!("{}0000", &good[..good.len() - 4]);
    let static_qr = with_crc(
        &[
            tlv("00", "01"),
            tlv("01", "11"),
            tlv("53", "360"),
            tlv("58", "ID"),
        ]
        .concat(),
    );
    let cases = [
        (good.clone(), None),
        (wrong_crc, Some("CrcMismatch")),
        (static_qr, Some("NotDynamic")),
        (dynamic("1.00"), Some("WrongAmount")),
        ("not a QR".to_owned(), Some("BadTag")),
    ];
    for (qr, expected) in cases {
        // Through the core: parse, then the check every driver makes.
        let parsed = client().parse::<QrisGenerateRequest>(&answer(&qr)).unwrap();
        let direct: QrisGenerateResponse = parsed.clone();
        let checked = request.check_answer(&direct);
        match (expected, checked) {
            (None, Ok(())) => {}
            (
                Some(variant),
                Err(
                    error @ ApiError::InvalidQr {
                        operation: "qris.generate",
                        ..
                    },
                ),
            ) => {
                let ApiError::InvalidQr { error: qris, .. } = &error else {
                    unreachable!()
                };
                assert!(format!("{qris:?}").starts_with(variant), "{qris:?}");
                assert!(!error.is_retryable() && !error.is_ambiguous(), "{error}");
                assert_eq!(error.http_status(), Some(200));
                assert!(
                    error
                        .to_string()
                        .starts_with("qris.generate: the answer's QR is not the one asked for: "),
                    "{error}"
                );
                assert!(std::error::Error::source(&error).is_some());
            }
            (expected, other) => panic!("{qr}: expected {expected:?}, got {other:?}"),
        }
    }
}

#[test]
fn other_operations_accept_every_answer_by_default() {
    use ayolinx_proto::api::qris::QrisQueryRequest;
    let request = QrisQueryRequest::new("ORD-1");
    let response = client()
        .parse::<QrisQueryRequest>(&HttpResponse::new(200, r#"{"responseCode":"2005100","responseMessage":"Successful","latestTransactionStatus":"00"}"#))
        .unwrap();
    assert!(request.check_answer(&response).is_ok());
}

#[test]
fn a_crc_with_a_sign_is_malformed_not_read_as_a_number() {
    // A payload whose CRC starts with a zero digit, so that `+` in its place would still spell
    // the same number to `u16::from_str_radix`.
    let payload = (0..10_000)
        .map(|bill| with_crc(&(tlv("00", "01") + &tlv("62", &tlv("01", &format!("{bill:04}"))))))
        .find(|payload| payload[payload.len() - 4..].starts_with('0'))
        .unwrap();
    assert!(Payload::parse(&payload).is_ok(), "{payload}");
    let signed = format!(
        "{}+{}",
        &payload[..payload.len() - 4],
        &payload[payload.len() - 3..]
    );
    assert_eq!(
        Payload::parse(&signed).unwrap_err(),
        QrisError::MalformedCrc {
            position: signed.len() - 8,
            value: signed[signed.len() - 4..].to_owned(),
        }
    );
}
