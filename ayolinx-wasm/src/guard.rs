//! `classifyPayment`: the core's payment guard, what a verified notification means for one order.

use ayolinx_proto::callback::Notification;
use ayolinx_proto::guard::{ExpectedPayment, Recorded, Verdict};
use ayolinx_proto::{Amount, Currency, Money, Timestamp};
use js_sys::Reflect;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use crate::clock::{from_millis, now};
use crate::convert::{from_js, kind_of, message_of, to_js};
use crate::failure::Failure;
use crate::input::{Options, text};

/// What a **verified** notification (the object [`CallbackVerifier::verify`] resolves to) means
/// for the order it names, judged against `expected`, the order's own facts
/// (`{ partnerReferenceNo, amount, currency?, referenceNo?, expiresAt? }`: the reference you sent
/// at create, the amount asked as an exact decimal string, `"IDR"` unless `currency`, the
/// `referenceNo` the create answer returned, and the expiry as a timestamp string), and
/// `recorded`, what you have recorded for the order so far (`"open"`, `"fulfilled"`,
/// `"cancelled"`, `"expired"` or `"failed"`), at `nowMillis` (default `Date.now()`).
///
/// Returns `{ verdict, fulfil, status?, field?, message }`: ship the goods only when `fulfil`
/// (`verdict` `"fulfil"`), recording the order as fulfilled in the same step. `"refused"` names
/// the `field` at fault (another reference, amount or currency, a success after expiry or close,
/// a change after success): a genuine callback that is not this order's, for a person to look
/// at. A genuine signature only says that Ayolinx sent the bytes: the scheme C string to sign
/// names no merchant, so another merchant's callback for the same order id verifies too.
///
/// [`CallbackVerifier::verify`]: crate::CallbackVerifier::verify
#[wasm_bindgen(js_name = classifyPayment, unchecked_return_type = "PaymentVerdict")]
pub fn classify_payment(
    #[wasm_bindgen(unchecked_param_type = "ExpectedPayment")] expected: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CallbackNotification")] notification: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RecordedState")] recorded: JsValue,
    #[wasm_bindgen(js_name = nowMillis, unchecked_optional_param_type = "number")]
    now_millis: Option<f64>,
) -> Result<JsValue, Failure> {
    let expected = expected_payment(&expected)?;
    let notification = Notification::from_json(&notification_json(&notification)?)?;
    let recorded = recorded_state(&recorded)?;
    let now = match now_millis {
        Some(millis) => from_millis(millis, "nowMillis")?,
        None => now()?,
    };
    Ok(to_js(&verdict_object(&expected.classify(
        &notification,
        recorded,
        now,
    ))))
}

/// `{ partnerReferenceNo, amount, currency?, referenceNo?, expiresAt? }` as the core's order.
fn expected_payment(value: &JsValue) -> Result<ExpectedPayment, Failure> {
    let options = Options::read(
        value,
        "expected",
        &[
            "partnerReferenceNo",
            "amount",
            "currency",
            "referenceNo",
            "expiresAt",
        ],
        false,
    )?;
    let amount = options.required_text("amount")?;
    let amount = Amount::parse(amount)
        .map_err(|error| Failure::argument(format!("expected.amount {amount:?}: {error}")))?;
    let currency = options
        .text("currency")?
        .map_or(Currency::Idr, Currency::from);
    let mut order = ExpectedPayment::new(
        options.required_text("partnerReferenceNo")?,
        Money {
            currency,
            value: amount,
        },
    );
    if let Some(reference_no) = options.text("referenceNo")? {
        order = order.reference_no(reference_no);
    }
    if let Some(expires_at) = options.text("expiresAt")? {
        let parsed = Timestamp::parse(expires_at)
            .map_err(|error| Failure::timestamp("expected.expiresAt", &error))?;
        order = order.expires_at(parsed);
    }
    Ok(order)
}

/// The body as received, `notification.json`.
fn notification_json(notification: &JsValue) -> Result<Value, Failure> {
    if !notification.is_object() {
        return Err(Failure::argument(format!(
            "notification must be the object CallbackVerifier.verify resolved to, got {}",
            kind_of(notification)
        )));
    }
    let json = Reflect::get(notification, &"json".into()).map_err(|error| {
        Failure::argument(format!(
            "reading notification.json threw: {}",
            message_of(&error)
        ))
    })?;
    from_js(&json, "notification.json")
}

fn recorded_state(value: &JsValue) -> Result<Recorded, Failure> {
    Ok(match text(value, "recorded")?.as_str() {
        "open" => Recorded::Open,
        "fulfilled" => Recorded::Fulfilled,
        "cancelled" => Recorded::Cancelled,
        "expired" => Recorded::Expired,
        "failed" => Recorded::Failed,
        _ => {
            return Err(Failure::argument(
                "recorded must be \"open\", \"fulfilled\", \"cancelled\", \"expired\" or \"failed\"",
            ));
        }
    })
}

/// `{ verdict, fulfil, status?, field?, message }`.
fn verdict_object(verdict: &Verdict) -> Value {
    let mut out = Map::new();
    let (name, status, field) = match verdict {
        Verdict::Fulfil => ("fulfil", None, None),
        Verdict::AlreadyFulfilled => ("already_fulfilled", None, None),
        Verdict::NotPaid { status } => ("not_paid", Some(status), None),
        Verdict::OutOfOrder { status } => ("out_of_order", Some(status), None),
        Verdict::Refused(refusal) => ("refused", None, Some(refusal.field())),
        _ => ("unknown", None, None),
    };
    out.insert("verdict".into(), name.into());
    out.insert("fulfil".into(), verdict.is_fulfil().into());
    if let Some(status) = status {
        out.insert("status".into(), status.code().into());
    }
    if let Some(field) = field {
        out.insert("field".into(), field.into());
    }
    out.insert("message".into(), verdict.to_string().into());
    Value::Object(out)
}
