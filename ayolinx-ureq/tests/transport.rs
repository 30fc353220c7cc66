//! The transport over real loopback HTTP: redirects are not followed, HTTP errors reach the
//! core's parser, answers have a size limit, and a cut body is a transport failure.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use ayolinx_proto::ApiError;
use ayolinx_ureq::{Error, TransportFailure};
use common::{
    ManualClock, QRIS_QUERY, Reply, START, Server, TOKEN_PATH, builder, query_ord_1, token_answer,
};

fn answering(reply: fn() -> Reply) -> Server {
    Server::start(move |request| match request.path.as_str() {
        TOKEN_PATH => token_answer("tok", 900),
        _ => reply(),
    })
}

fn query(
    server: &Server,
    configure: fn(ayolinx_ureq::ClientBuilder) -> ayolinx_ureq::ClientBuilder,
) -> Error {
    let clock = ManualClock::at(START);
    let client = configure(builder(server, &clock)).build().unwrap();
    query_ord_1(&client).unwrap_err()
}

#[test]
fn a_redirect_is_not_followed_but_handed_to_the_parser() {
    let server = answering(|| {
        Reply::Raw(
            b"HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
        )
    });
    let error = query(&server, |b| b);
    assert!(
        matches!(
            error,
            Error::Api(ApiError::EmptyBody {
                http_status: 302,
                ..
            })
        ),
        "{error:?}"
    );
    assert_eq!(
        server.count("/elsewhere"),
        0,
        "the redirect was not followed"
    );
    // The core counts an unreadable 3xx as ambiguous: a query is retried.
    assert_eq!(server.count(QRIS_QUERY), 3);
}

#[test]
fn an_html_502_reaches_the_parser_as_not_json_and_is_retried() {
    let server = answering(|| {
        Reply::Raw(
            b"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 20\r\nConnection: close\r\n\r\n<html>bad gate</html".to_vec(),
        )
    });
    let error = query(&server, |b| b);
    assert!(
        matches!(
            error,
            Error::Api(ApiError::NotJson {
                http_status: 502,
                ..
            })
        ),
        "{error:?}"
    );
    assert_eq!(server.count(QRIS_QUERY), 3);
}

#[test]
fn an_answer_over_the_size_limit_is_a_transport_failure() {
    let server = answering(|| {
        let body = format!(
            r#"{{"responseCode":"2005100","responseMessage":"{}"}}"#,
            "x".repeat(4096)
        );
        Reply::Json(200, body)
    });
    let error = query(&server, |b| b.max_response_bytes(1024));
    assert_eq!(
        error.transport_failure(),
        Some(TransportFailure::Interrupted),
        "{error:?}"
    );
}

#[test]
fn a_body_cut_short_is_a_transport_failure_after_retries() {
    let server = answering(|| {
        Reply::Raw(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 60\r\nConnection: close\r\n\r\n{\"responseCode\":\"2005100\",".to_vec(),
        )
    });
    let error = query(&server, |b| b);
    assert_eq!(
        error.transport_failure(),
        Some(TransportFailure::Interrupted),
        "{error:?}"
    );
    assert_eq!(server.count(QRIS_QUERY), 3);
}
