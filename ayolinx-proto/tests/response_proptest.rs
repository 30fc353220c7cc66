//! Response parsing never panics, whatever the JSON: arbitrary values, and objects shaped like
//! SNAP answers (every field any operation reads, each holding an arbitrary value), under any
//! HTTP status, for every operation. A success only ever comes with a 2xx status and a success
//! code; a business error keeps the body it came with.

// Tests may unwrap, index and panic (the workspace lints warn on them in library code).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod json_strategy;

use ayolinx_proto::api::token::{AccessToken, AccessTokenRequest};
use ayolinx_proto::api::{Operation, ewallet, payment_link, qris, retail, va};
use ayolinx_proto::client::parse_response;
use ayolinx_proto::{ApiError, HttpResponse, ResponseCode, Timestamp};
use json_strategy::{any_string, any_value};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Every field an answer type reads, and a few codes that pass or fail.
const FIELDS: &[&str] = &[
    "responseCode",
    "responseMessage",
    "accessToken",
    "tokenType",
    "expiresIn",
    "referenceNo",
    "partnerReferenceNo",
    "originalReferenceNo",
    "originalPartnerReferenceNo",
    "qrContent",
    "qrUrl",
    "expiredDate",
    "latestTransactionStatus",
    "transactionStatusDesc",
    "amount",
    "paidTime",
    "cancelTime",
    "webRedirectUrl",
    "appRedirectUrl",
    "virtualAccountData",
    "paymentCode",
    "paymentUrl",
    "expiryTime",
    "additionalInfo",
    "value",
    "currency",
];

fn code() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![
            "2007300", "2004700", "2005100", "2002700", "00", "4017300", "5004700"
        ])
        .prop_map(Value::from),
        "[0-9A-Za-z_-]{0,9}".prop_map(Value::from),
        any_value(),
    ]
}

/// An object with known fields (values arbitrary, sometimes nested objects of known fields)
/// and unknown ones.
fn answer() -> impl Strategy<Value = Value> {
    let nested = prop::collection::vec((prop::sample::select(FIELDS), any_value()), 0..6).prop_map(
        |pairs| Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()),
    );
    (
        code(),
        prop::collection::vec(
            (
                prop::sample::select(FIELDS),
                prop_oneof![any_value(), nested],
            ),
            0..10,
        ),
        prop::collection::vec((any_string(), any_value()), 0..3),
    )
        .prop_map(|(code, known, unknown)| {
            let mut map = Map::new();
            map.insert("responseCode".to_owned(), code);
            map.extend(known.into_iter().map(|(k, v)| (k.to_owned(), v)));
            map.extend(unknown);
            Value::Object(map)
        })
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        200u16..300,
        prop::sample::select(vec![200, 202, 400, 401, 404, 409, 500, 502, 504]),
        any::<u16>()
    ]
}

fn check<O: Operation>(response: &HttpResponse) -> Result<(), TestCaseError> {
    match parse_response::<O>(response) {
        Ok(_) => {
            prop_assert!((200..300).contains(&response.status));
            let envelope: Value = serde_json::from_slice(&response.body).unwrap();
            if let Some(code) = envelope.get("responseCode").and_then(Value::as_str) {
                prop_assert!(ResponseCode::parse(code).unwrap().is_success());
            }
        }
        Err(ApiError::Business {
            raw_body,
            http_status,
            ..
        }) => {
            prop_assert_eq!(raw_body, response.body.clone());
            prop_assert_eq!(http_status, response.status);
        }
        Err(_) => {}
    }
    Ok(())
}

fn check_every_operation(response: &HttpResponse) -> Result<(), TestCaseError> {
    check::<AccessTokenRequest>(response)?;
    if let Ok(answer) = parse_response::<AccessTokenRequest>(response) {
        let _ = AccessToken::from_response(&answer, Timestamp::from_unix(1_726_120_500).unwrap());
    }
    check::<qris::QrisGenerateRequest>(response)?;
    check::<qris::QrisQueryRequest>(response)?;
    check::<qris::QrisCancelRequest>(response)?;
    check::<ewallet::EwalletPaymentRequest>(response)?;
    check::<ewallet::EwalletStatusRequest>(response)?;
    check::<va::VaCreateRequest>(response)?;
    check::<va::VaInquiryRequest>(response)?;
    check::<retail::RetailCreateRequest>(response)?;
    check::<retail::RetailQueryRequest>(response)?;
    check::<payment_link::PaymentLinkCreateRequest>(response)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_json_value_parses_without_panic(status in status(), value in any_value()) {
        check_every_operation(&HttpResponse::new(status, serde_json::to_vec(&value).unwrap()))?;
    }

    #[test]
    fn answer_shaped_json_parses_without_panic(status in status(), value in answer()) {
        check_every_operation(&HttpResponse::new(status, serde_json::to_vec(&value).unwrap()))?;
    }

    #[test]
    fn truncated_answers_parse_without_panic(status in status(), value in answer(), cut in any::<prop::sample::Index>()) {
        let bytes = serde_json::to_vec(&value).unwrap();
        let cut = cut.index(bytes.len() + 1);
        check_every_operation(&HttpResponse::new(status, &bytes[..cut]))?;
    }
}
