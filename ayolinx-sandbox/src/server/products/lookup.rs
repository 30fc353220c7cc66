//! The operations on an existing transaction: the status queries and QRIS cancel.

use ayolinx_proto::api::common::TransactionStatusResponse;
use ayolinx_proto::api::qris::{QrisCancelRequest, QrisCancelResponse};
use ayolinx_proto::channel::Product;
use ayolinx_proto::code::SnapCase;
use ayolinx_proto::{Channel, Timestamp};
use serde_json::json;

use super::checks::{check_channel, check_reference};
use crate::clock;
use crate::model::{Transaction, TransactionState};
use crate::server::operation::Op;
use crate::server::reply::{Refusal, Reply, success};
use crate::state::Shared;

/// The create operation whose transactions a query finds, and its product.
fn created_by(query: Op) -> (Op, Product) {
    match query {
        Op::QrisQuery | Op::QrisCancel => (Op::QrisGenerate, Product::Qris),
        Op::EwalletStatus => (Op::EwalletPay, Product::Ewallet),
        Op::VaInquiry => (Op::VaCreate, Product::VirtualAccount),
        _ => (Op::RetailCreate, Product::Retail),
    }
}

/// The transaction a query or cancel refers to, or 404 case 01.
fn find(
    shared: &Shared,
    op: Op,
    reference: &str,
    channel: &Channel,
    now: Timestamp,
) -> Result<Transaction, Refusal> {
    let (create_op, product) = created_by(op);
    check_channel(channel, product)?;
    check_reference("originalPartnerReferenceNo", reference)?;
    shared
        .lock()
        .record(reference, &now)
        .map(|record| record.transaction.clone())
        .filter(|transaction| transaction.operation == create_op.name())
        .ok_or_else(|| {
            Refusal::new(
                SnapCase::TransactionNotFound,
                format!(
                    "no {} transaction with partnerReferenceNo {reference:?}",
                    create_op.name()
                ),
            )
        })
}

pub(super) fn query(
    shared: &Shared,
    op: Op,
    reference: &str,
    channel: &Channel,
    now: Timestamp,
) -> Result<Reply, Refusal> {
    let transaction = find(shared, op, reference, channel, now)?;
    let status = transaction.status;
    let mut fields = json!({
        "originalReferenceNo": transaction.reference_no,
        "originalPartnerReferenceNo": transaction.partner_reference_no,
        "latestTransactionStatus": status.latest_transaction_status().code(),
        "transactionStatusDesc": status.status_desc(),
        "amount": transaction.amount,
        "additionalInfo": {"channel": transaction.channel},
    });
    if let (Some(finished), Some(object)) = (&transaction.finished_at, fields.as_object_mut()) {
        object.insert("finishedTime".into(), finished.as_str().into());
    }
    success::<TransactionStatusResponse>(op, fields)
}

pub(super) fn qris_cancel(
    shared: &Shared,
    request: QrisCancelRequest,
    now: Timestamp,
) -> Result<Reply, Refusal> {
    let reference = &request.original_partner_reference_no;
    find(
        shared,
        Op::QrisCancel,
        reference,
        &request.additional_info.channel,
        now,
    )?;
    let transaction = {
        let mut inner = shared.lock();
        let record = inner.record(reference, &now).ok_or_else(|| {
            Refusal::new(
                SnapCase::TransactionNotFound,
                format!("no transaction {reference:?}"),
            )
        })?;
        match record.transaction.status {
            TransactionState::Created => {
                record.transaction.status = TransactionState::Cancelled;
                record.transaction.finished_at = Some(now.to_string());
            }
            TransactionState::Cancelled => {
                return Err(Refusal::new(
                    SnapCase::TransactionCancelled,
                    "the QRIS is already cancelled",
                ));
            }
            other => {
                return Err(Refusal::new(
                    SnapCase::InvalidTransactionStatus,
                    format!("only an unpaid QRIS can be cancelled; this one is {other}"),
                ));
            }
        }
        record.transaction.clone()
    };
    success::<QrisCancelResponse>(
        Op::QrisCancel,
        json!({
            "originalReferenceNo": transaction.reference_no,
            "originalPartnerReferenceNo": transaction.partner_reference_no,
            "additionalInfo": {"traceId": clock::random_digits(20)?},
        }),
    )
}
