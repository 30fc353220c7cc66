//! The QRIS payload reader's invariant.

use ayolinx_proto::qris::{Field, Payload, crc16_ccitt_false};
use ayolinx_proto::{Amount, Money};

fn tlv(field: &Field) -> String {
    format!(
        "{}{:02}{}",
        field.tag(),
        field.value().chars().count(),
        field.value()
    )
}

/// `Payload::parse` never panics; a payload it accepts is its fields written back (a template's
/// value is its own fields written back), starts with `000201`, ends with a CRC that matches,
/// and its payment check never panics.
pub fn qris_payload(text: &str) {
    let Ok(payload) = Payload::parse(text) else {
        return;
    };
    let fields = payload.fields();
    let written: String = fields.iter().map(tlv).collect();
    assert!(
        written.eq_ignore_ascii_case(text),
        "{written:?} != {text:?}"
    );
    assert!(text.starts_with("000201"));
    let crc = fields.last().expect("a CRC field");
    assert_eq!(crc.tag(), "63");
    let covered = &text.as_bytes()[..crc.position() + 4];
    assert_eq!(
        u16::from_str_radix(crc.value(), 16).ok(),
        Some(crc16_ccitt_false(covered))
    );
    for field in fields {
        let inner: String = field.template().iter().map(tlv).collect();
        assert!(field.template().is_empty() || inner == field.value());
    }
    let _ = payload.check_payment(&Money::idr(Amount::ZERO));
}
