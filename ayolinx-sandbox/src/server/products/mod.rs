//! The business side of each operation: create, query, cancel, with the SNAP refusals Ayolinx
//! gives (duplicate reference 409 case 01, unknown reference 404 case 01, bad amount or channel
//! 400 case 01/02).

mod checks;
mod create;
mod lookup;

use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;
use ayolinx_proto::api::ewallet::EwalletStatusRequest;
use ayolinx_proto::api::qris::QrisQueryRequest;
use ayolinx_proto::api::retail::RetailQueryRequest;
use ayolinx_proto::api::va::VaInquiryRequest;
use ayolinx_proto::code::SnapCase;
use ayolinx_proto::{Channel, Timestamp};
use serde::de::DeserializeOwned;

use super::faulty;
use super::operation::Op;
use super::reply::{Refusal, Reply};
use super::verify;
use crate::clock;
use crate::fault::FaultKind;
use crate::state::Shared;
use create::{ewallet_pay, payment_link_create, qris_generate, retail_create, va_create};
use lookup::{qris_cancel, query};

/// Serves one SNAP request: counts it, applies its fault, verifies it, acts on it.
pub(crate) async fn handle(
    shared: Arc<Shared>,
    op: Op,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fault = {
        let mut inner = shared.lock();
        inner.count(op.name());
        inner.faults.for_operation(op.name())
    };
    if let Some(FaultKind::Status { status, body }) = fault {
        return faulty::status(status, body);
    }
    let reply =
        process(&shared, op, &headers, &body).unwrap_or_else(|refusal| refusal.into_reply(op));
    let mut response = faulty::apply(fault, reply).await;
    // SNAP answers carry the server's X-TIMESTAMP.
    if let Some(now) = clock::now()
        .ok()
        .and_then(|now| HeaderValue::from_str(&now.to_string()).ok())
    {
        response.headers_mut().insert("X-TIMESTAMP", now);
    }
    response
}

fn process(shared: &Shared, op: Op, headers: &HeaderMap, body: &[u8]) -> Result<Reply, Refusal> {
    let now = clock::now()?;
    if op != Op::Token {
        verify::check_request(shared, op, headers, body, now)?;
    }
    match op {
        Op::Token => verify::issue_token(shared, headers, body, now),
        Op::QrisGenerate => qris_generate(shared, parse(body)?, now),
        Op::QrisCancel => qris_cancel(shared, parse(body)?, now),
        Op::EwalletPay => ewallet_pay(shared, parse(body)?, now),
        Op::VaCreate => va_create(shared, parse(body)?, now),
        Op::RetailCreate => retail_create(shared, parse(body)?, now),
        Op::PaymentLinkCreate => payment_link_create(shared, parse(body)?, now),
        Op::QrisQuery => query_as::<QrisQueryRequest>(shared, op, body, now),
        Op::EwalletStatus => query_as::<EwalletStatusRequest>(shared, op, body, now),
        Op::VaInquiry => query_as::<VaInquiryRequest>(shared, op, body, now),
        Op::RetailQuery => query_as::<RetailQueryRequest>(shared, op, body, now),
    }
}

/// A status query request: the merchant's reference it asks about and its channel.
trait StatusQuery: DeserializeOwned {
    fn keys(&self) -> (&str, &Channel);
}

/// The four status queries name their keys alike.
macro_rules! status_query {
    ($($request:ty),+) => {$(
        impl StatusQuery for $request {
            fn keys(&self) -> (&str, &Channel) {
                (&self.original_partner_reference_no, &self.additional_info.channel)
            }
        }
    )+};
}
status_query!(
    QrisQueryRequest,
    EwalletStatusRequest,
    VaInquiryRequest,
    RetailQueryRequest
);

/// A status query: parses the body as `R` and looks its reference up.
fn query_as<R: StatusQuery>(
    shared: &Shared,
    op: Op,
    body: &[u8],
    now: Timestamp,
) -> Result<Reply, Refusal> {
    let request: R = parse(body)?;
    let (reference, channel) = request.keys();
    query(shared, op, reference, channel, now)
}

/// The body as the core's request type; a missing field is 400 case 02, a wrong one case 01,
/// a body that is not JSON case 00.
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Refusal> {
    serde_json::from_slice(body).map_err(|error| {
        let case = match error.classify() {
            serde_json::error::Category::Data if error.to_string().starts_with("missing field") => {
                SnapCase::InvalidMandatoryField
            }
            serde_json::error::Category::Data => SnapCase::InvalidFieldFormat,
            _ => SnapCase::BadRequest,
        };
        Refusal::new(case, error.to_string())
    })
}
