//! `Timestamp::parse` on arbitrary text: what parses formats to text that parses to it again,
//! with the same date and time fields (nothing normalised: no 30 February becoming 1 March).
#![no_main]
use ayolinx_proto::Timestamp;
libfuzzer_sys::fuzz_target!(|text: &str| {
    if let Ok(timestamp) = Timestamp::parse(text) {
        let canonical = timestamp.to_string();
        assert_eq!(Timestamp::parse(&canonical), Ok(timestamp));
        assert_eq!(
            (canonical.get(..10), canonical.get(11..19)),
            (text.get(..10), text.get(11..19))
        );
    }
});
