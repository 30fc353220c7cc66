//! Field checks shared by the operations, each refusing with its SNAP case.

use ayolinx_proto::api::common::{UrlParam, UrlParamType};
use ayolinx_proto::channel::Product;
use ayolinx_proto::code::SnapCase;
use ayolinx_proto::{Amount, Channel, Currency, Money, Timestamp, WireTime};

use crate::server::reply::Refusal;

/// The longest merchant reference accepted (SNAP `String(64)`).
const MAX_REFERENCE_LEN: usize = 64;

pub(super) fn check_text(field: &str, value: &str, max: usize) -> Result<(), Refusal> {
    if value.trim().is_empty() {
        return Err(Refusal::new(
            SnapCase::InvalidMandatoryField,
            format!("{field} is empty"),
        ));
    }
    if value.chars().count() > max || value.chars().any(char::is_control) {
        return Err(Refusal::new(
            SnapCase::InvalidFieldFormat,
            format!("{field} must be at most {max} characters with no control characters"),
        ));
    }
    Ok(())
}

pub(super) fn check_reference(field: &str, value: &str) -> Result<(), Refusal> {
    check_text(field, value, MAX_REFERENCE_LEN)
}

pub(super) fn check_money(field: &str, money: &Money) -> Result<(), Refusal> {
    if money.currency != Currency::Idr {
        return Err(Refusal::new(
            SnapCase::InvalidFieldFormat,
            format!("{field}.currency must be IDR, not {}", money.currency),
        ));
    }
    if money.value == Amount::ZERO {
        return Err(Refusal::new(
            SnapCase::InvalidFieldFormat,
            format!("{field}.value must be more than 0"),
        ));
    }
    Ok(())
}

pub(super) fn check_channel(channel: &Channel, product: Product) -> Result<(), Refusal> {
    if channel.product() == Some(product) {
        return Ok(());
    }
    Err(Refusal::new(
        SnapCase::InvalidFieldFormat,
        format!("additionalInfo.channel {channel} is not a {product:?} channel"),
    ))
}

/// The expiry: the given time (which must be readable and in the future) or `now + default`.
pub(super) fn expiry(
    field: &str,
    given: Option<&WireTime>,
    now: Timestamp,
    default_seconds: i64,
) -> Result<Timestamp, Refusal> {
    let invalid = |detail: String| Refusal::new(SnapCase::InvalidFieldFormat, detail);
    match given {
        Some(given) => {
            let at = given.timestamp().ok_or_else(|| {
                invalid(format!(
                    "{field} is neither epoch seconds nor ISO-8601: {given}"
                ))
            })?;
            if at.seconds_since(&now) <= 0 {
                return Err(invalid(format!("{field} {given} is not in the future")));
            }
            Ok(at.with_offset_seconds(now.offset_seconds()).unwrap_or(at))
        }
        None => now
            .add_seconds(default_seconds)
            .map_err(|error| Refusal::new(SnapCase::InternalServerError, error.to_string())),
    }
}

pub(super) fn url_of(params: &[UrlParam], kind: &UrlParamType) -> Option<String> {
    params
        .iter()
        .find(|param| param.kind == *kind)
        .map(|param| param.url.clone())
}

pub(super) fn check_digits(field: &str, value: &str, max: usize) -> Result<(), Refusal> {
    if value.is_empty() {
        return Err(Refusal::new(
            SnapCase::InvalidMandatoryField,
            format!("{field} is empty"),
        ));
    }
    if value.len() > max || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Refusal::new(
            SnapCase::InvalidFieldFormat,
            format!("{field} must be 1 to {max} digits"),
        ));
    }
    Ok(())
}
