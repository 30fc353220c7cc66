//! Both clients trace a call and each of its attempts (operation, attempt, HTTP status,
//! decision, delay, outcome, response code) and never a secret, a token or a body.

use std::io::Write;
use std::sync::{Arc, Mutex};

use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
use ayolinx_sandbox::{Fault, FaultKind, FaultTarget, Sandbox};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::common::idr;
use crate::subject::{Setup, Subject};

/// Everything the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn calls_and_attempts_are_traced_without_a_secret_token_or_body() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    for kind in 0..2 {
        let sandbox = Sandbox::builder().start().unwrap();
        let client = Subject::both(&sandbox, Setup::default())[kind].clone();
        let qr = client
            .send(&QrisGenerateRequest::new("TRACE-1", idr(15_000)))
            .await
            .unwrap();
        let token = client.access_token().await.unwrap();
        // One refused token (a refresh) and one server error (a retry with a delay).
        for (status, body) in [
            (
                401,
                r#"{"responseCode":"4015101","responseMessage":"Invalid Token (B2B)"}"#,
            ),
            (
                500,
                r#"{"responseCode":"5005100","responseMessage":"General Error"}"#,
            ),
        ] {
            sandbox.add_fault(
                Fault::new(
                    FaultTarget::Operation("qris.query".into()),
                    FaultKind::Status {
                        status,
                        body: body.into(),
                    },
                )
                .times(1),
            );
        }
        client
            .send(&QrisQueryRequest::new("TRACE-1"))
            .await
            .unwrap();
        let new_token = client.access_token().await.unwrap();

        let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        let name = client.name();
        for expected in [
            "ayolinx.call",
            "ayolinx.attempt",
            "operation=\"qris.generate\"",
            "operation=\"qris.query\"",
            "attempt=2",
            "http_status=401",
            "http_status=500",
            "decision=\"refresh_token\"",
            "decision=\"retry\"",
            "delay_ms=",
            "outcome=\"ok\"",
        ] {
            assert!(text.contains(expected), "{name}: no {expected} in\n{text}");
        }
        for secret in [
            token.secret().expose_secret(),
            new_token.secret().expose_secret(),
            sandbox.client_secret().expose_secret(),
            "PRIVATE KEY",
            qr.qr_content.as_str(),
            "partnerReferenceNo",
            "TRACE-1",
            "15000.00",
        ] {
            assert!(!text.contains(secret), "{name}: {secret:?} was traced");
        }
    }
}
