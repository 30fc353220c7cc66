//! `CallbackVerifier`: verify the callbacks Ayolinx signs, and answer them.

use std::rc::Rc;

use ayolinx_proto::PublicKey;
use ayolinx_proto::callback::{self, InboundRequest, Notification, Outcome, Route, ack};
use js_sys::{Array, Promise, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::clock::{from_millis, now};
use crate::convert::{is_plain_object, kind_of, message_of, object_entries, string, to_js};
use crate::failure::{Failure, acknowledgement};
use crate::input::{Options, bytes, text};
use crate::webcrypto::VerifyingKey;

/// Verifies the callbacks (payment notifications) Ayolinx signs with its RSA key, and reads them.
///
/// ```js
/// const verifier = new CallbackVerifier({ publicKeyPem: env.AYOLINX_PUBLIC_KEY });
/// try {
///   const notification = await verifier.verify({ method: request.method, path: url.pathname,
///     headers: request.headers, body: new Uint8Array(await request.arrayBuffer()) });
///   // store notification.dedupKey once, then:
///   answer = CallbackVerifier.acknowledgement("stored");
/// } catch (error) {
///   answer = error.acknowledgement; // e.g. 401 {"responseCode":"4015600",…}
/// }
/// ```
#[derive(Debug)]
#[wasm_bindgen]
pub struct CallbackVerifier {
    verifier: Rc<callback::CallbackVerifier>,
    /// Ayolinx's key in WebCrypto, imported on the first `verify`.
    key: Rc<VerifyingKey>,
}

#[wasm_bindgen]
impl CallbackVerifier {
    /// A verifier from `{ publicKeyPem, windowSeconds?, route?, includeQuery? }`.
    ///
    /// `publicKeyPem` is Ayolinx's public key (SPKI or PKCS#1 PEM). `windowSeconds` (default
    /// 3600) is how far `X-TIMESTAMP` may be from now. `route` is the path Ayolinx signed (the
    /// callback path you registered), for when a router or proxy forwards callbacks to another
    /// path; the path they arrive at is then not checked. By default the received path is
    /// verified, without its query string (which is then unsigned: never trust it).
    /// `includeQuery` makes the query string part of the verified path (if Ayolinx does not
    /// sign it, every callback fails). The core's `callback::Route` documents each risk.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "CallbackVerifierOptions")] options: JsValue,
    ) -> Result<CallbackVerifier, Failure> {
        let options = Options::read(
            &options,
            "options",
            &["publicKeyPem", "windowSeconds", "route", "includeQuery"],
            false,
        )?;
        const KEY: &str = "options.publicKeyPem";
        let key = PublicKey::from_pem(options.required_text("publicKeyPem")?)
            .map_err(|error| Failure::key(KEY, &error))?;
        let host_key = VerifyingKey::new(key.clone(), KEY);
        let mut verifier = callback::CallbackVerifier::new(key);
        if let Some(window) = options.whole_number("windowSeconds", u32::MAX.into())? {
            // In range: at most u32::MAX.
            verifier = verifier.window_seconds(window as u32);
        }
        if let Some(route) = options.text("route")? {
            verifier = verifier.route(Route::Fixed(route.to_owned()));
        }
        if let Some(include_query) = options.flag("includeQuery")? {
            verifier = verifier.include_query(include_query);
        }
        Ok(Self {
            verifier: Rc::new(verifier),
            key: host_key,
        })
    }

    /// Verifies `{ method, path, headers, body }` at `nowMillis` (default `Date.now()` at the
    /// call): a Promise of the notification as a plain object (`kind`, `reference`, `status`,
    /// `isPaid`, `dedupKey`, `amount`, …, and `json`, the body as received).
    ///
    /// `path` is the request path (with its query string, if any); `headers` a fetch `Headers`,
    /// a plain object or `[name, value]` pairs; `body` the **raw received bytes** (`Uint8Array`,
    /// `ArrayBuffer`) or the exact text. Every check but the RSA one runs in the core; the RSA
    /// signature is checked by the host's WebCrypto, with the key imported once. Rejects with an
    /// `Error` whose `code` names the failure (`"method_not_allowed"`, `"missing_header"`,
    /// `"malformed_timestamp"`, `"stale_timestamp"`, `"malformed_signature"`, `"bad_signature"`,
    /// `"body_not_json"`, `"wrong_shape"`, `"invalid_argument"`) and whose `acknowledgement` is
    /// the answer to send (none for `"invalid_key"` and `"no_webcrypto"`: answer 5xx).
    #[wasm_bindgen(unchecked_return_type = "Promise<CallbackNotification>")]
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InboundCallback")] request: JsValue,
        #[wasm_bindgen(js_name = nowMillis, unchecked_optional_param_type = "number")]
        now_millis: Option<f64>,
    ) -> Promise {
        let read = Received::read(&request, now_millis);
        let verifier = Rc::clone(&self.verifier);
        let key = Rc::clone(&self.key);
        crate::host::promise(async move {
            let received = read?;
            let inbound = InboundRequest::new(
                &received.method,
                &received.path,
                &received.headers,
                &received.body,
            );
            let pending = verifier
                .begin(&inbound, received.now)
                .map_err(Failure::from)?;
            let holds = key
                .verify(pending.string_to_sign().as_bytes(), pending.signature())
                .await?;
            let verified = pending.finish(holds).map_err(Failure::from)?;
            let timestamp = verified.timestamp().to_owned();
            let notification = verified.into_notification().map_err(Failure::from)?;
            Ok(notification_js(&notification, &timestamp, &received.body))
        })
    }

    /// The answer to a genuine callback, `{ status, contentType, body }`, for what you did with
    /// it: `"stored"` or `"already_processed"` (200, Ayolinx stops retrying), or
    /// `"could_not_store"` (500, Ayolinx retries later).
    #[wasm_bindgen(unchecked_return_type = "Acknowledgement")]
    pub fn acknowledgement(
        #[wasm_bindgen(
            unchecked_param_type = "\"stored\" | \"already_processed\" | \"could_not_store\""
        )]
        outcome: JsValue,
    ) -> Result<JsValue, Failure> {
        let outcome = match text(&outcome, "outcome")?.as_str() {
            "stored" => Outcome::Stored,
            "already_processed" => Outcome::AlreadyProcessed,
            "could_not_store" => Outcome::CouldNotStore,
            _ => {
                return Err(Failure::argument(
                    "outcome must be \"stored\", \"already_processed\" or \"could_not_store\"",
                ));
            }
        };
        Ok(to_js(&acknowledgement(&ack::notify(outcome))))
    }
}

