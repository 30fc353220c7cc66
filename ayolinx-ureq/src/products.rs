//! The calls grouped by product: `client.qris().generate(..)`, `client.va().create(..)`, ….

use ayolinx_proto::api::ewallet::{
    EwalletPaymentRequest, EwalletPaymentResponse, EwalletStatusRequest, EwalletStatusResponse,
};
use ayolinx_proto::api::payment_link::{PaymentLinkCreateRequest, PaymentLinkCreateResponse};
use ayolinx_proto::api::qris::{
    QrisCancelRequest, QrisCancelResponse, QrisGenerateRequest, QrisGenerateResponse,
    QrisQueryRequest, QrisQueryResponse,
};
use ayolinx_proto::api::retail::{
    RetailCreateRequest, RetailCreateResponse, RetailQueryRequest, RetailQueryResponse,
};
use ayolinx_proto::api::va::{
    VaCreateRequest, VaCreateResponse, VaInquiryRequest, VaInquiryResponse,
};

use crate::{Client, Error};

/// Declares a product: a borrowed view of the client with one method per call.
macro_rules! product {
    (
        $(#[$meta:meta])* $product:ident, $accessor:ident;
        $($(#[$mmeta:meta])* $method:ident($request:ty) -> $response:ty;)*
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy)]
        pub struct $product<'a> {
            client: &'a Client,
        }

        impl Client {
            #[doc = concat!("The ", stringify!($accessor), " calls.")]
            pub fn $accessor(&self) -> $product<'_> {
                $product { client: self }
            }
        }

        impl $product<'_> {
            $(
                $(#[$mmeta])*
                pub fn $method(&self, request: &$request) -> Result<$response, Error> {
                    self.client.send(request)
                }
            )*
        }
    };
}

product! {
    /// QRIS (MPM): generate a QR, query it, cancel it.
    Qris, qris;
    /// Generate Qris. A create: on an ambiguous failure it is reconciled, never re-sent
    /// blindly (see [`Client::send`]).
    generate(QrisGenerateRequest) -> QrisGenerateResponse;
    /// Query Qris.
    query(QrisQueryRequest) -> QrisQueryResponse;
    /// Cancel Qris.
    cancel(QrisCancelRequest) -> QrisCancelResponse;
}

product! {
    /// E-wallet direct debit: pay, status.
    Ewallet, ewallet;
    /// Payment host-to-host. A create (see [`Client::send`]).
    pay(EwalletPaymentRequest) -> EwalletPaymentResponse;
    /// Inquiry status.
    status(EwalletStatusRequest) -> EwalletStatusResponse;
}

product! {
    /// Virtual accounts: create, inquiry.
    Va, va;
    /// Create VA. A create (see [`Client::send`]).
    create(VaCreateRequest) -> VaCreateResponse;
    /// Inquiry VA.
    inquiry(VaInquiryRequest) -> VaInquiryResponse;
}

product! {
    /// Retail outlets (Alfamart, Indomaret): create, query.
    Retail, retail;
    /// Create a retail payment code. A create (see [`Client::send`]).
    create(RetailCreateRequest) -> RetailCreateResponse;
    /// Query a retail payment.
    query(RetailQueryRequest) -> RetailQueryResponse;
}

product! {
    /// Payment links.
    PaymentLink, payment_link;
    /// Create a payment link. A create with no query: after an ambiguous failure it ends with
    /// [`Error::OutcomeUnknown`].
    create(PaymentLinkCreateRequest) -> PaymentLinkCreateResponse;
}
