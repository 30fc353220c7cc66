//! The QRIS payload decoded TLV by TLV, and its CRC checked against an independent computation.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use std::collections::BTreeMap;

use ayolinx_proto::api::qris::QrisGenerateRequest;
use ayolinx_sandbox::Sandbox;
use support::{Merchant, idr};

/// CRC-16/CCITT-FALSE written from its definition (poly 0x1021, init 0xFFFF, no reflection, no
/// final XOR) with a lookup-free bit loop over a u32, independent of the crate's version.
fn crc16_reference(data: &[u8]) -> u16 {
    let mut crc: u32 = 0xFFFF;
    for &byte in data {
        for bit in (0..8).rev() {
            let input = u32::from((byte >> bit) & 1);
            let top = (crc >> 15) & 1;
            crc = (crc << 1) & 0xFFFF;
            if top ^ input == 1 {
                crc ^= 0x1021;
            }
        }
    }
    crc as u16
}

/// Splits a TLV string into (tag, value) pairs, failing on any malformed length.
fn tlvs(text: &str) -> Vec<(String, String)> {
    let mut rest = text;
    let mut out = Vec::new();
    while !rest.is_empty() {
        assert!(rest.len() >= 4, "truncated TLV at {rest:?}");
        let tag = &rest[..2];
        let len: usize = rest[2..4]
            .parse()
            .unwrap_or_else(|_| panic!("bad length in {rest:?}"));
        assert!(tag.bytes().all(|b| b.is_ascii_digit()), "bad tag {tag:?}");
        let value = rest
            .get(4..4 + len)
            .unwrap_or_else(|| panic!("value overruns at {rest:?}"));
        out.push((tag.to_owned(), value.to_owned()));
        rest = &rest[4 + len..];
    }
    out
}

#[test]
fn crc16_ccitt_false_check_values() {
    assert_eq!(crc16_reference(b"123456789"), 0x29B1);
    assert_eq!(
        ayolinx_sandbox::qris::crc16_ccitt_false(b"123456789"),
        0x29B1
    );
    for sample in [&b""[..], b"A", b"000201010212", &[0xFF; 40]] {
        assert_eq!(
            ayolinx_sandbox::qris::crc16_ccitt_false(sample),
            crc16_reference(sample)
        );
    }
}

#[test]
fn qr_content_is_a_well_formed_emvco_payload() {
    let sandbox = Sandbox::start().unwrap();
    let merchant = Merchant::new(&sandbox);
    let qr = merchant
        .ok(&QrisGenerateRequest::new("ORD-EMV-42", idr(123_456)))
        .qr_content;
    let fields = tlvs(&qr);
    let tags: Vec<&str> = fields.iter().map(|(tag, _)| tag.as_str()).collect();
    assert_eq!(
        tags,
        [
            "00", "01", "26", "51", "52", "53", "54", "58", "59", "60", "61", "62", "63"
        ]
    );
    let map: BTreeMap<_, _> = fields.iter().cloned().collect();
    assert_eq!(map["00"], "01");
    assert_eq!(map["01"], "12", "dynamic");
    let account: BTreeMap<_, _> = tlvs(&map["26"]).into_iter().collect();
    assert_eq!(account["00"], "ID.CO.BANKNEOCOMMERCE.WWW");
    assert!(account["00"].split('.').count() >= 3, "reverse-domain GUI");
    assert_eq!(map["52"].len(), 4);
    assert_eq!(map["53"], "360");
    assert_eq!(map["54"], "123456.00");
    assert_eq!(map["58"], "ID");
    assert!(!map["59"].is_empty() && map["59"].len() <= 25);
    assert!(!map["60"].is_empty() && map["60"].len() <= 15);
    let additional: BTreeMap<_, _> = tlvs(&map["62"]).into_iter().collect();
    assert_eq!(additional["01"], "ORD-EMV-42");
    let reference = &sandbox.transactions()[0].reference_no;
    assert!(reference.ends_with(&additional["05"]));
    // Tag 63 is last, 4 upper-case hex digits, over everything up to and including "6304".
    assert!(qr.ends_with(&format!("6304{}", map["63"])));
    let covered = &qr[..qr.len() - 4];
    assert!(covered.ends_with("6304"));
    assert_eq!(
        map["63"],
        format!("{:04X}", crc16_reference(covered.as_bytes()))
    );
    assert_eq!(
        Some(qr.as_str()),
        sandbox.transactions()[0].qr_content.as_deref()
    );
}

#[test]
fn the_core_reads_the_sandbox_qr_and_the_generate_check_accepts_it() {
    use ayolinx_proto::api::Operation;
    use ayolinx_proto::qris::Payload;

    let sandbox = Sandbox::start().unwrap();
    let merchant = Merchant::new(&sandbox);
    let request = QrisGenerateRequest::new("ORD-EMV-43", idr(15_000));
    let answer = merchant.ok(&request);
    let payload = Payload::parse(&answer.qr_content).unwrap();
    let fields: Vec<(String, String)> = payload
        .fields()
        .iter()
        .map(|f| (f.tag().to_owned(), f.value().to_owned()))
        .collect();
    // The core's reader and this file's own agree field for field.
    assert_eq!(fields, tlvs(&answer.qr_content));
    assert!(request.check_answer(&answer).is_ok());
    let other = QrisGenerateRequest::new("ORD-EMV-43", idr(15_001));
    assert!(other.check_answer(&answer).is_err());
}
