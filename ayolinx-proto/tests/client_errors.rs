//! Answers that are not the typed answer: each gets its own error, classified for retries, and
//! none panics or leaks a secret.

#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::api::token::{AccessToken, AccessTokenRequest};
use ayolinx_proto::client::parse_response;
use ayolinx_proto::retry::Outcome;
use ayolinx_proto::{ApiError, HttpResponse, Timestamp};

fn generate(status: u16, body: &[u8]) -> ApiError {
    parse_response::<QrisGenerateRequest>(&HttpResponse::new(status, body.to_vec())).unwrap_err()
}

#[test]
fn an_html_502_page_is_not_json_retryable_and_ambiguous() {
    let error = generate(
        502,
        b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body></html>",
    );
    match &error {
        ApiError::NotJson {
            http_status: 502,
            snippet,
            operation: "qris.generate",
        } => assert!(snippet.starts_with("<html>")),
        other => panic!("{other:?}"),
    }
    assert!(error.is_retryable());
    assert!(error.is_ambiguous());
    assert!(!error.needs_token_refresh());
    assert!(error.to_string().contains("expected a JSON answer"));
    assert!(error.to_string().contains("query the transaction"));
}

#[test]
fn a_long_non_json_body_is_quoted_briefly() {
    let body = "x".repeat(10_000);
    match generate(500, body.as_bytes()) {
        ApiError::NotJson { snippet, .. } => assert_eq!(snippet.len(), 200),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_empty_body_is_its_own_error() {
    for (status, retryable, ambiguous) in
        [(200, false, true), (503, true, true), (400, false, false)]
    {
        let error = generate(status, b" \r\n ");
        assert!(
            matches!(error, ApiError::EmptyBody { http_status, .. } if http_status == status),
            "{error:?}"
        );
        assert_eq!(error.is_retryable(), retryable, "{status}");
        assert_eq!(error.is_ambiguous(), ambiguous, "{status}");
    }
}

#[test]
fn truncated_json_is_malformed_and_says_so() {
    let error = generate(200, br#"{"responseCode":"2004700","qrCont"#);
    match &error {
        ApiError::MalformedJson {
            truncated: true,
            line: 1,
            ..
        } => {}
        other => panic!("{other:?}"),
    }
    assert!(error.is_retryable() && error.is_ambiguous());
    assert!(error.to_string().contains("truncated JSON"));

    let invalid = generate(200, br#"{"responseCode":"2004700",}"#);
    assert!(matches!(
        invalid,
        ApiError::MalformedJson {
            truncated: false,
            ..
        }
    ));
}

#[test]
fn a_numeric_response_code_is_a_wrong_shape() {
    let error = generate(200, br#"{"responseCode":2004700,"qrContent":"0002"}"#);
    match &error {
        ApiError::UnexpectedShape {
            path_of_bad_field,
            expected,
            ..
        } => {
            assert_eq!(path_of_bad_field, "responseCode");
            assert!(expected.contains("got a number"), "{expected}");
        }
        other => panic!("{other:?}"),
    }
    assert!(!error.is_retryable());
    assert!(
        error.is_ambiguous(),
        "a 2xx answer that cannot be read may hide a created QR"
    );
}

#[test]
fn an_object_where_a_string_belongs_is_a_wrong_shape_with_its_position() {
    let error = generate(
        200,
        br#"{"responseCode":"2004700","responseMessage":"Successful","qrContent":{"text":"0002"}}"#,
    );
    match &error {
        ApiError::UnexpectedShape {
            http_status: 200,
            path_of_bad_field,
            expected,
            ..
        } => {
            assert!(
                path_of_bad_field.starts_with("line 1 column"),
                "{path_of_bad_field}"
            );
            assert!(expected.contains("expected a string"), "{expected}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_missing_required_field_is_named() {
    let error = generate(
        200,
        br#"{"responseCode":"2004700","responseMessage":"Successful"}"#,
    );
    match error {
        ApiError::UnexpectedShape {
            path_of_bad_field, ..
        } => assert_eq!(path_of_bad_field, "qrContent"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn json_that_is_not_an_object_is_a_wrong_shape() {
    for body in [&b"[]"[..], b"[1,2,3]"] {
        assert!(matches!(
            generate(200, body),
            ApiError::UnexpectedShape { .. }
        ));
    }
}

#[test]
fn a_non_2xx_json_answer_without_a_code_is_a_wrong_shape() {
    let error = generate(503, br#"{"error":"upstream unavailable"}"#);
    assert!(matches!(
        error,
        ApiError::UnexpectedShape {
            http_status: 503,
            ..
        }
    ));
    assert!(error.is_retryable() && error.is_ambiguous());
}

#[test]
fn a_success_code_on_an_error_status_is_a_business_error() {
    let error = generate(500, br#"{"responseCode":"2004700","qrContent":"0002"}"#);
    assert!(matches!(
        error,
        ApiError::Business {
            http_status: 500,
            ..
        }
    ));
    assert!(error.is_ambiguous());
}

#[test]
fn in_progress_and_timeouts_are_ambiguous() {
    for (status, body) in [
        (
            202,
            r#"{"responseCode":"2024700","responseMessage":"Request In Progress"}"#,
        ),
        (
            504,
            r#"{"responseCode":"5044700","responseMessage":"Timeout"}"#,
        ),
        (
            500,
            r#"{"responseCode":"5004701","responseMessage":"Internal Server Error"}"#,
        ),
    ] {
        let error = generate(status, body.as_bytes());
        assert!(error.is_ambiguous(), "{body}");
        assert!(error.is_retryable(), "{body}");
        assert!(matches!(
            error.outcome(),
            Some(Outcome::Answered { code: Some(_), .. })
        ));
    }
}

#[test]
fn any_401_on_a_transactional_call_needs_a_fresh_token() {
    let invalid = generate(
        401,
        br#"{"responseCode":"4014701","responseMessage":"Invalid Token (B2B)"}"#,
    );
    assert!(invalid.needs_token_refresh());
    assert!(invalid.to_string().contains("new access token"));
    let signature = generate(
        401,
        br#"{"responseCode":"4014700","responseMessage":"Unauthorized. Signature"}"#,
    );
    assert!(signature.needs_token_refresh());
    let html = generate(401, b"<html>401</html>");
    assert!(html.needs_token_refresh());
    let token = parse_response::<AccessTokenRequest>(&HttpResponse::new(401, "<html>401</html>"))
        .unwrap_err();
    assert!(!token.needs_token_refresh());
}

#[test]
fn conflicts_say_what_to_do() {
    let reused = generate(
        409,
        br#"{"responseCode":"4094700","responseMessage":"Conflict"}"#,
    );
    assert!(reused.to_string().contains("X-EXTERNAL-ID"));
    assert!(!reused.is_retryable());
}

#[test]
fn token_parse_errors_never_show_the_token() {
    let answer = HttpResponse::new(
        200,
        r#"{"responseCode":"2007300","accessToken":"secret-token-value","expiresIn":"soon"}"#,
    );
    let parsed = parse_response::<AccessTokenRequest>(&answer).unwrap();
    let error = AccessToken::from_response(&parsed, Timestamp::from_unix(0).unwrap())
        .map_err(ApiError::AccessToken)
        .unwrap_err();
    assert!(matches!(error, ApiError::AccessToken(_)));
    assert!(!format!("{error} {error:?}").contains("secret-token-value"));
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut inputs: Vec<Vec<u8>> = vec![
        vec![0xff, 0xfe, 0x00],
        b"{".to_vec(),
        b"{\"responseCode\":".to_vec(),
        b"{\"responseCode\":\"\"}".to_vec(),
        b"{\"responseCode\":\"2004700\",\"qrContent\":\"\xff\"}".to_vec(),
        b"{\"responseCode\":\"2004700\",\"qrContent\":\"a\",\"expiredDate\":1e400}".to_vec(),
        b"{\"responseCode\":\"2004700\",\"qrContent\":\"a\",\"expiredDate\":-99999999999999}"
            .to_vec(),
        b"{\"responseCode\":\"2004700\",\"responseCode\":\"2004700\",\"qrContent\":\"a\"}".to_vec(),
    ];
    inputs.push([b"[".repeat(10_000), b"]".repeat(10_000)].concat());
    inputs.push(format!("{{\"a\":{}1{}}}", "[".repeat(5_000), "]".repeat(5_000)).into_bytes());
    for body in inputs {
        for status in [0, 200, 401, 502, 999] {
            let _ = parse_response::<QrisGenerateRequest>(&HttpResponse::new(status, body.clone()));
            let _ = parse_response::<QrisQueryRequest>(&HttpResponse::new(status, body.clone()));
            let _ = parse_response::<AccessTokenRequest>(&HttpResponse::new(status, body.clone()));
        }
    }
}
