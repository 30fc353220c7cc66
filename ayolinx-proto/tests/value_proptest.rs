//! Format-then-parse round trips of `Timestamp` and `Amount` over their whole ranges.

// Tests may unwrap, index and panic (the workspace lints warn on them in library code).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use ayolinx_proto::money::AmountError;
use ayolinx_proto::{Amount, Timestamp};
use proptest::prelude::*;

/// 0000-01-01T00:00:00 and 9999-12-31T23:59:59 in local time, the range a timestamp can write.
const FIRST_LOCAL: i64 = -62_167_219_200;
const LAST_LOCAL: i64 = 253_402_300_799;

fn offset_seconds() -> impl Strategy<Value = i32> {
    prop_oneof![
        Just(7 * 3600),
        Just(0),
        (-1439i32..=1439).prop_map(|minutes| minutes * 60)
    ]
}

fn minor_units() -> impl Strategy<Value = u64> {
    let max = Amount::MAX_MINOR_UNITS;
    prop_oneof![
        0..=max,
        0u64..100_000,
        (max - 1000)..=max,
        prop::sample::select(vec![0, 1, 9, 10, 99, 100, 101, max - 1, max]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn timestamp_formats_and_parses_back(local in FIRST_LOCAL..=LAST_LOCAL, offset in offset_seconds()) {
        let unix = local - i64::from(offset);
        let timestamp = Timestamp::from_unix_with_offset(unix, offset).unwrap();
        let text = timestamp.to_string();
        prop_assert_eq!(text.len(), 25, "{}", text);
        let parsed = Timestamp::parse(&text).unwrap();
        prop_assert_eq!(parsed, timestamp);
        prop_assert_eq!(parsed.unix_seconds(), unix);
        prop_assert_eq!(parsed.offset_seconds(), offset);
        // Through serde as well (a JSON string).
        let json = serde_json::to_string(&timestamp).unwrap();
        prop_assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), timestamp);
    }

    #[test]
    fn timestamps_outside_the_writable_range_are_refused(
        beyond in 1i64..1_000_000_000_000,
        offset in offset_seconds(),
        late in any::<bool>(),
    ) {
        let local = if late { LAST_LOCAL + beyond } else { FIRST_LOCAL - beyond };
        prop_assert!(Timestamp::from_unix_with_offset(local - i64::from(offset), offset).is_err());
    }

    #[test]
    fn amount_formats_and_parses_back(minor in minor_units()) {
        let amount = Amount::from_minor_units(minor).unwrap();
        let text = amount.to_string();
        prop_assert_eq!(&text, &format!("{}.{:02}", minor / 100, minor % 100));
        prop_assert_eq!(Amount::parse(&text), Ok(amount));
        prop_assert_eq!(Amount::parse(&text).unwrap().minor_units(), minor);
        let json = serde_json::to_string(&amount).unwrap();
        prop_assert_eq!(json, format!("\"{text}\""));
        if minor % 100 == 0 {
            // Whole rupiah parse without a fraction too.
            prop_assert_eq!(Amount::parse(&(minor / 100).to_string()), Ok(amount));
        }
    }

    #[test]
    fn amounts_above_the_maximum_are_refused(minor in (Amount::MAX_MINOR_UNITS + 1)..=u64::MAX) {
        prop_assert_eq!(Amount::from_minor_units(minor), Err(AmountError::TooLarge));
        let text = format!("{}.{:02}", minor / 100, minor % 100);
        prop_assert!(Amount::parse(&text).is_err());
    }
}
