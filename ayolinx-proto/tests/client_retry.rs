//! The pure retry, token and reconciliation decisions, as a table.

#![allow(clippy::unwrap_used, clippy::panic)]

use ayolinx_proto::api::common::TransactionStatusResponse;
use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::api::{Operation, OperationKind};
use ayolinx_proto::client::parse_response;
use ayolinx_proto::retry::{Decision, Outcome, Reconciliation, RetryPolicy, reconcile};
use ayolinx_proto::{HttpResponse, ResponseCode};

const CREATE: OperationKind = OperationKind::Create { queryable: true };
const LINK: OperationKind = OperationKind::Create { queryable: false };
const QUERY: OperationKind = OperationKind::Query;
const CANCEL: OperationKind = OperationKind::Cancel;
const TOKEN: OperationKind = OperationKind::Token;

fn answered(status: u16, code: Option<&str>) -> Outcome {
    Outcome::Answered {
        http_status: status,
        code: code.map(|c| ResponseCode::parse(c).unwrap()),
    }
}

const fn retry(after_ms: u64) -> Decision {
    Decision::Retry { after_ms }
}

const GIVE_UP: Decision = Decision::GiveUp {
    outcome_unknown: false,
};
const UNKNOWN: Decision = Decision::GiveUp {
    outcome_unknown: true,
};

#[test]
fn decision_table() {
    let policy = RetryPolicy::new(3, 500, 8_000);
    let cases: Vec<(OperationKind, Outcome, u32, Decision)> = vec![
        // Never sent: any call may be re-sent.
        (CREATE, Outcome::NotSent, 1, retry(250)),
        (CREATE, Outcome::NotSent, 2, retry(500)),
        (CREATE, Outcome::NotSent, 3, GIVE_UP),
        (QUERY, Outcome::NotSent, 1, retry(250)),
        // No answer: creates are reconciled, never re-sent blindly.
        (CREATE, Outcome::NoAnswer, 1, Decision::ReconcileByQuery),
        (CREATE, Outcome::NoAnswer, 3, Decision::ReconcileByQuery),
        (LINK, Outcome::NoAnswer, 1, UNKNOWN),
        (QUERY, Outcome::NoAnswer, 1, retry(250)),
        (QUERY, Outcome::NoAnswer, 3, GIVE_UP),
        (CANCEL, Outcome::NoAnswer, 2, retry(500)),
        (CANCEL, Outcome::NoAnswer, 3, UNKNOWN),
        (TOKEN, Outcome::NoAnswer, 1, retry(250)),
        // 5xx, 504xx00, 202xx00, HTML 502.
        (
            CREATE,
            answered(504, Some("5044700")),
            1,
            Decision::ReconcileByQuery,
        ),
        (
            CREATE,
            answered(500, Some("5004701")),
            1,
            Decision::ReconcileByQuery,
        ),
        (
            CREATE,
            answered(202, Some("2024700")),
            1,
            Decision::ReconcileByQuery,
        ),
        (CREATE, answered(502, None), 1, Decision::ReconcileByQuery),
        (
            CREATE,
            answered(200, Some("5004700")),
            1,
            Decision::ReconcileByQuery,
        ),
        (LINK, answered(502, None), 1, UNKNOWN),
        (QUERY, answered(502, None), 1, retry(250)),
        (QUERY, answered(202, Some("2025100")), 2, retry(500)),
        (QUERY, answered(504, Some("5045100")), 3, GIVE_UP),
        // An unreadable 2xx.
        (CREATE, answered(200, None), 1, Decision::ReconcileByQuery),
        // Tokens.
        (
            CREATE,
            answered(401, Some("4014701")),
            1,
            Decision::RefreshTokenThenRetry,
        ),
        (
            QUERY,
            answered(401, Some("4015103")),
            1,
            Decision::RefreshTokenThenRetry,
        ),
        (
            CREATE,
            answered(401, Some("4014700")),
            1,
            Decision::RefreshTokenThenRetry,
        ),
        (
            CREATE,
            answered(401, None),
            2,
            Decision::RefreshTokenThenRetry,
        ),
        (CREATE, answered(401, Some("4014701")), 3, GIVE_UP),
        (TOKEN, answered(401, Some("4017300")), 1, GIVE_UP),
        (TOKEN, answered(401, None), 1, GIVE_UP),
        // Rate limits: rejected before processing.
        (CREATE, answered(429, Some("4294700")), 1, retry(250)),
        (CREATE, answered(429, None), 2, retry(500)),
        (QUERY, answered(408, None), 1, retry(250)),
        // Duplicates: an earlier attempt got through.
        (
            CREATE,
            answered(409, Some("4094701")),
            1,
            Decision::ReconcileByQuery,
        ),
        (
            CREATE,
            answered(409, Some("4094700")),
            1,
            Decision::ReconcileByQuery,
        ),
        (LINK, answered(409, Some("4090101")), 1, UNKNOWN),
        (QUERY, answered(409, Some("4095100")), 1, GIVE_UP),
        // Final business errors and success.
        (CREATE, answered(400, Some("4004702")), 1, GIVE_UP),
        (QUERY, answered(404, Some("4045101")), 1, GIVE_UP),
        (CREATE, answered(403, Some("4034714")), 1, GIVE_UP),
        (CREATE, answered(400, None), 1, GIVE_UP),
        (CREATE, answered(200, Some("2004700")), 1, GIVE_UP),
        (CREATE, answered(200, Some("00")), 1, GIVE_UP),
    ];
    for (kind, outcome, attempt, expected) in cases {
        assert_eq!(
            policy.decide(kind, &outcome, attempt, 0),
            expected,
            "{kind:?} {outcome:?} attempt {attempt}"
        );
    }
}

