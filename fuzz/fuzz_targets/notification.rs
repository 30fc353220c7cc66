//! `Notification::from_json_bytes` on arbitrary bytes, and its serialise-read round trip.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ayolinx_fuzz::notification(data));
