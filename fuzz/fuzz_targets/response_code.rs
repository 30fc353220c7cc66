//! `ResponseCode::parse` on arbitrary text: kept verbatim, and its SNAP parts are consistent.
#![no_main]
use ayolinx_proto::ResponseCode;
libfuzzer_sys::fuzz_target!(|text: &str| {
    if let Ok(code) = ResponseCode::parse(text) {
        assert_eq!(code.as_str(), text);
        let _ = (
            code.is_success(),
            code.snap_case(),
            code.http_status(),
            code.service_code(),
        );
    }
});
