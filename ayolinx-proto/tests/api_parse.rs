//! Every operation's answer: the documented example (or the documented/working field set),
//! lenient variants, unknown fields kept and written back, and a documented error.

#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use ayolinx_proto::api::Operation;
use ayolinx_proto::api::ewallet::{EwalletPaymentRequest, EwalletStatusRequest};
use ayolinx_proto::api::payment_link::PaymentLinkCreateRequest;
use ayolinx_proto::api::qris::{QrisCancelRequest, QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::api::retail::{RetailCreateRequest, RetailQueryRequest};
use ayolinx_proto::api::token::{AccessTokenRequest, ExpiresIn};
use ayolinx_proto::api::va::{VaCreateRequest, VaInquiryRequest};
use ayolinx_proto::client::parse_response;
use ayolinx_proto::code::SnapCase;
use ayolinx_proto::{ApiError, Channel, HttpResponse, Money, Timestamp, TransactionStatus};
use serde_json::{Value, json};

fn ok<O: Operation>(body: &Value) -> O::Response {
    parse_response::<O>(&HttpResponse::new(200, body.to_string()))
        .unwrap_or_else(|e| panic!("{}: {e}", O::NAME))
}

fn err<O: Operation>(status: u16, body: &str) -> ApiError {
    match parse_response::<O>(&HttpResponse::new(status, body)) {
        Ok(_) => panic!("{} accepted {body}", O::NAME),
        Err(error) => error,
    }
}

/// Parses `body`, writes the typed answer back, and checks that nothing was lost.
fn round_trip<O: Operation>(body: Value) -> O::Response
where
    O::Response: serde::Serialize,
{
    let parsed = ok::<O>(&body);
    assert_eq!(serde_json::to_value(&parsed).unwrap(), body, "{}", O::NAME);
    parsed
}

fn assert_business(error: &ApiError, status: u16, code: &str, case: SnapCase) {
    match error {
        ApiError::Business {
            http_status,
            code: got,
            raw_body,
            ..
        } => {
            assert_eq!(*http_status, status);
            assert_eq!(got.as_str(), code);
            assert_eq!(got.snap_case(), Some(case));
            assert!(!raw_body.is_empty());
        }
        other => panic!("expected a business error, got {other:?}"),
    }
}

#[test]
fn token_answer_with_expires_in_as_string_or_number() {
    let text = ok::<AccessTokenRequest>(&json!({
        "responseCode": "2007300", "responseMessage": "Successful",
        "accessToken": "eyJhbGciOi", "tokenType": "Bearer", "expiresIn": "900",
        "additionalInfo": {}
    }));
    assert_eq!(text.expires_in, ExpiresIn::Text("900".into()));
    assert_eq!(text.access_token.expose_secret(), "eyJhbGciOi");
    assert_eq!(text.extra["additionalInfo"], json!({}));
    assert!(!format!("{text:?}").contains("eyJhbGciOi"));

    let number = ok::<AccessTokenRequest>(&json!({
        "responseCode": "2007300", "accessToken": "t", "tokenType": "Bearer", "expiresIn": 3600
    }));
    assert_eq!(number.expires_in.seconds(), Some(3600));
    assert_eq!(number.response_message, "");
}

#[test]
fn token_errors() {
    let refused = err::<AccessTokenRequest>(
        401,
        r#"{"responseCode":"4017300","responseMessage":"Unauthorized. Signature"}"#,
    );
    assert_business(&refused, 401, "4017300", SnapCase::Unauthorized);
    assert!(
        !refused.needs_token_refresh(),
        "a refused token request is not a stale token"
    );
    assert!(!refused.is_retryable());

    let no_token =
        err::<AccessTokenRequest>(200, r#"{"responseCode":"2007300","expiresIn":"900"}"#);
    match &no_token {
        ApiError::UnexpectedShape {
            path_of_bad_field, ..
        } => assert_eq!(path_of_bad_field, "accessToken"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn qris_generate_answer() {
    let epoch = round_trip::<QrisGenerateRequest>(json!({
        "responseCode": "2004700", "responseMessage": "Successful",
        "qrContent": "00020101021226670016ID.CO.BANKNEOCOMMERCE.WWW0118936004900000000000",
        "partnerReferenceNo": "ORD-1", "expiredDate": "1726121400",
        "merchantName": "Toko Kita"
    }));
    assert_eq!(
        epoch.expired_date.unwrap().unix_seconds(),
        Some(1_726_121_400)
    );
    assert_eq!(epoch.extra["merchantName"], "Toko Kita");
    assert!(epoch.response_code.is_success());

    let iso = ok::<QrisGenerateRequest>(&json!({
        "responseCode": "2004700", "responseMessage": "Successful", "qrContent": "0002",
        "expiredDate": "2024-09-12T13:10:00+07:00"
    }));
    assert_eq!(
        iso.expired_date.unwrap().unix_seconds(),
        Some(1_726_121_400)
    );
    let number = ok::<QrisGenerateRequest>(&json!({
        "responseCode": "2004700", "qrContent": "0002", "expiredDate": 1_726_121_400
    }));
    assert_eq!(
        number.expired_date.unwrap().unix_seconds(),
        Some(1_726_121_400)
    );

    let duplicate = err::<QrisGenerateRequest>(
        409,
        r#"{"responseCode":"4094701","responseMessage":"Duplicate partnerReferenceNo"}"#,
    );
    assert_business(
        &duplicate,
        409,
        "4094701",
        SnapCase::DuplicatePartnerReferenceNo,
    );
    assert!(!duplicate.is_ambiguous() && !duplicate.is_retryable());
    assert!(duplicate.to_string().contains("query it"));
}

#[test]
fn qris_query_answer_with_unknown_status_and_rrn_spellings() {
    let answer = round_trip::<QrisQueryRequest>(json!({
        "responseCode": "2005100", "responseMessage": "Successful",
        "originalReferenceNo": "A120240912", "originalPartnerReferenceNo": "ORD-1",
        "latestTransactionStatus": "00", "finishedTime": "2024-09-12T12:57:00+07:00",
        "amount": {"currency": "IDR", "value": "15000.00"},
        "additionalInfo": {"channel": "BNC_QRIS", "rRN": "426512345678", "paymentNtb": "42"}
    }));
    assert_eq!(
        answer.latest_transaction_status,
        Some(TransactionStatus::Success)
    );
    assert_eq!(
        answer
            .amount
            .as_ref()
            .map(|m: &Money| m.value.minor_units()),
        Some(1_500_000)
    );
    let info = answer.additional_info.unwrap();
    assert_eq!(info.rrn.as_deref(), Some("426512345678"));
    assert_eq!(info.channel, Some(Channel::BncQris));
    assert_eq!(info.extra["paymentNtb"], "42");

    let upper = ok::<QrisQueryRequest>(&json!({
        "responseCode": "2005100", "latestTransactionStatus": "09",
        "additionalInfo": {"channel": "QRIS_OTHER_ACQUIRER", "RRN": "1"}
    }));
    assert_eq!(
        upper.latest_transaction_status,
        Some(TransactionStatus::Unknown("09".into()))
    );
    let info = upper.additional_info.unwrap();
    assert_eq!(info.rrn.as_deref(), Some("1"));
    assert_eq!(
        info.channel,
        Some(Channel::Other("QRIS_OTHER_ACQUIRER".into()))
    );

    let not_found = err::<QrisQueryRequest>(
        404,
        r#"{"responseCode":"4045101","responseMessage":"Transaction Not Found"}"#,
    );
    assert_business(&not_found, 404, "4045101", SnapCase::TransactionNotFound);
}

#[test]
fn qris_cancel_answer() {
    let answer = round_trip::<QrisCancelRequest>(json!({
        "responseCode": "2007700", "responseMessage": "Successful",
        "originalReferenceNo": "A120240912",
        "additionalInfo": {"traceId": "7f1c"},
        "originalPartnerReferenceNo": "ORD-1"
    }));
    assert_eq!(
        answer.additional_info.unwrap().trace_id.as_deref(),
        Some("7f1c")
    );

    let not_allowed = err::<QrisCancelRequest>(
        405,
        r#"{"responseCode":"4057701","responseMessage":"Requested Opearation Is Not Allowed"}"#,
    );
    assert_business(
        &not_allowed,
        405,
        "4057701",
        SnapCase::RequestedOperationNotAllowed,
    );
}

#[test]
fn ewallet_pay_answer() {
    let answer = round_trip::<EwalletPaymentRequest>(json!({
        "responseCode": "2005400", "responseMessage": "Successful",
        "webRedirectUrl": "https://m.dana.id/m/portal/cashier/checkout?bizNo=1",
        "referenceNo": "2024091200001", "partnerReferenceNo": "ORD-2"
    }));
    assert_eq!(answer.reference_no.as_deref(), Some("2024091200001"));

    let expired = err::<EwalletPaymentRequest>(
        401,
        r#"{"responseCode":"4015401","responseMessage":"Invalid Token (B2B)"}"#,
    );
    assert_business(&expired, 401, "4015401", SnapCase::InvalidToken);
    assert!(expired.needs_token_refresh() && expired.is_retryable());
}

#[test]
fn ewallet_status_answer() {
    let answer = round_trip::<EwalletStatusRequest>(json!({
        "responseCode": "2005500", "responseMessage": "Successful",
        "originalPartnerReferenceNo": "ORD-2", "originalReferenceNo": "2024091200001",
        "latestTransactionStatus": "03", "transactionStatusDesc": "PENDING",
        "amount": {"currency": "IDR", "value": "30.00"}
    }));
    assert_eq!(
        answer.latest_transaction_status,
        Some(TransactionStatus::Pending)
    );
    let bad = err::<EwalletStatusRequest>(
        400,
        r#"{"responseCode":"4005502","responseMessage":"Invalid Mandatory Field originalPartnerReferenceNo"}"#,
    );
    assert_business(&bad, 400, "4005502", SnapCase::InvalidMandatoryField);
}

#[test]
fn va_create_answer() {
    let answer = round_trip::<VaCreateRequest>(json!({
        "responseCode": "2002700", "responseMessage": "Success",
        "virtualAccountData": {
            "partnerServiceId": "98829172", "customerNo": "98829172123456789",
            "virtualAccountNo": "98829172123456789", "virtualAccountName": "Réné Suryadi",
            "trxId": "ORD-3", "totalAmount": {"currency": "IDR", "value": "11500.00"},
            "expiredDate": "2024-09-13T12:55:00+07:00",
            "additionalInfo": {"channel": "VIRTUAL_ACCOUNT_BNI", "howToPayPage": "https://x"},
            "freeText": []
        }
    }));
    let data = answer.virtual_account_data.unwrap();
    assert_eq!(
        data.virtual_account_no.as_deref(),
        Some("98829172123456789")
    );
    assert_eq!(
        data.expired_date.unwrap().unix_seconds(),
        Some(1_726_206_900)
    );
    assert_eq!(data.extra["freeText"], json!([]));

    // Servers that echo the amount as a number are read too.
    let number = ok::<VaCreateRequest>(&json!({
        "responseCode": "2002700", "virtualAccountData": {"totalAmount": {"value": 11500, "currency": "IDR"}}
    }));
    let total = number.virtual_account_data.unwrap().total_amount.unwrap();
    assert_eq!(total.value.to_string(), "11500.00");

    let duplicate = err::<VaCreateRequest>(
        409,
        r#"{"responseCode":"4092701","responseMessage":"Duplicate partnerReferenceNo"}"#,
    );
    assert_business(
        &duplicate,
        409,
        "4092701",
        SnapCase::DuplicatePartnerReferenceNo,
    );
}

#[test]
fn va_inquiry_answer() {
    let answer = round_trip::<VaInquiryRequest>(json!({
        "responseCode": "2003000", "responseMessage": "Successful",
        "originalPartnerReferenceNo": "ORD-3", "latestTransactionStatus": "01",
        "virtualAccountData": {"virtualAccountNo": "98829172123456789"}
    }));
    assert_eq!(
        answer.latest_transaction_status,
        Some(TransactionStatus::Initiated)
    );
    assert_eq!(
        answer.extra["virtualAccountData"]["virtualAccountNo"],
        "98829172123456789"
    );
    let missing = err::<VaInquiryRequest>(
        404,
        r#"{"responseCode":"4043001","responseMessage":"Transaction Not Found"}"#,
    );
    assert_business(&missing, 404, "4043001", SnapCase::TransactionNotFound);
}

#[test]
fn retail_create_answer_from_the_documented_example() {
    let answer = round_trip::<RetailCreateRequest>(json!({
        "responseCode": "00", "responseMessage": "Successful",
        "partnerReferenceNo": "ei29dh29ee2", "expiryDate": "1726207200",
        "vaNumber": "888812345678", "paymentUrl": "https://payment.ayolinx.id/retail/888812345678"
    }));
    assert!(answer.response_code.is_success());
    assert_eq!(
        answer.expiry_date.unwrap().unix_seconds(),
        Some(1_726_207_200)
    );
    assert_eq!(answer.va_number.as_deref(), Some("888812345678"));

    // A short non-success code on HTTP 200 is a business error too.
    match err::<RetailCreateRequest>(200, r#"{"responseCode":"01","responseMessage":"Failed"}"#) {
        ApiError::Business { code, message, .. } => {
            assert_eq!(code.as_str(), "01");
            assert_eq!(message, "Failed");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn retail_query_answer() {
    let answer = round_trip::<RetailQueryRequest>(json!({
        "responseCode": "00", "responseMessage": "Successful",
        "originalPartnerReferenceNo": "ORD-4", "latestTransactionStatus": "05",
        "additionalInfo": {"channel": "RETAIL_DANDAN"}
    }));
    assert_eq!(
        answer.latest_transaction_status,
        Some(TransactionStatus::Canceled)
    );
    assert_eq!(
        answer.additional_info.unwrap().channel,
        Some(Channel::RetailDandan)
    );
}

#[test]
fn payment_link_answer_from_the_documented_example() {
    let answer = round_trip::<PaymentLinkCreateRequest>(json!({
        "responseCode": "2000100",
        "responseMessage": "Successful",
        "paymentLink": "https://payment-new-production.ayolinx.id/4DrzTTeCn9Z",
        "partnerReferenceNo": "4DrzTTeCn9Z",
        "expiryDate": "2025-08-22T11:30:00+07:00"
    }));
    assert_eq!(answer.partner_reference_no.as_deref(), Some("4DrzTTeCn9Z"));
    assert_eq!(
        answer.expiry_date.unwrap().timestamp(),
        Some(Timestamp::parse("2025-08-22T11:30:00+07:00").unwrap())
    );
    let error = err::<PaymentLinkCreateRequest>(
        400,
        r#"{"responseCode":"4000101","responseMessage":"Invalid Field Format customerEmail"}"#,
    );
    assert_business(&error, 400, "4000101", SnapCase::InvalidFieldFormat);
}

#[test]
fn a_missing_response_message_is_empty_and_null_is_too() {
    let answer = ok::<PaymentLinkCreateRequest>(&json!({
        "responseCode": "2000100", "responseMessage": null, "paymentLink": "https://x"
    }));
    assert_eq!(answer.response_message, "");
}