#[wasm_bindgen]
extern "C" {
    /// The host's `Headers`, fetch's header map (`request.headers` in a worker).
    #[wasm_bindgen(js_name = Headers)]
    type HostHeaders;

    #[wasm_bindgen(method, catch, js_name = get)]
    fn get(this: &HostHeaders, name: &str) -> Result<Option<String>, JsValue>;
}

/// A received callback, read from JavaScript before any await.
struct Received {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    now: ayolinx_proto::Timestamp,
}

impl Received {
    fn read(request: &JsValue, now_millis: Option<f64>) -> Result<Self, Failure> {
        let now = match now_millis {
            Some(millis) => from_millis(millis, "nowMillis")?,
            None => now()?,
        };
        Ok(Self {
            method: text(&property(request, "method")?, "request.method")?,
            path: text(&property(request, "path")?, "request.path")?,
            headers: headers(&property(request, "headers")?)?,
            body: bytes(&property(request, "body")?, "request.body")?,
            now,
        })
    }
}

/// `object[name]`, refusing a request that is not an object.
fn property(object: &JsValue, name: &str) -> Result<JsValue, Failure> {
    if !object.is_object() {
        return Err(Failure::argument(format!(
            "request must be an object {{ method, path, headers, body }}, got {}",
            kind_of(object)
        )));
    }
    Reflect::get(object, &name.into()).map_err(|error| {
        Failure::argument(format!(
            "reading request.{name} threw: {}",
            message_of(&error)
        ))
    })
}

