//! `ExternalId::new` on arbitrary text: kept verbatim when accepted.
#![no_main]
use ayolinx_proto::ExternalId;
libfuzzer_sys::fuzz_target!(|text: &str| {
    if let Ok(id) = ExternalId::new(text) {
        assert_eq!(id.as_str(), text);
        assert_eq!(text.parse::<ExternalId>().ok().as_ref(), Some(&id));
    }
});
