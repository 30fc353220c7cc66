//! `PrivateKey::from_der` and `from_pem` on arbitrary bytes.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ayolinx_fuzz::private_key(data));
