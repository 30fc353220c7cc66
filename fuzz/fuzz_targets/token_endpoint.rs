//! `TokenEndpoint` (the merchant-hosted token endpoint) on an arbitrary request.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ayolinx_fuzz::token_endpoint(&ayolinx_fuzz::Request::from_bytes(data));
});
