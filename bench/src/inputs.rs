//! `bench/inputs.json`: the exact bytes every peer signs and verifies, and the outputs it must
//! reproduce before it is timed.

use std::error::Error;

use ayolinx_proto::api::Operation;
use ayolinx_proto::api::qris::QrisGenerateRequest;
use serde_json::{Value, json};

use crate::support::{
    ACCESS_TOKEN, CALLBACK_BODY, CALLBACK_PATH, CLIENT_KEY, CLIENT_SECRET, EXTERNAL_ID, Fixture,
    PUBLIC_KEY_PEM,
};

/// The inputs document.
///
/// `request.body` is the QRIS order as a JSON object in field order, which a peer serialises
/// the way its SDK does; `request.body_bytes` are the bytes the Rust SDK sends, and
/// `request.headers` (with `X-SIGNATURE`) what the peer must produce. `callback` is a callback
/// as received: path, `X-TIMESTAMP`, `X-SIGNATURE`, raw body text.
pub fn document(fixture: &Fixture) -> Result<Value, Box<dyn Error>> {
    let request = fixture.prepared.request();
    let headers: Vec<[&str; 2]> = request
        .headers
        .iter()
        .map(|(name, value)| [&**name, &**value])
        .collect();
    Ok(json!({
        "client_key": CLIENT_KEY,
        "client_secret": CLIENT_SECRET,
        "access_token": ACCESS_TOKEN,
        "external_id": EXTERNAL_ID,
        "timestamp": fixture.now.to_string(),
        "public_key_pem": PUBLIC_KEY_PEM,
        "request": {
            "method": request.method,
            "path": QrisGenerateRequest::PATH,
            "body": serde_json::to_value(&fixture.order)?,
            "body_bytes": std::str::from_utf8(&request.body)?,
            "headers": headers,
        },
        "callback": {
            "path": CALLBACK_PATH,
            "timestamp": fixture.callback.header("X-TIMESTAMP"),
            "signature": fixture.callback_signature(),
            "body": std::str::from_utf8(CALLBACK_BODY)?,
            "reference": "20240912125500800110166944801931623",
            "status": "00",
        },
    }))
}
