//! QRIS `qrContent`: an EMVCo merchant-presented payload, as Indonesian QRIS decoders read it.
//!
//! Tags: `00` payload format `01`; `01` point of initiation `12` (dynamic); `26` merchant
//! account information (`00` reverse-domain GUI `ID.CO.BANKNEOCOMMERCE.WWW`, `01` merchant PAN,
//! `02` merchant id, `03` criteria); `51` the national QRIS repository entry; `52` MCC; `53`
//! currency `360` (IDR); `54` amount; `58` country `ID`; `59` merchant name; `60` city; `61`
//! postal code; `62` additional data (`01` bill number = the merchant's reference, `05`
//! reference label = the sandbox's reference); `63` the CRC-16/CCITT-FALSE of everything before
//! it, `6304` included, in four upper-case hex digits.
//!
//! ```
//! let crc = ayolinx_sandbox::qris::crc16_ccitt_false(b"123456789");
//! assert_eq!(crc, 0x29B1);
//! ```

use ayolinx_proto::Amount;

/// The acquirer GUI Ayolinx's QRIS carries (Bank Neo Commerce).
pub const ACQUIRER_GUI: &str = "ID.CO.BANKNEOCOMMERCE.WWW";
/// The merchant name in the sandbox's QRIS (tag 59).
pub const MERCHANT_NAME: &str = "AYOLINX SANDBOX";
/// The merchant city in the sandbox's QRIS (tag 60).
pub const MERCHANT_CITY: &str = "JAKARTA";

/// CRC-16/CCITT-FALSE, the core's (the checksum of tag `63`).
pub use ayolinx_proto::qris::crc16_ccitt_false;

/// One TLV: the tag, the value's length in two digits, the value (cut to 99 characters, the
/// most two digits can announce).
fn tlv(tag: &str, value: &str) -> String {
    let value: String = value.chars().take(99).collect();
    format!("{tag}{:02}{value}", value.len())
}

/// Printable ASCII only, at most `max` characters (QRIS fields are ANS).
fn ans(text: &str, max: usize) -> String {
    text.chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .take(max)
        .collect()
}

/// The dynamic QRIS payload for an amount and references.
pub(crate) fn payload(amount: Amount, partner_reference_no: &str, reference_no: &str) -> String {
    let merchant_account = [
        tlv("00", ACQUIRER_GUI),
        tlv("01", "9360049000000000017"),
        tlv("02", "AYOSANDBOX0000001"),
        tlv("03", "UMI"),
    ]
    .concat();
    let national = [
        tlv("00", "ID.CO.QRIS.WWW"),
        tlv("02", "ID1026000000017"),
        tlv("03", "UMI"),
    ]
    .concat();
    let label_start = reference_no.len().saturating_sub(25);
    let additional = [
        tlv("01", &ans(partner_reference_no, 25)),
        tlv(
            "05",
            reference_no.get(label_start..).unwrap_or(reference_no),
        ),
    ]
    .concat();
    let mut text = [
        tlv("00", "01"),
        tlv("01", "12"),
        tlv("26", &merchant_account),
        tlv("51", &national),
        tlv("52", "5999"),
        tlv("53", "360"),
        tlv("54", &amount.to_string()),
        tlv("58", "ID"),
        tlv("59", MERCHANT_NAME),
        tlv("60", MERCHANT_CITY),
        tlv("61", "10110"),
        tlv("62", &additional),
    ]
    .concat();
    text.push_str("6304");
    let crc = crc16_ccitt_false(text.as_bytes());
    text.push_str(&format!("{crc:04X}"));
    text
}

/// The longest amount tag 54 can carry.
pub(crate) const MAX_AMOUNT_LEN: usize = 13;
