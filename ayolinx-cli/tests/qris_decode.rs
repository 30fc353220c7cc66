//! `ayolinx qris decode`, run as a real process on the real-world-shaped fixtures of the core.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use support::{assert_exit, ayolinx, stdout, success_json};

const FIXTURES: &str = include_str!("../../ayolinx-proto/tests/fixtures/qris/payloads.tsv");

fn fixture(name: &str) -> &'static str {
    FIXTURES
        .lines()
        .map(|line| line.split('\t').collect::<Vec<_>>())
        .find(|columns| columns[0] == name)
        .map(|columns| columns[2])
        .unwrap_or_else(|| panic!("no fixture {name}"))
}

#[test]
fn a_valid_payload_prints_its_fields_and_exits_0() {
    let output = ayolinx(&["qris", "decode", fixture("ayolinx-bnc-dynamic")]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("54 08 15000.00"), "{text}");
    assert!(text.contains("transaction amount"), "{text}");
    assert!(
        text.contains("\n  00 25 ID.CO.BANKNEOCOMMERCE.WWW"),
        "{text}"
    );
    assert!(text.ends_with("valid: structure and CRC hold\n"), "{text}");
}

#[test]
fn json_lists_the_fields_with_their_templates() {
    let json = success_json(&ayolinx(&[
        "qris",
        "decode",
        "--json",
        fixture("static-two-accounts"),
    ]));
    assert_eq!(json["valid"], true);
    assert_eq!(json["dynamic"], false);
    let fields = json["fields"].as_array().unwrap();
    assert_eq!(fields[0]["tag"], "00");
    let shopee = fields.iter().find(|f| f["tag"] == "27").unwrap();
    assert_eq!(shopee["template"][0]["value"], "ID.CO.SHOPEE.WWW");
    assert_eq!(fields.last().unwrap()["tag"], "63");
}

#[test]
fn an_invalid_payload_exits_1_with_the_reason() {
    let output = ayolinx(&["qris", "decode", fixture("ayolinx-bnc-dynamic-wrong-crc")]);
    assert_exit(
        &output,
        1,
        "not a valid QRIS payload: the CRC is 5D86, but the payload's CRC-16/CCITT-FALSE is 5C87",
    );
    let output = ayolinx(&["qris", "decode", "--json", "000201010x"]);
    assert_exit(&output, 1, "at 6: ");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["valid"], false);
    assert!(json["reason"].as_str().unwrap().starts_with("at 6: "));
}
