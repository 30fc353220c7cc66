//! Each sandbox fault yields the documented outcome in each client; a create whose answer is
//! lost is sent once, leaves exactly one transaction and returns it; a name that never resolves
//! is "not sent".

use ayolinx_proto::ApiError;
use ayolinx_proto::api::payment_link::{LinkItem, PaymentLinkCreateRequest};
use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::driver::{Error, TransportFailure};
use ayolinx_proto::{Amount, TransactionStatus};
use ayolinx_sandbox::{Fault, FaultKind, FaultTarget, Sandbox, SandboxHandle};

use crate::common::idr;
use crate::subject::{Setup, Subject};

fn fault(sandbox: &SandboxHandle, operation: &str, kind: FaultKind, times: Option<u32>) {
    let fault = Fault::new(FaultTarget::Operation(operation.into()), kind);
    sandbox.add_fault(match times {
        Some(n) => fault.times(n),
        None => fault,
    });
}

fn past_timeout() -> FaultKind {
    FaultKind::Latency { millis: 2_500 }
}

fn server_error() -> FaultKind {
    FaultKind::Status {
        status: 500,
        body: r#"{"responseCode":"5000000","responseMessage":"General Error"}"#.into(),
    }
}

/// A fresh sandbox and a client of it of each kind in turn.
fn each_kind() -> impl Iterator<Item = (SandboxHandle, Subject)> {
    (0..2).map(|kind| {
        let sandbox = Sandbox::builder().start().unwrap();
        let client = Subject::both(&sandbox, Setup::default())[kind].clone();
        (sandbox, client)
    })
}

/// A sandbox with one unpaid QRIS transaction `ORDER`, and a client of it of each kind.
async fn with_order() -> Vec<(SandboxHandle, Subject)> {
    let mut both = Vec::new();
    for (sandbox, client) in each_kind() {
        client
            .send(&QrisGenerateRequest::new("ORDER", idr(5_000)))
            .await
            .unwrap();
        both.push((sandbox, client));
    }
    both
}

