//! What a request is stamped with: its `X-TIMESTAMP` and `X-EXTERNAL-ID`, given or made from the
//! host's clock and randomness (`Date.now()` and `crypto.getRandomValues`, both present in
//! browsers, Node >= 20, Deno and workerd), which the Sans-IO core takes as arguments.

use ayolinx_proto::{ExternalId, Timestamp};
use js_sys::Uint8Array;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::clock::{from_millis, now};
use crate::convert::message_of;
use crate::failure::Failure;

#[wasm_bindgen]
extern "C" {
    /// `crypto.getRandomValues`, with a missing `crypto` caught.
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues, catch)]
    fn get_random_values(array: &Uint8Array) -> Result<JsValue, JsValue>;
}

/// The `timestamp` option: an `X-TIMESTAMP` string (sent as parsed), milliseconds since the
/// epoch (written in `+07:00`), or absent for now.
pub(crate) fn timestamp_option(value: Option<&Value>) -> Result<Timestamp, Failure> {
    match value {
        None => now(),
        Some(Value::String(text)) => {
            Timestamp::parse(text).map_err(|error| Failure::timestamp("options.timestamp", &error))
        }
        Some(Value::Number(millis)) => {
            from_millis(millis.as_f64().unwrap_or(f64::NAN), "options.timestamp")
        }
        Some(_) => Err(Failure::argument(
            "options.timestamp must be an X-TIMESTAMP string or milliseconds since the epoch",
        )),
    }
}

/// The `externalId` option, or a fresh one from the timestamp and `crypto.getRandomValues`.
pub(crate) fn external_id(
    given: Option<&str>,
    timestamp: &Timestamp,
) -> Result<ExternalId, Failure> {
    match given {
        Some(id) => Ok(ExternalId::new(id)?),
        None => Ok(ExternalId::generate(timestamp, random_bytes()?)),
    }
}

/// 16 bytes from `crypto.getRandomValues`.
pub(crate) fn random_bytes() -> Result<[u8; 16], Failure> {
    let array = Uint8Array::new_with_length(16);
    get_random_values(&array).map_err(|error| {
        Failure::new(
            "no_random_source",
            format!(
                "crypto.getRandomValues is not available ({}); pass options.externalId",
                message_of(&error)
            ),
        )
    })?;
    let mut random = [0; 16];
    array.copy_to(&mut random);
    Ok(random)
}
