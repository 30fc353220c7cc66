//! Operation names (`"qris.generate"`, …) to the core's typed operations.

use ayolinx_proto::api::Transactional;
use ayolinx_proto::api::ewallet::{EwalletPaymentRequest, EwalletStatusRequest};
use ayolinx_proto::api::payment_link::PaymentLinkCreateRequest;
use ayolinx_proto::api::qris::{QrisCancelRequest, QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::api::retail::{RetailCreateRequest, RetailQueryRequest};
use ayolinx_proto::api::token::AccessTokenRequest;
use ayolinx_proto::api::va::{VaCreateRequest, VaInquiryRequest};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::failure::Failure;

/// What the bindings need of an operation: the core's [`Transactional`] plus reading its request
/// from JSON and writing its answer back.
pub(crate) trait JsOperation: Transactional<Response: Serialize> + DeserializeOwned {}

impl<O: Transactional<Response: Serialize> + DeserializeOwned> JsOperation for O {}

/// Something done with one operation type, chosen by name at run time.
pub(crate) trait WithOperation {
    type Output;

    fn run<O: JsOperation>(self) -> Self::Output;
}

/// Runs `task` with the operation named `name`.
pub(crate) fn with_operation<T: WithOperation>(name: &str, task: T) -> Result<T::Output, Failure> {
    macro_rules! by_name {
        ($($operation:ty),* $(,)?) => {
            match name {
                $(<$operation as ayolinx_proto::Operation>::NAME => Ok(task.run::<$operation>()),)*
                _ => {
                    let names = [AccessTokenRequest::NAME, $(<$operation as ayolinx_proto::Operation>::NAME),*];
                    Err(Failure::new(
                        "unknown_operation",
                        format!("unknown operation {name:?}; expected one of {}", names.join(", ")),
                    ))
                }
            }
        };
    }
    use ayolinx_proto::Operation as _;
    by_name!(
        QrisGenerateRequest,
        QrisQueryRequest,
        QrisCancelRequest,
        EwalletPaymentRequest,
        EwalletStatusRequest,
        VaCreateRequest,
        VaInquiryRequest,
        RetailCreateRequest,
        RetailQueryRequest,
        PaymentLinkCreateRequest,
    )
}
