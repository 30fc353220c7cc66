//! The QRIS reader never panics, reads back every payload built from random fields (templates
//! included) exactly, and refuses every single-character change before the CRC.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // tests fail loudly

use ayolinx_proto::qris::{Payload, crc16_ccitt_false};
use proptest::prelude::*;

fn tlv(tag: &str, value: &str) -> String {
    format!("{tag}{:02}{value}", value.chars().count())
}

/// A field value: 1 to 40 printable characters, a few of them not ASCII.
fn value() -> impl Strategy<Value = String> {
    "[ -~éÜ☕]{1,40}"
}

/// A top-level field: a plain one (tags outside the templates, `00`, `63`), or a template
/// (`26`–`51`, `62`) of distinct sub-tags.
fn field() -> impl Strategy<Value = (String, String)> {
    let plain = (prop_oneof![1u8..26, 52u8..62, 64u8..100], value())
        .prop_map(|(tag, value)| (format!("{tag:02}"), value));
    let template = (
        prop_oneof![26u8..52, Just(62u8)],
        prop::collection::btree_map(0u8..100, "[ -~]{1,12}", 1..4),
    )
        .prop_map(|(tag, subs)| {
            let text: String = subs
                .iter()
                .map(|(sub, v)| tlv(&format!("{sub:02}"), v))
                .collect();
            (format!("{tag:02}"), text)
        })
        .prop_filter("a template fits 99 characters", |(_, text)| {
            text.chars().count() <= 99
        });
    prop_oneof![plain, template]
}

fn payload(fields: &[(String, String)]) -> String {
    let mut text = tlv("00", "01");
    for (tag, value) in fields {
        text.push_str(&tlv(tag, value));
    }
    text.push_str("6304");
    let crc = crc16_ccitt_false(text.as_bytes());
    format!("{text}{crc:04X}")
}

fn distinct(fields: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut seen = std::collections::BTreeSet::new();
    fields
        .into_iter()
        .filter(|(tag, _)| seen.insert(tag.clone()))
        .collect()
}

proptest! {
    #[test]
    fn any_text_gives_a_payload_or_an_error(text in any::<String>()) {
        let _ = Payload::parse(&text);
    }

    #[test]
    fn any_prefix_of_a_payload_gives_an_error(fields in prop::collection::vec(field(), 0..6), cut in any::<prop::sample::Index>()) {
        let text = payload(&distinct(fields));
        let boundaries: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
        let at = boundaries[cut.index(boundaries.len())];
        prop_assert!(Payload::parse(&text[..at]).is_err());
    }

    #[test]
    fn built_payloads_read_back_exactly(fields in prop::collection::vec(field(), 0..8)) {
        let fields = distinct(fields);
        let text = payload(&fields);
        let parsed = Payload::parse(&text).unwrap();
        let read: Vec<(String, String)> = parsed.fields()[1..parsed.fields().len() - 1]
            .iter()
            .map(|f| (f.tag().to_owned(), f.value().to_owned()))
            .collect();
        prop_assert_eq!(read, fields);
        for field in parsed.fields() {
            let inner: String = field.template().iter().map(|f| tlv(f.tag(), f.value())).collect();
            prop_assert!(field.template().is_empty() || inner == field.value());
        }
    }

    #[test]
    fn every_change_before_the_crc_is_refused(fields in prop::collection::vec(field(), 1..6), at in any::<prop::sample::Index>(), to in "[ -~]") {
        let text = payload(&distinct(fields));
        let chars: Vec<char> = text.chars().collect();
        let at = at.index(chars.len() - 4);
        let to = to.chars().next().unwrap();
        prop_assume!(chars[at] != to);
        let mut changed = chars.clone();
        changed[at] = to;
        let changed: String = changed.into_iter().collect();
        prop_assert!(Payload::parse(&changed).is_err(), "{}", changed);
    }
}
