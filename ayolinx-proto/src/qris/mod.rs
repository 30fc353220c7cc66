//! QRIS payloads: the EMVCo merchant-presented TLV string a generate answer carries as
//! `qrContent`, read ([`Payload::parse`]) and checked against the payment asked for
//! ([`Payload::check_payment`]).
//!
//! Each field is a two-digit tag, a two-digit length (in characters, `01`–`99`) and the value.
//! `00` (payload format, `01`) comes first; `01` is `11` (static) or `12` (dynamic, one payment,
//! with the amount in `54`); `26`–`51` (merchant account information, `51` the national
//! `ID.CO.QRIS.WWW` entry) and `62` (additional data) are templates of their own fields; `52` is
//! the MCC, `53` the currency (`360` for IDR), `58` the country (`ID`), `59` the name, `60` the
//! city, `61` the postal code; `63` comes last: the [CRC-16/CCITT-FALSE](crc16_ccitt_false) of
//! everything before it, `6304` included, in four hex digits.
//!
//! A QR carries no signature, only a checksum: it proves nothing about who wrote it. Checking it
//! against the request catches a changed, truncated or static QR before a customer pays it. The
//! merchant PAN's check digit is not plain Luhn, so it is not checked.
//!
//! ```
//! use ayolinx_proto::qris::Payload;
//! use ayolinx_proto::{Amount, Money};
//!
//! let payload = Payload::parse("00020101021226260014ID.CO.QRIS.WWW0204MID15204599953033605405150005802ID5904SHOP6007JAKARTA62080104ORD16304F3D1")?;
//! let account = payload.get("26").expect("a merchant account template");
//! assert_eq!(account.get("00").map(|field| field.value()), Some("ID.CO.QRIS.WWW"));
//! assert_eq!(payload.get("62").and_then(|data| data.get("01")).map(|bill| bill.value()), Some("ORD1"));
//! payload.check_payment(&Money::idr(Amount::from_rupiah(15_000)?))?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod check;
mod crc;
mod error;
mod parse;

pub use crc::crc16_ccitt_false;
pub use error::QrisError;
pub use parse::{Field, Payload};
