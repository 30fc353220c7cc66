//! What the mutation pass over `money.rs` found unchecked, and the boundaries it leans on: the
//! `Debug` text of an amount, the serde expectation and error messages, sums and products that
//! succeed, and the edges of the digit counts.

#![allow(clippy::unwrap_used)] // a failed step is a failed test

use ayolinx_proto::money::AmountError;
use ayolinx_proto::{Amount, Currency, Money};

fn amount(text: &str) -> Amount {
    Amount::parse(text).unwrap()
}

#[test]
fn amount_debug_is_its_exact_decimal_text() {
    assert_eq!(format!("{:?}", amount("15000.5")), "Amount(15000.50)");
    assert_eq!(format!("{:?}", Amount::ZERO), "Amount(0.00)");
    assert_eq!(
        format!("{:?}", Money::idr(amount("1"))),
        "Money { currency: Idr, value: Amount(1.00) }"
    );
}

#[test]
fn amounts_print_every_digit_count_with_two_decimals() {
    for (minor_units, text) in [
        (1, "0.01"),
        (10, "0.10"),
        (99, "0.99"),
        (100, "1.00"),
        (101, "1.01"),
        (1_000, "10.00"),
        (123_456, "1234.56"),
        (100_000_000_000_000_000, "1000000000000000.00"),
    ] {
        let shown = Amount::from_minor_units(minor_units).unwrap();
        assert_eq!(shown.to_string(), text);
        assert_eq!(amount(text), shown, "{text}");
    }
}

#[test]
fn the_whole_part_has_at_most_sixteen_digits() {
    assert_eq!(
        amount("9999999999999999").minor_units(),
        999_999_999_999_999_900
    );
    assert_eq!(
        Amount::parse("10000000000000000"),
        Err(AmountError::TooLarge)
    );
    assert_eq!(
        Amount::from_rupiah(9_999_999_999_999_999).unwrap(),
        amount("9999999999999999.00")
    );
    assert_eq!(
        Amount::from_rupiah(10_000_000_000_000_000),
        Err(AmountError::TooLarge)
    );
}

#[test]
fn one_or_two_decimals_are_read_in_their_place() {
    for (text, minor_units) in [
        ("0.1", 10),
        ("0.01", 1),
        ("0.10", 10),
        ("7.05", 705),
        ("7.5", 750),
        ("10.99", 1_099),
    ] {
        assert_eq!(amount(text).minor_units(), minor_units, "{text}");
    }
}

#[test]
fn sums_and_products_within_the_maximum_are_exact() {
    let base = amount("10000.00");
    assert_eq!(
        base.checked_add(amount("0.50")).unwrap(),
        amount("10000.50")
    );
    assert_eq!(base.checked_add(Amount::ZERO).unwrap(), base);
    assert_eq!(base.checked_mul(3).unwrap(), amount("30000.00"));
    assert_eq!(base.checked_mul(1).unwrap(), base);
    let max = Amount::from_minor_units(Amount::MAX_MINOR_UNITS).unwrap();
    assert_eq!(max.checked_add(Amount::ZERO).unwrap(), max);
    assert_eq!(max.checked_mul(1).unwrap(), max);
}

#[test]
fn amount_errors_say_what_is_wrong() {
    assert_eq!(
        Amount::parse("1.001").unwrap_err().to_string(),
        "invalid amount: one or two digits must follow the decimal point"
    );
    assert_eq!(
        Amount::parse("01").unwrap_err().to_string(),
        "invalid amount: leading zeros"
    );
    assert_eq!(
        Amount::parse(".5").unwrap_err().to_string(),
        "invalid amount: no digits before the decimal point"
    );
    assert_eq!(
        AmountError::TooLarge.to_string(),
        "amount exceeds the maximum of 9999999999999999.99"
    );
}

#[test]
fn deserialising_names_what_an_amount_must_be() {
    let error = serde_json::from_str::<Amount>("true").unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid type: boolean `true`, expected an amount as a decimal string such as \"15000.00\", or a whole number at line 1 column 4"
    );
    let negative = serde_json::from_str::<Amount>("-5").unwrap_err();
    assert_eq!(
        negative.to_string(),
        "invalid amount: negative amount at line 1 column 2"
    );
    let too_large = serde_json::from_str::<Amount>("100000000000000000").unwrap_err();
    assert!(
        too_large
            .to_string()
            .starts_with("amount exceeds the maximum")
    );
}

#[test]
fn currencies_keep_their_code() {
    assert_eq!(Currency::Idr.to_string(), "IDR");
    assert_eq!("IDR".parse::<Currency>(), Ok(Currency::Idr));
    assert_eq!("SGD".parse::<Currency>(), Ok(Currency::Other("SGD".into())));
    assert_eq!(Currency::Other("SGD".into()).as_str(), "SGD");
    assert_eq!(Currency::default(), Currency::Idr);
    assert_eq!(
        serde_json::to_string(&Money::idr(amount("2.5"))).unwrap(),
        r#"{"currency":"IDR","value":"2.50"}"#
    );
}
