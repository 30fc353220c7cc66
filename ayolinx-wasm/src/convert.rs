//! JavaScript values to JSON and back, without loss or surprise.
//!
//! [`from_js`] reads a JS value as JSON the way `JSON.stringify` would, except that whatever
//! `JSON.stringify` would silently change is refused with a [`Failure`] that names the path:
//! `NaN` and infinities (which it writes as `null`), integers beyond 2^53 (which are no longer
//! exact), `undefined` in an array, functions, symbols, strings with lone surrogates, and objects
//! that are not plain (`Date`, `Map`, typed arrays, class instances), and nesting deeper than
//! [`MAX_DEPTH`] (or a value that contains itself). A `BigInt` that fits 64 bits
//! is an exact integer. Properties whose value is `undefined` are left out, as `JSON.stringify`
//! does. Money is a string (`"15000.00"`), never a number.

use js_sys::{Array, BigInt, JsString, Reflect};
use serde_json::{Map, Number, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::failure::Failure;

/// The deepest nesting of arrays and objects read from JavaScript: 128 levels, the limit
/// `serde_json` parses with (Ayolinx bodies nest four deep). It keeps the recursion here, in the
/// core's encoder and in `serde_json` well inside the wasm stack, whose overflow would trap.
pub(crate) const MAX_DEPTH: usize = 128;

/// The largest integer a JS number holds exactly: 2^53 - 1.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

#[wasm_bindgen]
extern "C" {
    /// `Object.entries`, with exceptions (a throwing getter, a Proxy) caught.
    #[wasm_bindgen(js_namespace = Object, js_name = entries, catch)]
    pub(crate) fn object_entries(object: &JsValue) -> Result<Array, JsValue>;
}

/// What kind of value this is, for messages: "a number", "an array"… (never the value itself).
pub(crate) fn kind_of(value: &JsValue) -> &'static str {
    if value.is_undefined() {
        "undefined"
    } else if value.is_null() {
        "null"
    } else if value.as_bool().is_some() {
        "a boolean"
    } else if value.as_f64().is_some() {
        "a number"
    } else if value.is_bigint() {
        "a BigInt"
    } else if value.is_string() {
        "a string"
    } else if value.is_symbol() {
        "a symbol"
    } else if value.is_function() {
        "a function"
    } else if Array::is_array(value) {
        "an array"
    } else if is_plain_object(value) {
        "an object"
    } else {
        "an object that is not a plain object"
    }
}

/// Whether `value` is a plain object: `{…}` or `Object.create(null)`.
pub(crate) fn is_plain_object(value: &JsValue) -> bool {
    if !value.is_object() || value.is_function() || Array::is_array(value) {
        return false;
    }
    // Through Reflect, whose exceptions (a Proxy's traps) are caught.
    match Reflect::get_prototype_of(value) {
        Ok(prototype) => {
            prototype.is_null()
                || Reflect::get_prototype_of(&prototype).is_ok_and(|above| above.is_null())
        }
        Err(_) => false,
    }
}

/// A JS string as Rust text, refusing lone surrogates (which UTF-8 cannot hold and which would
/// otherwise turn into U+FFFD, changing the bytes that are signed).
pub(crate) fn string(value: &JsValue, path: &str) -> Result<Option<String>, Failure> {
    // One call into JS, where checking and then converting would be three: the conversion writes
    // a lone surrogate as U+FFFD, so only a text holding U+FFFD (which a well-formed string may
    // hold too) is checked in JS.
    let Some(text) = value.as_string() else {
        return Ok(None);
    };
    if text.contains(char::REPLACEMENT_CHARACTER)
        && !value.unchecked_ref::<JsString>().is_valid_utf16()
    {
        return Err(Failure::argument(format!(
            "{path} contains a lone surrogate (broken UTF-16), which cannot be sent as UTF-8"
        )));
    }
    Ok(Some(text))
}

/// Reads a JS value as JSON (see the module docs). `path` names it in messages (`$`, `request`…).
pub(crate) fn from_js(value: &JsValue, path: &str) -> Result<Value, Failure> {
    read(value, path, 0)
}

fn unsupported(path: &str, what: impl std::fmt::Display) -> Failure {
    Failure::new("unsupported_value", format!("{path} is {what}"))
}

