//! `VaPaymentVerifier` on an arbitrary request.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ayolinx_fuzz::va_payment(&ayolinx_fuzz::Request::from_bytes(data));
});
