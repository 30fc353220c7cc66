//! `qris::Payload::parse` on arbitrary text: what it accepts is exactly its fields written back.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| ayolinx_fuzz::qris_payload(text));
