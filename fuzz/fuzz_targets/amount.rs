//! `Amount::parse` on arbitrary text: what parses formats to text that parses to it again.
#![no_main]
use ayolinx_proto::Amount;
libfuzzer_sys::fuzz_target!(|text: &str| {
    if let Ok(amount) = Amount::parse(text) {
        assert!(amount.minor_units() <= Amount::MAX_MINOR_UNITS);
        assert_eq!(Amount::parse(&amount.to_string()), Ok(amount));
    }
});
