//! [`Endpoint`]: which merchant endpoint a request arrived at.

/// The merchant endpoint a request arrived at. It decides the SNAP service code of the answers.
///
/// ```
/// use ayolinx_proto::callback::Endpoint;
/// assert_eq!(Endpoint::Notify.service_code(), 56);
/// assert_eq!(Endpoint::AccessToken.service_code(), 73);
/// assert_eq!(Endpoint::VaPayment.service_code(), 25);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Endpoint {
    /// A signed notification (scheme C): QRIS, e-wallet, convenience store, VA non-SNAP, payment
    /// link. Answers carry service code 56 (`2005600`).
    Notify,
    /// The merchant-hosted `POST /v1.0/access-token/b2b` (scheme D). Service code 73.
    AccessToken,
    /// The merchant-hosted SNAP `POST /v1.0/transfer-va/payment` (scheme D). Service code 25.
    VaPayment,
}

impl Endpoint {
    /// The SNAP service code of this endpoint's answers.
    pub fn service_code(self) -> u8 {
        match self {
            Self::Notify => 56,
            Self::AccessToken => 73,
            Self::VaPayment => 25,
        }
    }
}
