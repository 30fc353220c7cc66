//! [`Call`]: what the [`Driver`](crate::driver::Driver) needs of a request beyond
//! [`Transactional`]: how a create is looked up again after an ambiguous failure.

use crate::api::Transactional;
use crate::api::common::TransactionStatusResponse;
use crate::api::token::AccessToken;
use crate::client::{ApiError, Client, PreparedRequest};
use crate::{ExternalId, HttpResponse, Timestamp};

/// A status query the driver sends to reconcile a create, whatever its type.
pub trait StatusQuery: Send + Sync {
    /// The query's operation name, e.g. `qris.query`.
    fn name(&self) -> &'static str;

    /// The query prepared like any call.
    fn prepare(
        &self,
        core: &Client,
        token: &AccessToken,
        now: &Timestamp,
        external_id: &ExternalId,
    ) -> Result<PreparedRequest, ApiError>;

    /// Its answer read.
    fn parse(&self, response: &HttpResponse) -> Result<TransactionStatusResponse, ApiError>;
}

impl<Q> StatusQuery for Q
where
    Q: Transactional<Response = TransactionStatusResponse> + Send + Sync,
{
    fn name(&self) -> &'static str {
        Q::NAME
    }

    fn prepare(
        &self,
        core: &Client,
        token: &AccessToken,
        now: &Timestamp,
        external_id: &ExternalId,
    ) -> Result<PreparedRequest, ApiError> {
        core.prepare(self, token, now, external_id)
    }

    fn parse(&self, response: &HttpResponse) -> Result<TransactionStatusResponse, ApiError> {
        crate::client::parse_response::<Q>(response)
    }
}

/// A request the driver can run: every operation of the core implements it (see
/// [`operations!`](crate::operations)).
///
/// ```
/// use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
/// use ayolinx_proto::driver::Call;
/// use ayolinx_proto::{Amount, Money};
///
/// let create = QrisGenerateRequest::new("ORD-1", Money::idr(Amount::from_rupiah(15_000)?));
/// assert_eq!(create.status_query().map(|q| q.name()), Some("qris.query"));
/// assert!(QrisQueryRequest::new("ORD-1").status_query().is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Call: Transactional + Sync {
    /// The query that finds this create's transaction by its `partnerReferenceNo`; `None` for
    /// calls that have none (queries, cancels, payment links).
    fn status_query(&self) -> Option<Box<dyn StatusQuery>> {
        None
    }
}
