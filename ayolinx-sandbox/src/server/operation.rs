//! [`Op`]: the Ayolinx operations the sandbox serves, named, routed and coded by the core.

use ayolinx_proto::api::Operation;
use ayolinx_proto::api::ewallet::{EwalletPaymentRequest, EwalletStatusRequest};
use ayolinx_proto::api::payment_link::PaymentLinkCreateRequest;
use ayolinx_proto::api::qris::{QrisCancelRequest, QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::api::retail::{RetailCreateRequest, RetailQueryRequest};
use ayolinx_proto::api::token::AccessTokenRequest;
use ayolinx_proto::api::va::{VaCreateRequest, VaInquiryRequest};

macro_rules! ops {
    ($($variant:ident => $request:ty,)*) => {
        /// One of the calls of section 8 of the Ayolinx API.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum Op {
            $($variant,)*
        }

        impl Op {
            pub(crate) const ALL: [Op; 11] = [$(Op::$variant,)*];

            /// The core's `Operation::NAME`, e.g. `qris.generate`.
            pub(crate) fn name(self) -> &'static str {
                match self { $(Self::$variant => <$request as Operation>::NAME,)* }
            }

            /// The path, e.g. `/v1.0/qr/qr-mpm-generate`.
            pub(crate) fn path(self) -> &'static str {
                match self { $(Self::$variant => <$request as Operation>::PATH,)* }
            }

            /// The SNAP service code (`None` for retail, which answers `"00"`).
            pub(crate) fn service_code(self) -> Option<u8> {
                match self { $(Self::$variant => <$request as Operation>::SERVICE_CODE,)* }
            }
        }
    };
}

ops! {
    Token => AccessTokenRequest,
    QrisGenerate => QrisGenerateRequest,
    QrisQuery => QrisQueryRequest,
    QrisCancel => QrisCancelRequest,
    EwalletPay => EwalletPaymentRequest,
    EwalletStatus => EwalletStatusRequest,
    VaCreate => VaCreateRequest,
    VaInquiry => VaInquiryRequest,
    RetailCreate => RetailCreateRequest,
    RetailQuery => RetailQueryRequest,
    PaymentLinkCreate => PaymentLinkCreateRequest,
}

impl Op {
    /// The operation with this name.
    pub(crate) fn from_name(name: &str) -> Option<Op> {
        Self::ALL.into_iter().find(|op| op.name() == name)
    }
}
