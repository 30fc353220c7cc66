//! The host's clock, which the Sans-IO core takes as an argument: `Date.now()` (present in
//! browsers, Node >= 20, Deno and workerd).

use ayolinx_proto::Timestamp;

use crate::failure::Failure;

/// The instant `millis` milliseconds after the epoch (as from `Date.now()`), in `+07:00`.
pub(crate) fn from_millis(millis: f64, what: &str) -> Result<Timestamp, Failure> {
    if !millis.is_finite() {
        return Err(Failure::argument(format!(
            "{what} must be a finite number of milliseconds since the epoch"
        )));
    }
    // `as` saturates; an out-of-range instant is refused by the core.
    Timestamp::from_unix((millis / 1000.0).floor() as i64)
        .map_err(|error| Failure::timestamp(what, &error))
}

/// Now, from `Date.now()`, in `+07:00`.
pub(crate) fn now() -> Result<Timestamp, Failure> {
    from_millis(js_sys::Date::now(), "Date.now()")
}
