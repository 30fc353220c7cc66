//! Every operation's answer (the token's included) from an arbitrary status and body.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ayolinx_fuzz::parse_every_operation(&ayolinx_fuzz::response(data));
});
