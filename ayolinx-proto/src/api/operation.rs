//! The [`Operation`] trait: what every Ayolinx call knows about itself.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// One Ayolinx call: its request body type implements this trait, and knows its stable name,
/// its path, its SNAP service code, what kind of call it is and the type of its answer.
///
/// The HTTP method is always `POST`. The path is relative to the base URL of the environment
/// (`https://sandbox.ayolinx.id`, `https://openapi.ayolinx.id`, or a custom one).
///
/// ```
/// use ayolinx_proto::api::{Operation, OperationKind};
/// use ayolinx_proto::api::qris::QrisGenerateRequest;
///
/// assert_eq!(QrisGenerateRequest::NAME, "qris.generate");
/// assert_eq!(QrisGenerateRequest::PATH, "/v1.0/qr/qr-mpm-generate");
/// assert_eq!(QrisGenerateRequest::SERVICE_CODE, Some(47));
/// assert_eq!(QrisGenerateRequest::KIND, OperationKind::Create { queryable: true });
/// assert!(QrisGenerateRequest::CREATES_TRANSACTION);
/// ```
pub trait Operation: Serialize {
    /// The stable name the bindings and the CLI dispatch on, e.g. `"qris.generate"`.
    const NAME: &'static str;
    /// The path after the base URL, e.g. `/v1.0/qr/qr-mpm-generate`; also the signed
    /// `EndpointUrl` when the base URL has no path of its own.
    const PATH: &'static str;
    /// The SNAP service code of the call (the middle two digits of its response codes), or
    /// `None` when the call has none (retail, which answers `"00"`).
    const SERVICE_CODE: Option<u8>;
    /// What kind of call this is, which decides how a failure may be retried.
    const KIND: OperationKind;
    /// Whether the call creates a transaction (and so is never blindly re-sent after an
    /// ambiguous failure).
    const CREATES_TRANSACTION: bool = matches!(Self::KIND, OperationKind::Create { .. });
    /// The typed answer.
    type Response: DeserializeOwned;

    /// The merchant's reference the call creates or refers to (`partnerReferenceNo`,
    /// `originalPartnerReferenceNo` or `trxId`), if it has one.
    fn partner_reference_no(&self) -> Option<&str>;

    /// Checks a parsed answer against this request (for example that a generated QR carries the
    /// requested amount). The default accepts every answer.
    fn check_answer(&self, answer: &Self::Response) -> Result<(), crate::client::ApiError> {
        let _ = answer;
        Ok(())
    }
}

/// A call signed with the client secret and sent with an access token (scheme B): every
/// operation except the access-token request itself.
pub trait Transactional: Operation {}

/// A creating call whose outcome can be looked up by a query call, for reconciliation after an
/// ambiguous failure (see [`crate::retry`]).
///
/// ```
/// use ayolinx_proto::api::Reconcilable;
/// use ayolinx_proto::api::qris::QrisGenerateRequest;
/// use ayolinx_proto::{Amount, Money};
///
/// let create = QrisGenerateRequest::new("ORD-1", Money::idr(Amount::from_rupiah(15_000)?));
/// let query = create.reconcile_query();
/// assert_eq!(query.original_partner_reference_no, "ORD-1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Reconcilable: Transactional {
    /// The query call that finds this call's transaction.
    type Query: Transactional<Response: QueryResponse>;

    /// The query for this call's `partnerReferenceNo` on the same channel.
    fn reconcile_query(&self) -> Self::Query;
}

/// An answer that reports where a transaction stands, used to reconcile after an ambiguous
/// failure.
pub trait QueryResponse {
    /// `latestTransactionStatus`, when the answer carries one.
    fn latest_transaction_status(&self) -> Option<&crate::TransactionStatus>;
}

/// What kind of call an operation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OperationKind {
    /// The access-token request.
    Token,
    /// A call that creates a transaction. `queryable` says whether a query call can find it
    /// afterwards (payment links have no query call).
    Create {
        /// Whether a query call can look the transaction up.
        queryable: bool,
    },
    /// A read-only status query: safe to repeat.
    Query,
    /// A cancellation: repeating it cannot cancel twice.
    Cancel,
}

