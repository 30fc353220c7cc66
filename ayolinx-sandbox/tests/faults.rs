//! Every fault, from Rust and from the JSON control API, observed over real HTTP.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use ayolinx_proto::HttpRequest;
use ayolinx_proto::api::common::UrlParam;
use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::callback::{CallbackErrorKind, CallbackVerifier};
use ayolinx_sandbox::{Fault, FaultKind, FaultTarget, Sandbox, SandboxHandle};
use support::{Merchant, Receiver, agent, idr, now, send};

fn operation(name: &str) -> FaultTarget {
    FaultTarget::Operation(name.into())
}

/// Sends a prepared request over a raw socket and returns every byte the server wrote before
/// it closed the connection.
fn raw_exchange(sandbox: &SandboxHandle, request: &HttpRequest) -> Vec<u8> {
    let mut stream = TcpStream::connect(sandbox.local_addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let path = request.url.trim_start_matches(sandbox.base_url());
    let mut head = format!("POST {path} HTTP/1.1\r\nHost: {}\r\n", sandbox.local_addr());
    for (name, value) in &request.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", request.body.len()));
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&request.body).unwrap();
    let mut received = Vec::new();
    stream.read_to_end(&mut received).unwrap();
    received
}

#[test]
fn latency_delays_a_processed_answer() {
    let sandbox = Sandbox::start().unwrap();
    let merchant = Merchant::new(&sandbox);
    sandbox.add_fault(
        Fault::new(
            operation("qris.generate"),
            FaultKind::Latency { millis: 400 },
        )
        .times(1),
    );
    let start = Instant::now();
    merchant.ok(&QrisGenerateRequest::new("ORD-SLOW", idr(1_000)));
    assert!(start.elapsed() >= Duration::from_millis(400));
    assert!(sandbox.faults().is_empty(), "times(1) is used up");
    assert_eq!(sandbox.transactions().len(), 1);
}

#[test]
fn status_answers_instead_of_processing() {
    let sandbox = Sandbox::start().unwrap();
    let merchant = Merchant::new(&sandbox);
    let body = r#"{"responseCode":"5004700","responseMessage":"General Error"}"#;
    sandbox.add_fault(
        Fault::new(
            operation("qris.generate"),
            FaultKind::Status {
                status: 500,
                body: body.into(),
            },
        )
        .times(2),
    );
    for _ in 0..2 {
        let answer = merchant.call(&QrisGenerateRequest::new("ORD-500", idr(1_000)));
        assert_eq!(
            (answer.status, answer.body.as_slice()),
            (500, body.as_bytes())
        );
    }
    assert!(sandbox.transactions().is_empty());
    assert_eq!(sandbox.request_count("qris.generate"), 2);
    merchant.ok(&QrisGenerateRequest::new("ORD-500", idr(1_000)));
}

#[test]
fn drop_connection_processes_then_sends_nothing() {
    let sandbox = Sandbox::start().unwrap();
    let merchant = Merchant::new(&sandbox);
    sandbox.add_fault(Fault::new(
        operation("qris.generate"),
        FaultKind::DropConnection,
    ));
    let request = merchant.prepare(&QrisGenerateRequest::new("ORD-DROP-1", idr(1_000)));
    assert!(
        raw_exchange(&sandbox, &request).is_empty(),
        "no byte of a response"
    );
    let request = merchant.prepare(&QrisGenerateRequest::new("ORD-DROP-2", idr(1_000)));
    assert!(
        send(&merchant.agent, &request).is_err(),
        "the client sees a transport error"
    );
    let references: Vec<_> = sandbox
        .transactions()
        .into_iter()
        .map(|t| t.partner_reference_no)
        .collect();
    assert_eq!(
        references,
        ["ORD-DROP-1", "ORD-DROP-2"],
        "the creates happened"
    );
    sandbox.clear_faults();
    merchant.ok(&QrisQueryRequest::new("ORD-DROP-1"));
}

