//! `CallbackVerifier` on an arbitrary method, path, headers, body and signature.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ayolinx_fuzz::callback_verifier(&ayolinx_fuzz::Request::from_bytes(data));
});