/// The one list of Ayolinx's operations: calls `$then!` with the token request and every other
/// call grouped by product, each with its variant name, method name, request and response types
/// and its class (`reconciled`: a create found again by its status query; `plain`: everything
/// else). The clients' product methods, the driver's [`Call`](crate::driver::Call) impls, the
/// sandbox's dispatch and the fuzz targets all expand it, so adding an operation is one edit
/// here. `$then` may be a two-part path (`$crate::name`, from another macro), and tokens in
/// braces after it, `operations!(then { mode })`, come first in what it is given.
///
/// ```
/// macro_rules! names {
///     (
///         token: $token:ty;
///         $($(#[$pmeta:meta])* $product:ident $accessor:ident {
///             $($(#[$mmeta:meta])* $variant:ident $method:ident($request:ty) -> $response:ty, $class:ident;)*
///         })*
///     ) => {
///         [<$token as ayolinx_proto::Operation>::NAME, $($(<$request as ayolinx_proto::Operation>::NAME,)*)*]
///     };
/// }
/// let all = ayolinx_proto::operations!(names);
/// assert_eq!(all.len(), 11);
/// assert_eq!(all[1], "qris.generate");
/// ```
#[macro_export]
macro_rules! operations {
    ($then:ident $({ $($with:tt)* })?) => {
        $crate::operations! { @list [$then] [$($($with)*)?] }
    };
    ($root:tt :: $then:ident { $($with:tt)* }) => {
        $crate::operations! { @list [$root :: $then] [$($with)*] }
    };
    (@list [$($then:tt)*] [$($with:tt)*]) => {
        $($then)*! {
            $($with)*
            token: $crate::api::token::AccessTokenRequest;
            /// QRIS (MPM): generate a QR, query it, cancel it.
            Qris qris {
                /// Generate Qris. A create: on an ambiguous failure it is reconciled, never
                /// re-sent blindly (see [`Client::send`]).
                QrisGenerate generate($crate::api::qris::QrisGenerateRequest)
                    -> $crate::api::qris::QrisGenerateResponse, reconciled;
                /// Query Qris.
                QrisQuery query($crate::api::qris::QrisQueryRequest)
                    -> $crate::api::qris::QrisQueryResponse, plain;
                /// Cancel Qris.
                QrisCancel cancel($crate::api::qris::QrisCancelRequest)
                    -> $crate::api::qris::QrisCancelResponse, plain;
            }
            /// E-wallet direct debit: pay, status.
            Ewallet ewallet {
                /// Payment host-to-host. A create (see [`Client::send`]).
                EwalletPay pay($crate::api::ewallet::EwalletPaymentRequest)
                    -> $crate::api::ewallet::EwalletPaymentResponse, reconciled;
                /// Inquiry status.
                EwalletStatus status($crate::api::ewallet::EwalletStatusRequest)
                    -> $crate::api::ewallet::EwalletStatusResponse, plain;
            }
            /// Virtual accounts: create, inquiry.
            Va va {
                /// Create VA. A create (see [`Client::send`]).
                VaCreate create($crate::api::va::VaCreateRequest)
                    -> $crate::api::va::VaCreateResponse, reconciled;
                /// Inquiry VA.
                VaInquiry inquiry($crate::api::va::VaInquiryRequest)
                    -> $crate::api::va::VaInquiryResponse, plain;
            }
            /// Retail outlets (Alfamart, Indomaret): create, query.
            Retail retail {
                /// Create a retail payment code. A create (see [`Client::send`]).
                RetailCreate create($crate::api::retail::RetailCreateRequest)
                    -> $crate::api::retail::RetailCreateResponse, reconciled;
                /// Query a retail payment.
                RetailQuery query($crate::api::retail::RetailQueryRequest)
                    -> $crate::api::retail::RetailQueryResponse, plain;
            }
            /// Payment links.
            PaymentLink payment_link {
                /// Create a payment link. A create with no query: after an ambiguous failure it
                /// ends with [`Error::OutcomeUnknown`].
                PaymentLinkCreate create($crate::api::payment_link::PaymentLinkCreateRequest)
                    -> $crate::api::payment_link::PaymentLinkCreateResponse, plain;
            }
        }
    };
}

