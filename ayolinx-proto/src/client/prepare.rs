//! Preparing requests: the body encoded once, the timestamp formatted once, the signature over
//! exactly those bytes and that string.

use std::borrow::Cow;

use base64::Engine as _;

use crate::api::token::{AccessToken, AccessTokenRequest};
use crate::api::{Operation, Transactional};
use crate::body::{BodyEncoding, BodyError};
use crate::client::debug::{SigningScheme, SigningStages};
use crate::client::{ApiError, Client};
use crate::signature::{request_string_to_sign, token_string_to_sign};
use crate::{ExternalId, HttpRequest, PrivateKey, Timestamp, body};

/// The method of every Ayolinx call.
const METHOD: &str = "POST";
const CONTENT_TYPE: &str = "application/json";

/// A signed request ready to send, with the stages that produced its signature.
///
/// `Debug` redacts the access token.
#[derive(Debug, Clone)]
pub struct PreparedRequest {
    operation: &'static str,
    signed: Signed,
    request: HttpRequest,
}

/// What a request's string to sign was made of, beyond the request itself: kept so that
/// [`PreparedRequest::signing_stages`] can show it, and rebuilt only when asked for.
#[derive(Debug, Clone)]
enum Signed {
    /// Scheme A: `client_key|X-TIMESTAMP`, which holds no secret.
    Token { string_to_sign: String },
    /// Scheme B: the signed path (the base URL's path and the operation's); the rest is in the
    /// request (method, body, `X-TIMESTAMP`), and the token is shown as `[REDACTED]`.
    Request { path: Cow<'static, str> },
}

impl PreparedRequest {
    /// The operation's name, e.g. `qris.generate`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The request to send: method, URL, headers in the documented order, body bytes.
    pub fn request(&self) -> &HttpRequest {
        &self.request
    }

    /// The request to send, by value.
    pub fn into_request(self) -> HttpRequest {
        self.request
    }

    /// Each signing stage (body bytes, body hash, string to sign, signature), printable with the
    /// token redacted, for diagnosing "invalid signature" answers.
    pub fn signing_stages(&self) -> SigningStages {
        let request = &self.request;
        match &self.signed {
            Signed::Token { string_to_sign } => {
                SigningStages::new(SigningScheme::RsaToken, string_to_sign, request)
            }
            Signed::Request { path } => {
                let redacted = request_string_to_sign(
                    &request.method,
                    path,
                    "[REDACTED]",
                    &request.body,
                    request.header("X-TIMESTAMP").unwrap_or_default(),
                );
                SigningStages::new(SigningScheme::HmacRequest, &redacted, request)
            }
        }
    }
}

/// Non-empty and free of ASCII controls (which covers CR and LF).
fn header_safe(value: &str) -> bool {
    // A fold without early exit, which the compiler turns into a vector loop: the values
    // checked (token, client key) are valid on every call, so an early exit would never pay.
    !value.is_empty()
        && value
            .bytes()
            .fold(true, |safe, b| safe & (b >= 0x20) & (b != 0x7f))
}

/// `base` and `path` joined, in one allocation of the exact size.
fn concat(base: &str, path: &str) -> String {
    let mut out = String::with_capacity(base.len() + path.len());
    out.push_str(base);
    out.push_str(path);
    out
}

impl Client {
    /// The access-token request at `timestamp`: body `{"grantType":"client_credentials"}`,
    /// headers `Content-Type`, `X-TIMESTAMP`, `X-CLIENT-KEY`, `X-SIGNATURE` (SHA256withRSA of
    /// `client_key|X-TIMESTAMP` with the merchant's private key).
    ///
    /// [`prepare_token_signed`](Self::prepare_token_signed) with the key's own signature.
    #[cfg(rsa_backend)]
    pub fn prepare_token(&self, timestamp: &Timestamp) -> Result<PreparedRequest, ApiError> {
        let x_timestamp = timestamp.to_string();
        let string_to_sign = token_string_to_sign(&self.config.client_key, &x_timestamp);
        let signature = self
            .config
            .private_key
            .sign(string_to_sign.as_bytes())
            .unwrap_or_default();
        self.token_request(x_timestamp, string_to_sign, &signature)
    }

    /// What the `X-SIGNATURE` of the access-token request at `timestamp` signs:
    /// `client_key|X-TIMESTAMP`. For signing elsewhere (a host's WebCrypto, an HSM), then
    /// [`prepare_token_signed`](Self::prepare_token_signed).
    ///
    /// ```
    /// use ayolinx_proto::{Client, ClientConfig, Environment, PrivateKey, Secret, Timestamp};
    /// let key = PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
    /// let client = Client::new(ClientConfig::new(Environment::Sandbox, "CK-1", Secret::new("SK"), key));
    /// let timestamp = Timestamp::parse("2024-09-18T06:36:36+07:00")?;
    /// assert_eq!(client.token_string_to_sign(&timestamp), "CK-1|2024-09-18T06:36:36+07:00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn token_string_to_sign(&self, timestamp: &Timestamp) -> String {
        token_string_to_sign(&self.config.client_key, &timestamp.to_string())
    }

