//! The name of a JSON value's type, for the messages of shape errors (answers and callbacks).

use serde_json::Value;

/// `"null"`, `"a boolean"`, `"a number"`, `"a string"`, `"an array"` or `"an object"`.
pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
