//! `Timestamp::parse` on arbitrary text: what parses formats to text that parses to it again.
#![no_main]
use ayolinx_proto::Timestamp;
libfuzzer_sys::fuzz_target!(|text: &str| {
    if let Ok(timestamp) = Timestamp::parse(text) {
        assert_eq!(Timestamp::parse(&timestamp.to_string()), Ok(timestamp));
    }
});