/// Header pairs from a fetch `Headers`, a `Map`, `[name, value]` pairs or a plain object.
fn headers(value: &JsValue) -> Result<Vec<(String, String)>, Failure> {
    const WHAT: &str = "request.headers";
    let failed =
        |error: JsValue| Failure::argument(format!("reading {WHAT} threw: {}", message_of(&error)));
    if let Some(host) = value.dyn_ref::<HostHeaders>() {
        // Fetch's `Headers` folds names and merges repeats itself, so the headers the core reads
        // are all it needs, at two calls into JS where iterating every header costs dozens.
        let mut pairs = Vec::new();
        for name in ayolinx_proto::callback::CallbackVerifier::READ_HEADERS {
            if let Some(value) = host.get(name).map_err(failed)? {
                pairs.push((name.to_owned(), value));
            }
        }
        return Ok(pairs);
    }
    let pairs: Vec<JsValue> = if is_plain_object(value) {
        object_entries(value).map_err(failed)?.iter().collect()
    } else {
        match js_sys::try_iter(value).map_err(failed)? {
            Some(items) => items.collect::<Result<_, _>>().map_err(failed)?,
            None => {
                return Err(Failure::argument(format!(
                    "{WHAT} must be a Headers, a Map, [name, value] pairs or an object, got {}",
                    kind_of(value)
                )));
            }
        }
    };
    pairs
        .iter()
        .map(|pair| {
            let pair = pair.dyn_ref::<Array>().filter(|pair| pair.length() == 2);
            let name = pair.map(|pair| pair.get(0)).unwrap_or_default();
            let value = pair.map(|pair| pair.get(1)).unwrap_or_default();
            match (string(&name, WHAT)?, string(&value, WHAT)?) {
                (Some(name), Some(value)) => Ok((name, value)),
                _ => Err(Failure::argument(format!(
                    "{WHAT} must hold string names and string values"
                ))),
            }
        })
        .collect()
}

/// The plain object `verify` returns: the notification's fields, and as `json` the verified body
/// itself, parsed by the host's `JSON.parse` (which reads it exactly as the core's JSON reader
/// did: same keys, same order, same numbers) instead of being copied out of the core's tree.
fn notification_js(notification: &Notification, timestamp: &str, body: &[u8]) -> JsValue {
    let spliced = std::str::from_utf8(body).ok().and_then(|body| {
        js_sys::JSON::parse(&notification_text(notification, timestamp, body)).ok()
    });
    spliced.unwrap_or_else(|| {
        let json = Value::Object(notification.json().clone()).to_string();
        js_sys::JSON::parse(&notification_text(notification, timestamp, &json))
            .unwrap_or(JsValue::NULL)
    })
}

/// The JSON text of the object `verify` returns, with `json` (JSON text itself) as its body.
/// Written straight as text: building the fields as a `Value` first and serialising it cost
/// more, in workerd, than every other step of reading a callback together.
fn notification_text(notification: &Notification, timestamp: &str, json: &str) -> String {
    // The fields take a few hundred bytes besides `json`: one allocation.
    let mut out = ObjectText(String::with_capacity(json.len() + 512));
    out.text("kind", Some(notification.kind().as_str()));
    out.text("reference", Some(notification.reference()));
    out.text("status", Some(notification.status().code()));
    out.value("isPaid", Some(&notification.is_paid()));
    out.text(
        "dedupKey",
        Some(notification.dedup_key().to_string().as_str()),
    );
    out.value("amount", notification.amount());
    out.text("originalReferenceNo", notification.original_reference_no());
    out.text(
        "originalPartnerReferenceNo",
        notification.original_partner_reference_no(),
    );
    out.text("partnerReferenceNo", notification.partner_reference_no());
    out.text(
        "latestTransactionStatus",
        notification
            .latest_transaction_status()
            .map(|status| status.code()),
    );
    out.text(
        "transactionStatusDesc",
        notification.transaction_status_desc(),
    );
    out.text("customerNumber", notification.customer_number());
    out.value("finishedTime", notification.finished_time());
    out.text("callbackType", notification.callback_type());
    out.text("paymentLinkId", notification.payment_link_id());
    out.text("timestamp", Some(timestamp));
    out.finish_with_json(json)
}

