//! An arbitrary JSON value encoded PHP-style: pure ASCII, no bare `/`, decodes to the value.
#![no_main]
libfuzzer_sys::fuzz_target!(|value: ayolinx_fuzz::json::AnyJson| {
    ayolinx_fuzz::json::php_round_trip(&value.0);
});