    /// The access-token request at `timestamp`, as [`prepare_token`](Self::prepare_token) makes
    /// it, with `signature` made elsewhere: the raw SHA256withRSA signature (not base64) of
    /// [`token_string_to_sign`](Self::token_string_to_sign) at the same `timestamp`, which is
    /// sent base64-encoded. The signature is not checked here.
    ///
    /// ```
    /// use ayolinx_proto::{Client, ClientConfig, Environment, PrivateKey, Secret, Timestamp};
    /// let key = PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
    /// let client = Client::new(ClientConfig::new(Environment::Sandbox, "CK-1", Secret::new("SK"), key));
    /// let timestamp = Timestamp::parse("2024-09-18T06:36:36+07:00")?;
    /// let request = client.prepare_token_signed(&timestamp, &[0xfb, 0xff])?;
    /// assert_eq!(request.request().header("X-SIGNATURE"), Some("+/8="));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn prepare_token_signed(
        &self,
        timestamp: &Timestamp,
        signature: &[u8],
    ) -> Result<PreparedRequest, ApiError> {
        let x_timestamp = timestamp.to_string();
        let string_to_sign = token_string_to_sign(&self.config.client_key, &x_timestamp);
        self.token_request(x_timestamp, string_to_sign, signature)
    }

    /// The merchant's private key, for signing [`token_string_to_sign`](Self::token_string_to_sign)
    /// elsewhere (it holds the key: see [`PrivateKey::expose_pkcs8_der`]).
    pub fn private_key(&self) -> &PrivateKey {
        &self.config.private_key
    }

    /// The one builder of the access-token request, from the `X-TIMESTAMP` value formatted once.
    fn token_request(
        &self,
        timestamp: String,
        string_to_sign: String,
        signature: &[u8],
    ) -> Result<PreparedRequest, ApiError> {
        let operation = AccessTokenRequest::NAME;
        let config = &self.config;
        if !header_safe(&config.client_key) {
            return Err(ApiError::InvalidHeaderValue {
                operation,
                header: "X-CLIENT-KEY",
            });
        }
        let body = body::encode(&AccessTokenRequest::new(), config.body_encoding)
            .map_err(|source| ApiError::Encode { operation, source })?;
        let signature = base64::engine::general_purpose::STANDARD.encode(signature);
        let headers = vec![
            ("Content-Type".into(), CONTENT_TYPE.into()),
            ("X-TIMESTAMP".into(), timestamp.into()),
            ("X-CLIENT-KEY".into(), config.client_key.clone().into()),
            ("X-SIGNATURE".into(), signature.into()),
        ];
        Ok(PreparedRequest {
            operation,
            signed: Signed::Token { string_to_sign },
            request: HttpRequest {
                method: METHOD.into(),
                url: concat(config.environment.base_url(), AccessTokenRequest::PATH),
                headers,
                body,
            },
        })
    }

    /// Any other call at `timestamp`, with an access token and an `X-EXTERNAL-ID`.
    ///
    /// Headers, in order: `Content-Type`, `Authorization: Bearer <token>`, `X-TIMESTAMP`,
    /// `X-SIGNATURE` (HMAC-SHA512 with the client secret over
    /// `POST:<path>:<token>:<sha256hex(body)>:<X-TIMESTAMP>`), `X-PARTNER-ID` (the client key),
    /// `X-EXTERNAL-ID`. The body is encoded once; those bytes are hashed and sent. The signed
    /// path is the path the server sees: the base URL's own path (a custom base URL such as
    /// `http://127.0.0.1:8080/prefix`) followed by the operation's path.
    pub fn prepare<O: Transactional>(
        &self,
        operation: &O,
        token: &AccessToken,
        timestamp: &Timestamp,
        external_id: &ExternalId,
    ) -> Result<PreparedRequest, ApiError> {
        let mut encode = |encoding| body::encode(operation, encoding);
        let operation = Endpoint {
            name: O::NAME,
            path: O::PATH,
        };
        self.prepare_endpoint(operation, token, timestamp, external_id, &mut encode)
    }

    /// [`prepare`](Self::prepare) with the operation's type erased: all of it but encoding the
    /// body is compiled once, not once per operation.
    fn prepare_endpoint(
        &self,
        Endpoint { name, path }: Endpoint,
        token: &AccessToken,
        timestamp: &Timestamp,
        external_id: &ExternalId,
        encode: &mut dyn FnMut(BodyEncoding) -> Result<Vec<u8>, BodyError>,
    ) -> Result<PreparedRequest, ApiError> {
        let config = &self.config;
        let access_token = token.secret().expose_secret();
        for (header, value) in [
            ("Authorization", access_token),
            ("X-PARTNER-ID", config.client_key.as_str()),
        ] {
            if !header_safe(value) {
                return Err(ApiError::InvalidHeaderValue {
                    operation: name,
                    header,
                });
            }
        }
        let body = encode(config.body_encoding).map_err(|source| ApiError::Encode {
            operation: name,
            source,
        })?;
        let timestamp = timestamp.to_string();
        let url = concat(config.environment.base_url(), path);
        let path = match config.environment.path_prefix() {
            "" => Cow::Borrowed(path),
            prefix => Cow::Owned(concat(prefix, path)),
        };
        let signature = config.request_signer.sign_request_base64(
            METHOD,
            &path,
            access_token,
            &body,
            &timestamp,
        );
        let headers = vec![
            ("Content-Type".into(), CONTENT_TYPE.into()),
            (
                "Authorization".into(),
                concat("Bearer ", access_token).into(),
            ),
            ("X-TIMESTAMP".into(), timestamp.into()),
            ("X-SIGNATURE".into(), signature.into()),
            ("X-PARTNER-ID".into(), config.client_key.clone().into()),
            (
                "X-EXTERNAL-ID".into(),
                external_id.as_str().to_owned().into(),
            ),
        ];
        Ok(PreparedRequest {
            operation: name,
            signed: Signed::Request { path },
            request: HttpRequest {
                method: METHOD.into(),
                url,
                headers,
                body,
            },
        })
    }
}

/// An operation's name and path, all that [`Client::prepare_endpoint`] needs of its type.
struct Endpoint {
    name: &'static str,
    path: &'static str,
}