/// A JSON object written as text, field by field.
struct ObjectText(String);

impl ObjectText {
    /// `"name":"text"`, or nothing for `None`.
    fn text(&mut self, name: &str, text: Option<&str>) {
        let Some(text) = text else {
            return;
        };
        self.name(name);
        // Most texts need no escape (no `"`, `\\` or control character): those are copied as
        // they are, which is what serde_json would write, without its serializer.
        if text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
            self.0.push('"');
            self.0.push_str(text);
            self.0.push('"');
        } else {
            self.serialized(text);
        }
    }

    /// `"name":value`, or nothing for `None`.
    fn value<T: serde::Serialize>(&mut self, name: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.name(name);
            self.serialized(value);
        }
    }

    fn serialized<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        // Strings, booleans, money and times always serialise; `null` keeps the text JSON if
        // one ever did not.
        match serde_json::to_string(value) {
            Ok(text) => self.0.push_str(&text),
            Err(_) => self.0.push_str("null"),
        }
    }

    /// The object's text, with `"json":` and the JSON text `json` as its last field.
    fn finish_with_json(mut self, json: &str) -> String {
        self.name("json");
        self.0.push_str(json);
        self.0.push('}');
        self.0
    }

    /// `{` or `,`, then `"name":` (names are plain ASCII, written as they are).
    fn name(&mut self, name: &str) {
        self.0.push(if self.0.is_empty() { '{' } else { ',' });
        self.0.push('"');
        self.0.push_str(name);
        self.0.push_str("\":");
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_notification_reads_as_a_plain_object_with_its_body_kept() {
        let body = json!({
            "originalReferenceNo": "AYO-REF-1",
            "originalPartnerReferenceNo": "ORD-1",
            "latestTransactionStatus": "00",
            "amount": {"currency": "IDR", "value": "15000.00"},
            "additionalInfo": {"channel": "BNC_QRIS"},
            "newField": 1,
        });
        let text = notification_text(
            &Notification::from_json(&body).unwrap(),
            "2024-09-12T12:55:00+07:00",
            &body.to_string(),
        );
        let read: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            read,
            json!({
                "kind": "QRIS",
                "reference": "AYO-REF-1",
                "status": "00",
                "isPaid": true,
                "dedupKey": "AYO-REF-1:00",
                "amount": {"currency": "IDR", "value": "15000.00"},
                "originalReferenceNo": "AYO-REF-1",
                "originalPartnerReferenceNo": "ORD-1",
                "latestTransactionStatus": "00",
                "timestamp": "2024-09-12T12:55:00+07:00",
                "json": body,
            })
        );
        // The order JavaScript sees the keys in: the text's.
        let keys: Vec<&str> = read
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "kind",
                "reference",
                "status",
                "isPaid",
                "dedupKey",
                "amount",
                "originalReferenceNo",
                "originalPartnerReferenceNo",
                "latestTransactionStatus",
                "timestamp",
                "json",
            ]
        );
    }

    #[test]
    fn texts_that_need_escapes_are_written_as_json_reads_them_back() {
        let reference = "ORD-\"1\"\\\n\u{1}-café-😀";
        let body = json!({
            "originalReferenceNo": "AYO-REF-1",
            "originalPartnerReferenceNo": reference,
            "latestTransactionStatus": "00",
        });
        let text = notification_text(
            &Notification::from_json(&body).unwrap(),
            "2024-09-12T12:55:00+07:00",
            &body.to_string(),
        );
        let read: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(read["originalPartnerReferenceNo"], reference);
        assert_eq!(read["json"], body);
    }
}