#[test]
fn creating_calls_never_get_a_blind_retry_after_an_ambiguous_failure() {
    let policy = RetryPolicy::new(10, 100, 1_000);
    let ambiguous = [
        Outcome::NoAnswer,
        answered(500, None),
        answered(502, None),
        answered(503, Some("5034700")),
        answered(504, Some("5044700")),
        answered(202, Some("2024700")),
        answered(200, None),
    ];
    for kind in [
        QrisGenerateRequest::KIND,
        ayolinx_proto::api::ewallet::EwalletPaymentRequest::KIND,
        ayolinx_proto::api::va::VaCreateRequest::KIND,
        ayolinx_proto::api::retail::RetailCreateRequest::KIND,
        ayolinx_proto::api::payment_link::PaymentLinkCreateRequest::KIND,
    ] {
        for outcome in &ambiguous {
            for attempt in 1..=10 {
                for random in [0, 1, u64::MAX] {
                    let decision = policy.decide(kind, outcome, attempt, random);
                    assert!(
                        !matches!(decision, Decision::Retry { .. }),
                        "{kind:?} {outcome:?} attempt {attempt}: {decision:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn backoff_grows_is_capped_and_takes_its_jitter_as_an_argument() {
    let policy = RetryPolicy::new(10, 500, 4_000);
    assert_eq!(policy.delay_ms(1, 0), 250);
    assert_eq!(policy.delay_ms(1, 250), 500);
    assert_eq!(policy.delay_ms(1, 251), 250);
    assert_eq!(policy.delay_ms(2, 0), 500);
    assert_eq!(policy.delay_ms(3, 0), 1_000);
    assert_eq!(policy.delay_ms(4, 0), 2_000);
    assert_eq!(policy.delay_ms(5, 0), 2_000);
    assert_eq!(
        policy.delay_ms(u32::MAX, u64::MAX),
        2_000 + u64::MAX % 2_001
    );
    assert!(policy.delay_ms(u32::MAX, u64::MAX) <= 4_000);
    assert_eq!(RetryPolicy::new(0, 1, 1).max_attempts, 1);
}

fn query_answer(
    status: u16,
    body: &str,
) -> Result<TransactionStatusResponse, ayolinx_proto::ApiError> {
    parse_response::<QrisQueryRequest>(&HttpResponse::new(status, body))
}

#[test]
fn reconciliation_after_the_query() {
    let found = query_answer(
        200,
        r#"{"responseCode":"2005100","latestTransactionStatus":"01","originalPartnerReferenceNo":"ORD-1"}"#,
    );
    match reconcile("ORD-1", found) {
        Reconciliation::Found(answer) => {
            assert_eq!(
                answer.original_partner_reference_no.as_deref(),
                Some("ORD-1")
            );
        }
        other => panic!("{other:?}"),
    }
    let status_07 = query_answer(
        200,
        r#"{"responseCode":"2005100","latestTransactionStatus":"07"}"#,
    );
    assert!(matches!(
        reconcile("ORD-1", status_07),
        Reconciliation::ResendWithNewExternalId
    ));
    let not_found = query_answer(
        404,
        r#"{"responseCode":"4045101","responseMessage":"Transaction Not Found"}"#,
    );
    assert!(matches!(
        reconcile("ORD-1", not_found),
        Reconciliation::ResendWithNewExternalId
    ));
    let gateway = query_answer(502, "<html>Bad Gateway</html>");
    match reconcile("ORD-1", gateway) {
        Reconciliation::Unknown(unknown) => {
            assert_eq!(unknown.partner_reference_no, "ORD-1");
            let message = unknown.to_string();
            assert!(
                message.contains("ORD-1") && message.contains("unknown"),
                "{message}"
            );
            assert!(std::error::Error::source(&unknown).is_some());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn each_create_knows_its_reconciliation_query() {
    use ayolinx_proto::api::Reconcilable;
    use ayolinx_proto::{Amount, Channel, Money};
    let money = Money::idr(Amount::from_rupiah(1).unwrap());
    let qris = QrisGenerateRequest::new("A", money.clone()).reconcile_query();
    assert_eq!(
        serde_json::to_string(&qris).unwrap(),
        r#"{"originalPartnerReferenceNo":"A","additionalInfo":{"channel":"BNC_QRIS"}}"#
    );
    let va = ayolinx_proto::api::va::VaCreateRequest::new(
        "1",
        "2",
        "n",
        "TRX",
        money,
        Channel::VirtualAccountCimb,
    )
    .reconcile_query();
    assert_eq!(va.original_partner_reference_no, "TRX");
    assert_eq!(va.additional_info.channel, Channel::VirtualAccountCimb);
}
