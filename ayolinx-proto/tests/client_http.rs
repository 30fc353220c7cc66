//! Plain HTTP values and their conversions to and from the `http` crate.

#![allow(clippy::unwrap_used)]

use std::borrow::Cow;

use ayolinx_proto::http::HttpConversionError;
use ayolinx_proto::{HttpRequest, HttpResponse};

fn request() -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        url: "https://sandbox.ayolinx.id/v1.0/qr/qr-mpm-generate".into(),
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Authorization".into(), "Bearer tok".into()),
            ("X-TIMESTAMP".into(), "2024-09-12T12:55:00+07:00".into()),
            ("X-EXTERNAL-ID".into(), "418075533589".into()),
        ],
        body: br#"{"url":"https:\/\/x"}"#.to_vec(),
    }
}

type Header = (Cow<'static, str>, Cow<'static, str>);

fn lowercase_names(headers: &[Header]) -> Vec<Header> {
    headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase().into(), value.clone()))
        .collect()
}

#[test]
fn requests_round_trip_through_the_http_crate() {
    let original = request();
    let converted = http::Request::try_from(original.clone()).unwrap();
    assert_eq!(converted.method(), http::Method::POST);
    assert_eq!(converted.uri().host(), Some("sandbox.ayolinx.id"));
    assert_eq!(
        converted.headers()["x-timestamp"],
        "2024-09-12T12:55:00+07:00"
    );
    assert_eq!(converted.body(), &original.body);
    let back = HttpRequest::try_from(converted).unwrap();
    assert_eq!(back.method, original.method);
    assert_eq!(back.url, original.url);
    assert_eq!(back.body, original.body);
    assert_eq!(
        back.headers,
        lowercase_names(&original.headers),
        "order kept, names lower-cased"
    );
}

#[test]
fn responses_round_trip_through_the_http_crate() {
    let original = HttpResponse {
        status: 409,
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("x-timestamp".into(), "2024-09-12T12:55:01+07:00".into()),
        ],
        body: br#"{"responseCode":"4094701"}"#.to_vec(),
    };
    let converted = http::Response::try_from(original.clone()).unwrap();
    assert_eq!(converted.status(), http::StatusCode::CONFLICT);
    assert_eq!(HttpResponse::from(converted), original);
}

#[test]
fn response_header_lookup_is_case_insensitive() {
    let response = HttpResponse {
        status: 200,
        headers: vec![("X-Timestamp".into(), "t".into())],
        body: Vec::new(),
    };
    assert_eq!(response.header("x-timestamp"), Some("t"));
    assert_eq!(response.header("X-TIMESTAMP"), Some("t"));
    assert_eq!(response.header("X-SIGNATURE"), None);
    assert_eq!(request().header("authorization"), Some("Bearer tok"));
}

#[test]
fn invalid_values_are_reported_without_their_content() {
    let mut bad = request();
    bad.headers
        .push(("Authorization".into(), "Bearer tok\nsecret".into()));
    let error = http::Request::try_from(bad).unwrap_err();
    assert_eq!(
        error,
        HttpConversionError::InvalidHeaderValue {
            name: "Authorization".into()
        }
    );
    assert!(!error.to_string().contains("secret"));

    let mut bad = request();
    bad.url = "not a url".into();
    assert_eq!(
        http::Request::try_from(bad).unwrap_err(),
        HttpConversionError::InvalidUrl
    );
    let mut bad = request();
    bad.method = "PO ST".into();
    assert_eq!(
        http::Request::try_from(bad).unwrap_err(),
        HttpConversionError::InvalidMethod
    );
    assert_eq!(
        http::Response::try_from(HttpResponse::new(42, "")).unwrap_err(),
        HttpConversionError::InvalidStatus { status: 42 }
    );
}

#[test]
fn non_utf8_response_headers_are_kept_lossily() {
    let response = http::Response::builder()
        .status(200)
        .header("x-odd", http::HeaderValue::from_bytes(b"caf\xe9").unwrap())
        .body(Vec::new())
        .unwrap();
    let plain = HttpResponse::from(response);
    assert_eq!(plain.header("x-odd"), Some("caf\u{fffd}"));
}

#[test]
fn debug_redacts_the_authorization_header() {
    let shown = format!("{:?}", request());
    assert!(shown.contains("Bearer [REDACTED]"));
    assert!(!shown.contains("Bearer tok"));
}