/// Implements [`Operation`] for a request type.
macro_rules! operation {
    (
        $request:ty => $response:ty,
        name: $name:literal,
        path: $path:literal,
        service: $service:expr,
        kind: $kind:expr,
        reference: |$this:ident| $reference:expr
        $(, check: |$checked:ident, $answer:ident| $check:expr)? $(,)?
    ) => {
        impl $crate::api::Operation for $request {
            const NAME: &'static str = $name;
            const PATH: &'static str = $path;
            const SERVICE_CODE: Option<u8> = $service;
            const KIND: $crate::api::OperationKind = $kind;
            type Response = $response;

            fn partner_reference_no(&self) -> Option<&str> {
                let $this = self;
                $reference
            }

            $(
                fn check_answer(&self, answer: &Self::Response) -> Result<(), $crate::client::ApiError> {
                    let ($checked, $answer) = (self, answer);
                    $check
                }
            )?
        }
    };
}

/// Declares a response struct: `responseCode`, `responseMessage` (empty when absent), the
/// required and optional documented fields, and every unknown field kept in `extra`.
macro_rules! snap_response {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            required { $($(#[$rmeta:meta])* $rfield:ident : $rty:ty,)* }
            optional { $($(#[$ometa:meta])* $ofield:ident : $oty:ty,)* }
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        #[non_exhaustive]
        pub struct $name {
            /// `responseCode`, e.g. `2004700`.
            pub response_code: $crate::ResponseCode,
            /// `responseMessage`, unchanged; empty when Ayolinx sent none.
            #[serde(default, deserialize_with = "crate::api::common::lenient_message")]
            pub response_message: String,
            $($(#[$rmeta])* pub $rfield: $rty,)*
            $(
                $(#[$ometa])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $ofield: Option<$oty>,
            )*
            /// Fields no documentation lists, kept as received and written back when serialised.
            #[serde(flatten)]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }
    };
}

/// Declares a status-query request: `{"originalPartnerReferenceNo":…,"additionalInfo":{"channel":…}}`.
/// With `default_channel`, `new` takes the reference only and `with_channel` picks another channel.
macro_rules! query_request {
    ($(#[$meta:meta])* $name:ident, default_channel: $channel:expr) => {
        $crate::api::operation::query_request!($(#[$meta])* $name);

        impl $name {
            #[doc = concat!("The query for a reference on `", stringify!($channel), "`.")]
            pub fn new(original_partner_reference_no: impl Into<String>) -> Self {
                Self::with_channel(original_partner_reference_no, $channel)
            }
        }
    };
    ($(#[$meta:meta])* $name:ident, channel_required) => {
        $crate::api::operation::query_request!($(#[$meta])* $name);

        impl $name {
            /// The query for a reference on a channel.
            pub fn new(original_partner_reference_no: impl Into<String>, channel: $crate::Channel) -> Self {
                Self::with_channel(original_partner_reference_no, channel)
            }
        }
    };
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        #[non_exhaustive]
        pub struct $name {
            /// `originalPartnerReferenceNo`: the merchant's reference of the transaction.
            pub original_partner_reference_no: String,
            /// `additionalInfo`: the channel, plus any extra keys.
            pub additional_info: $crate::api::common::RequestInfo,
        }

        impl $name {
            /// The query for a reference on a given channel.
            pub fn with_channel(original_partner_reference_no: impl Into<String>, channel: $crate::Channel) -> Self {
                Self {
                    original_partner_reference_no: original_partner_reference_no.into(),
                    additional_info: $crate::api::common::RequestInfo::new(channel),
                }
            }
        }
    };
}

/// Implements [`Reconcilable`] for a create: it is found again by the status query for the same
/// merchant reference (the named field) on the same channel.
macro_rules! reconciled_by {
    ($create:ty => $query:ident, reference: $field:ident) => {
        impl $crate::api::operation::Reconcilable for $create {
            type Query = $query;

            fn reconcile_query(&self) -> $query {
                $query::with_channel(self.$field.clone(), self.additional_info.channel.clone())
            }
        }
    };
}

pub(crate) use {operation, query_request, reconciled_by, snap_response};