async fn query(client: &Subject) -> Result<ayolinx_proto::api::qris::QrisQueryResponse, Error> {
    client.send(&QrisQueryRequest::new("ORDER")).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_query_survives_one_of_each_fault_by_retrying() {
    for kind in [
        past_timeout(),
        server_error(),
        FaultKind::DropConnection,
        FaultKind::TruncatedBody,
        FaultKind::NotJson,
    ] {
        for (sandbox, client) in with_order().await {
            fault(&sandbox, "qris.query", kind.clone(), Some(1));
            let answer = query(&client)
                .await
                .unwrap_or_else(|e| panic!("{} {kind:?}: {e}", client.name()));
            assert_eq!(
                answer.latest_transaction_status,
                Some(TransactionStatus::Initiated)
            );
            assert_eq!(sandbox.request_count("qris.query"), 2, "{kind:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_query_that_always_fails_ends_with_the_documented_error() {
    for (sandbox, client) in with_order().await {
        // The query's error with `kind` as the only fault.
        let failing_with = async |kind: FaultKind| {
            sandbox.clear_faults();
            fault(&sandbox, "qris.query", kind, None);
            query(&client).await.unwrap_err()
        };

        let error = failing_with(past_timeout()).await;
        assert_eq!(
            error.transport_failure(),
            Some(TransportFailure::TimedOut),
            "{error:?}"
        );
        assert!(error.is_timeout() && error.is_retryable());

        let error = failing_with(server_error()).await;
        let api = error.api_error().unwrap();
        assert_eq!(
            (
                api.http_status(),
                api.response_code().map(|c| c.as_str().to_owned())
            ),
            (Some(500), Some("5000000".to_owned()))
        );

        for kind in [FaultKind::DropConnection, FaultKind::TruncatedBody] {
            let error = failing_with(kind).await;
            assert_eq!(
                error.transport_failure(),
                Some(TransportFailure::Interrupted),
                "{error:?}"
            );
        }

        let error = failing_with(FaultKind::NotJson).await;
        assert!(
            matches!(
                error,
                Error::Api(ApiError::NotJson {
                    http_status: 200,
                    ..
                })
            ),
            "{error:?}"
        );
        assert_eq!(
            sandbox.request_count("qris.query"),
            15,
            "three attempts each"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_whose_answer_is_lost_leaves_one_transaction_and_returns_it() {
    for kind in [
        FaultKind::DropConnection,
        past_timeout(),
        FaultKind::TruncatedBody,
    ] {
        for (sandbox, client) in each_kind() {
            fault(&sandbox, "qris.generate", kind.clone(), Some(1));
            let error = client
                .send(&QrisGenerateRequest::new("LOST-1", idr(15_000)))
                .await
                .unwrap_err();
            let Error::Existing {
                partner_reference_no,
                status,
                ..
            } = &error
            else {
                panic!("{kind:?}: expected the existing transaction, got {error:?}")
            };
            assert_eq!(partner_reference_no, "LOST-1");
            assert_eq!(
                status.latest_transaction_status,
                Some(TransactionStatus::Initiated)
            );
            assert_eq!(status.amount, Some(idr(15_000)));
            let transactions = sandbox.transactions();
            assert_eq!(transactions.len(), 1, "{kind:?}");
            assert_eq!(transactions[0].partner_reference_no, "LOST-1");
            assert_eq!(
                sandbox.request_count("qris.generate"),
                1,
                "{kind:?}: never re-sent"
            );
            assert_eq!(sandbox.request_count("qris.query"), 1, "found by its query");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_refused_before_processing_is_sent_again_once_the_query_proves_it_absent() {
    for (sandbox, client) in each_kind() {
        fault(&sandbox, "qris.generate", server_error(), Some(1));
        let qr = client
            .send(&QrisGenerateRequest::new("RETRY-1", idr(15_000)))
            .await
            .unwrap();
        assert!(!qr.qr_content.is_empty());
        assert_eq!(sandbox.transactions().len(), 1);
        assert_eq!(sandbox.request_count("qris.generate"), 2);
        assert_eq!(sandbox.request_count("qris.query"), 1);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_whose_outcome_cannot_be_established_is_reported_unknown() {
    for (sandbox, client) in each_kind() {
        fault(
            &sandbox,
            "qris.generate",
            FaultKind::DropConnection,
            Some(1),
        );
        fault(&sandbox, "qris.query", server_error(), None);
        let error = client
            .send(&QrisGenerateRequest::new("UNKNOWN-1", idr(15_000)))
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::OutcomeUnknown { partner_reference_no, query_error: Some(_), .. } if partner_reference_no == "UNKNOWN-1"),
            "{error:?}"
        );
        assert_eq!(sandbox.transactions().len(), 1);
        assert_eq!(sandbox.request_count("qris.generate"), 1);

        // A payment link cannot be queried: a lost answer is unknown at once.
        fault(
            &sandbox,
            "payment_link.create",
            FaultKind::DropConnection,
            Some(1),
        );
        let link = PaymentLinkCreateRequest::new("LINK-1").item(LinkItem::new(
            "Mug",
            Amount::from_rupiah(40_000).unwrap(),
            1,
        ));
        let error = client.send(&link).await.unwrap_err();
        assert!(
            matches!(
                error,
                Error::OutcomeUnknown {
                    query_error: None,
                    ..
                }
            ),
            "{error:?}"
        );
        assert_eq!(sandbox.request_count("payment_link.create"), 1);
        assert_eq!(sandbox.transactions().len(), 2);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_name_that_never_resolves_is_not_sent_and_fails_fast() {
    let sandbox = Sandbox::builder().start().unwrap();
    // `.invalid` never resolves (RFC 6761); the lookup fails on this machine, offline too.
    for client in Subject::both_at(
        &sandbox,
        "https://ayolinx-sdk-test.invalid",
        Setup::default(),
    ) {
        let started = std::time::Instant::now();
        let error = client
            .send(&QrisGenerateRequest::new("DNS-1", idr(15_000)))
            .await
            .unwrap_err();
        assert_eq!(
            error.transport_failure(),
            Some(TransportFailure::NotSent),
            "{}: {error:?}",
            client.name()
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }
}