#[test]
fn truncated_body_announces_the_full_length_and_stops_half_way() {
    let sandbox = Sandbox::start().unwrap();
    let merchant = Merchant::new(&sandbox);
    sandbox.add_fault(Fault::new(operation("qris.generate"), FaultKind::TruncatedBody).times(2));
    let request = merchant.prepare(&QrisGenerateRequest::new("ORD-CUT-1", idr(1_000)));
    let received = String::from_utf8(raw_exchange(&sandbox, &request)).unwrap();
    let (head, body) = received.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase().contains("\r\nx-timestamp: 20"),
        "{head}"
    );
    let announced: usize = head
        .lines()
        .find_map(|line| {
            line.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(str::to_owned)
        })
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(body.len(), announced / 2);
    assert!(body.starts_with(r#"{"responseCode":"2004700""#));
    let request = merchant.prepare(&QrisGenerateRequest::new("ORD-CUT-2", idr(1_000)));
    assert!(send(&merchant.agent, &request).is_err());
    assert_eq!(sandbox.transactions().len(), 2);
}

#[test]
fn not_json_processes_and_answers_200_text() {
    let sandbox = Sandbox::start().unwrap();
    let merchant = Merchant::new(&sandbox);
    sandbox.add_fault(Fault::new(operation("qris.generate"), FaultKind::NotJson).times(1));
    let answer = merchant.call(&QrisGenerateRequest::new("ORD-HTML", idr(1_000)));
    assert_eq!(answer.status, 200);
    assert!(serde_json::from_slice::<serde_json::Value>(&answer.body).is_err());
    assert_eq!(sandbox.transactions().len(), 1);
}

#[test]
fn duplicate_and_badly_signed_callbacks() {
    let (receiver, sandbox, merchant) = Receiver::with_sandbox("/cb");
    let verifier = CallbackVerifier::new(sandbox.ayolinx_public_key().clone());

    sandbox.add_fault(Fault::new(FaultTarget::Callbacks, FaultKind::DuplicateCallback).times(1));
    merchant.ok(&QrisGenerateRequest::new("ORD-TWICE", idr(1_000)));
    sandbox.pay("ORD-TWICE").unwrap();
    let requests = receiver.wait_for(2, Duration::from_secs(10));
    assert_eq!(requests[0].body, requests[1].body);
    for request in &requests {
        assert!(verifier.verify(&request.inbound(), now()).is_ok());
    }
    sandbox
        .wait_for_callbacks(|d| d.len() == 2, Duration::from_secs(5))
        .unwrap();

    sandbox.add_fault(Fault::new(FaultTarget::Callbacks, FaultKind::BadCallbackSignature).times(1));
    merchant.ok(
        &QrisGenerateRequest::new("ORD-FORGED", idr(1_000)).url_param(UrlParam::notification(
            format!("{}/forged", receiver.base_url),
        )),
    );
    sandbox.pay("ORD-FORGED").unwrap();
    let requests = receiver.wait_for(3, Duration::from_secs(10));
    let error = verifier.verify(&requests[2].inbound(), now()).unwrap_err();
    assert!(
        matches!(error.kind(), CallbackErrorKind::BadSignature { .. }),
        "{error}"
    );
    let deliveries = sandbox
        .wait_for_callbacks(|d| d.len() == 3, Duration::from_secs(5))
        .unwrap();
    assert!(deliveries[2].bad_signature);
    assert!(!deliveries[0].bad_signature);
}

#[test]
fn unacknowledged_callbacks_follow_the_scaled_retry_schedule() {
    // 200 with no JSON body is not an acknowledgement.
    let receiver = Receiver::start(|_| (200, String::new()));
    let factor = 0.0005; // 30 ms, 150 ms, 300 ms, 1.8 s
    let sandbox = Sandbox::builder()
        .callback_url(format!("{}/cb", receiver.base_url))
        .time_factor(factor)
        .start()
        .unwrap();
    let merchant = Merchant::new(&sandbox);
    merchant.ok(&QrisGenerateRequest::new("ORD-RETRY", idr(1_000)));
    let start = Instant::now();
    sandbox.pay("ORD-RETRY").unwrap();
    let deliveries = sandbox
        .wait_for_callbacks(|d| d.len() == 5, Duration::from_secs(20))
        .unwrap();
    let scheduled: f64 = ayolinx_sandbox::RETRY_SCHEDULE_SECONDS
        .iter()
        .map(|s| *s as f64 * factor)
        .sum();
    assert!(
        start.elapsed() >= Duration::from_secs_f64(scheduled),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(
        deliveries.iter().map(|d| d.attempt).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    assert!(
        deliveries
            .iter()
            .all(|d| d.http_status == Some(200) && !d.acknowledged)
    );
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(receiver.requests().len(), 5, "no sixth attempt");
}

#[test]
fn faults_from_the_json_control_api() {
    let sandbox = Sandbox::start().unwrap();
    let merchant = Merchant::new(&sandbox);
    let agent = agent();
    let faults_url = format!("{}/sandbox/v1/faults", sandbox.base_url());
    let post = |body: &str| {
        let mut answer = agent.post(&faults_url).send(body.as_bytes()).unwrap();
        (
            answer.status().as_u16(),
            answer.body_mut().read_to_string().unwrap(),
        )
    };
    let (status, _) =
        post(r#"{"target":"qris.query","kind":"status","status":503,"body":"busy","times":1}"#);
    assert_eq!(status, 201);
    let (status, _) =
        post(r#"{"target":"qris.generate","kind":"latency","millis":2000,"times":1}"#);
    assert_eq!(status, 201);
    let (status, _) = post(r#"{"target":"callbacks","kind":"duplicate_callback"}"#);
    assert_eq!(status, 201);
    assert_eq!(sandbox.faults().len(), 3);
    let mut listed = agent.get(&faults_url).call().unwrap();
    let listed: Vec<Fault> =
        serde_json::from_slice(&listed.body_mut().read_to_vec().unwrap()).unwrap();
    assert_eq!(listed, sandbox.faults());
    assert_eq!(
        listed[1],
        Fault::new(
            operation("qris.generate"),
            FaultKind::Latency { millis: 2000 }
        )
        .times(1)
    );

    let answer = merchant.call(&QrisQueryRequest::new("ORD-1"));
    assert_eq!((answer.status, answer.body.as_slice()), (503, &b"busy"[..]));

    for bad in [
        r#"{"target":"qris.refund","kind":"latency","millis":1}"#,
        r#"{"target":"qris.query","kind":"explode"}"#,
        r#"{"target":"qris.query","kind":"duplicate_callback"}"#,
        r#"{"target":"callbacks","kind":"not_json"}"#,
        r#"{"target":"qris.query","kind":"latency"}"#,
        r#"{"target":"qris.query","kind":"status","status":42}"#,
        "not json",
    ] {
        let (status, body) = post(bad);
        assert_eq!(status, 400, "{bad}: {body}");
    }
    let mut cleared = agent.delete(&faults_url).call().unwrap();
    assert_eq!(
        cleared.body_mut().read_to_string().unwrap(),
        r#"{"cleared":2}"#
    );
    assert!(sandbox.faults().is_empty());
    let start = Instant::now();
    merchant.ok(&QrisGenerateRequest::new("ORD-FAST", idr(1_000)));
    assert!(start.elapsed() < Duration::from_millis(2000));
}

#[test]
fn latency_on_callbacks_delays_each_delivery() {
    let (receiver, sandbox, merchant) = Receiver::with_sandbox("/cb");
    sandbox
        .add_fault(Fault::new(FaultTarget::Callbacks, FaultKind::Latency { millis: 300 }).times(1));
    merchant.ok(&QrisGenerateRequest::new("ORD-LATE", idr(1_000)));
    let start = Instant::now();
    sandbox.pay("ORD-LATE").unwrap();
    receiver.wait_for(1, Duration::from_secs(10));
    assert!(start.elapsed() >= Duration::from_millis(300));
    assert!(sandbox.faults().is_empty());
}