fn read(value: &JsValue, path: &str, depth: usize) -> Result<Value, Failure> {
    if depth > MAX_DEPTH {
        return Err(Failure::new(
            "too_deep",
            format!(
                "{path} is nested deeper than {MAX_DEPTH} levels (or the value contains itself)"
            ),
        ));
    }
    if value.is_null() {
        return Ok(Value::Null);
    }
    if let Some(flag) = value.as_bool() {
        return Ok(Value::Bool(flag));
    }
    if let Some(text) = string(value, path)? {
        return Ok(Value::String(text));
    }
    if let Some(number) = value.as_f64() {
        return read_number(number, path);
    }
    if value.is_bigint() {
        return read_bigint(value, path);
    }
    // Exceptions from JS (a throwing getter, a Proxy) are caught: one passing through wasm
    // would leave the instance's stack pointer behind.
    let threw = |error: JsValue| {
        unsupported(
            path,
            format_args!("an object that threw: {}", message_of(&error)),
        )
    };
    if Array::is_array(value) {
        let length = Reflect::get(value, &"length".into())
            .map_err(threw)?
            .as_f64()
            .unwrap_or_default();
        // An array's length is a whole number below 2^32. Nothing is reserved for it: a sparse
        // `new Array(2 ** 32 - 1)` is refused at its first hole, not allocated.
        let length = length as u32;
        let mut out = Vec::new();
        for index in 0..length {
            let item = Reflect::get_u32(value, index).map_err(threw)?;
            let item_path = format!("{path}[{index}]");
            if item.is_undefined() {
                return Err(unsupported(
                    &item_path,
                    "undefined (JSON has no undefined; use null)",
                ));
            }
            out.push(read(&item, &item_path, depth + 1)?);
        }
        return Ok(Value::Array(out));
    }
    if is_plain_object(value) {
        let entries = object_entries(value).map_err(threw)?;
        let mut out = Map::new();
        for entry in entries.iter() {
            let entry = entry.unchecked_into::<Array>();
            let key = string(&entry.get(0), path)?.unwrap_or_default();
            let item = entry.get(1);
            if item.is_undefined() {
                continue;
            }
            let item_path = format!("{path}.{key}");
            let item = read(&item, &item_path, depth + 1)?;
            out.insert(key, item);
        }
        return Ok(Value::Object(out));
    }
    Err(unsupported(
        path,
        format_args!("{}, which JSON cannot hold exactly", kind_of(value)),
    ))
}

/// `number` as JavaScript writes it (`NaN`, `1e+300`): the package's messages are read by
/// JavaScript developers, and Rust's own float formatting would add its code to the `.wasm`.
fn js_number_text(number: f64) -> String {
    js_sys::Number::from(number)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

fn read_number(number: f64, path: &str) -> Result<Value, Failure> {
    let text = || js_number_text(number);
    if !number.is_finite() {
        return Err(unsupported(
            path,
            format_args!("{}, which JSON cannot hold", text()),
        ));
    }
    if number.fract() == 0.0 {
        if number.abs() > MAX_SAFE_INTEGER {
            return Err(unsupported(
                path,
                format_args!(
                    "{}, an integer beyond 2^53 that a JS number no longer holds exactly \
                     (pass a BigInt or a string)",
                    text()
                ),
            ));
        }
        // Exact: a whole number of at most 53 bits. -0 becomes 0, as in JSON.stringify.
        return Ok(Value::from(number as i64));
    }
    Number::from_f64(number)
        .map(Value::Number)
        .ok_or_else(|| unsupported(path, format_args!("{}, which JSON cannot hold", text())))
}

fn read_bigint(value: &JsValue, path: &str) -> Result<Value, Failure> {
    let text = value
        .unchecked_ref::<BigInt>()
        .to_string(10)
        .map(String::from)
        .unwrap_or_default();
    if let Ok(integer) = text.parse::<i64>() {
        return Ok(Value::from(integer));
    }
    if let Ok(integer) = text.parse::<u64>() {
        return Ok(Value::from(integer));
    }
    Err(unsupported(
        path,
        format_args!("the BigInt {text}, beyond 64 bits"),
    ))
}

/// The `message` of a thrown JS value, or its kind.
pub(crate) fn message_of(error: &JsValue) -> String {
    Reflect::get(error, &"message".into())
        .ok()
        .and_then(|message| message.as_string())
        .unwrap_or_else(|| kind_of(error).to_owned())
}

/// A JSON value as a plain JS value (objects keep their key order).
pub(crate) fn to_js(value: &Value) -> JsValue {
    // JSON.parse of serde_json's own output cannot fail; `null` would only mark a bug.
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}
