//! The fixed, documented test credentials the sandbox uses when it is given no others.
//!
//! They are public on purpose (see `ayolinx-sandbox/keys/README.md`): never use them against a
//! real Ayolinx environment.

/// The default client key (`X-CLIENT-KEY` of the token request, `X-PARTNER-ID` of the others).
pub const DEFAULT_CLIENT_KEY: &str = "CKSandbox-5a9d0b1e-7c3f-4e2a-9b61-0d4c8e2f7a13";

/// The default client secret (the HMAC-SHA512 key of every request but the token request).
pub const DEFAULT_CLIENT_SECRET: &str = "SKSandbox-3f8e2c71-9a4d-4b6e-8c05-e1d7a96b2f48";

/// The default merchant private key (PKCS#8 PEM): signs the access-token request.
pub const MERCHANT_PRIVATE_KEY_PEM: &str = include_str!("../keys/merchant_private.pem");

/// The public half of [`MERCHANT_PRIVATE_KEY_PEM`] (SPKI PEM): what the sandbox verifies token
/// requests with by default.
pub const MERCHANT_PUBLIC_KEY_PEM: &str = include_str!("../keys/merchant_public.pem");

/// The default Ayolinx private key (PKCS#8 PEM): the sandbox signs its callbacks with it.
pub const AYOLINX_PRIVATE_KEY_PEM: &str = include_str!("../keys/ayolinx_private.pem");

/// The public half of [`AYOLINX_PRIVATE_KEY_PEM`] (SPKI PEM): merchants verify the sandbox's
/// callbacks with it.
pub const AYOLINX_PUBLIC_KEY_PEM: &str = include_str!("../keys/ayolinx_public.pem");
