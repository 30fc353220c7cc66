//! [`Call`]: what [`Client::send`] needs of a request beyond the core's
//! [`Transactional`]: how to reconcile it when it creates a transaction.

use ayolinx_proto::api::common::TransactionStatusResponse;
use ayolinx_proto::api::ewallet::{EwalletPaymentRequest, EwalletStatusRequest};
use ayolinx_proto::api::payment_link::PaymentLinkCreateRequest;
use ayolinx_proto::api::qris::{QrisCancelRequest, QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::api::retail::{RetailCreateRequest, RetailQueryRequest};
use ayolinx_proto::api::va::{VaCreateRequest, VaInquiryRequest};
use ayolinx_proto::api::{Reconcilable, Transactional};
use ayolinx_proto::retry::{Reconciliation, reconcile};

use crate::{Client, Error};

/// A request [`Client::send`] can send: every operation of the core implements it.
///
/// The default [`reconcile`](Call::reconcile) says the call cannot be looked up (right for
/// queries, cancels and payment links); queryable creates look themselves up by their
/// `partnerReferenceNo`.
pub trait Call: Transactional {
    /// After an ambiguous failure of this create: query its transaction and let the core's
    /// [`reconcile`] say what the answer means. `None` when the call has no query; `Err`
    /// when the query itself got no answer.
    fn reconcile(
        &self,
        _client: &Client,
    ) -> Option<Result<Reconciliation<TransactionStatusResponse>, Error>> {
        None
    }
}

/// Reconciles a create by its status query.
fn by_query<O>(
    create: &O,
    client: &Client,
) -> Option<Result<Reconciliation<TransactionStatusResponse>, Error>>
where
    O: Reconcilable<Query: Call + Transactional<Response = TransactionStatusResponse>>,
{
    let reference = create.partner_reference_no().unwrap_or_default();
    Some(match client.send(&create.reconcile_query()) {
        Ok(status) => Ok(reconcile(reference, Ok(status))),
        Err(Error::Api(error)) => Ok(reconcile(reference, Err(error))),
        Err(other) => Err(other),
    })
}

macro_rules! calls {
    (creates: $($create:ty),* ; others: $($other:ty),* $(,)?) => {
        $(impl Call for $create {
            fn reconcile(
                &self,
                client: &Client,
            ) -> Option<Result<Reconciliation<TransactionStatusResponse>, Error>> {
                by_query(self, client)
            }
        })*
        $(impl Call for $other {})*
    };
}

calls!(
    creates: QrisGenerateRequest, EwalletPaymentRequest, VaCreateRequest, RetailCreateRequest;
    others: QrisQueryRequest, QrisCancelRequest, EwalletStatusRequest, VaInquiryRequest,
        RetailQueryRequest, PaymentLinkCreateRequest,
);
