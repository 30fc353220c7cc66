//! Parsing answers: a pure function from a plain response to the typed answer or an
//! [`ApiError`]. It never panics, whatever the bytes.

use serde::Deserialize;
use serde_json::Value;

use crate::api::Operation;
use crate::api::token::{AccessToken, AccessTokenRequest};
use crate::client::{ApiError, Client};
use crate::json_type::json_type;
use crate::{HttpResponse, ResponseCode, Timestamp};

/// The most body bytes quoted in a [`ApiError::NotJson`].
const SNIPPET_LEN: usize = 200;

/// The two fields every SNAP answer shares, read before the typed answer.
#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "responseCode", default)]
    code: Option<Value>,
    #[serde(rename = "responseMessage", default)]
    message: Option<Value>,
}

impl Client {
    /// Reads the answer to operation `O` (see [`parse_response`]).
    pub fn parse<O: Operation>(&self, response: &HttpResponse) -> Result<O::Response, ApiError> {
        parse_response::<O>(response)
    }

    /// Reads the answer to the token request into an [`AccessToken`] obtained at `now` (the time
    /// the answer arrived, from the caller's clock).
    pub fn parse_token(
        &self,
        response: &HttpResponse,
        now: Timestamp,
    ) -> Result<AccessToken, ApiError> {
        let answer = parse_response::<AccessTokenRequest>(response)?;
        AccessToken::from_response(&answer, now).map_err(ApiError::AccessToken)
    }
}

/// Reads the answer to operation `O`: the typed answer when the HTTP status is 2xx and the
/// `responseCode` is success, otherwise the [`ApiError`] that says what went wrong.
///
/// In order: an empty body is [`ApiError::EmptyBody`]; a body that does not start like JSON is
/// [`ApiError::NotJson`]; invalid or truncated JSON is [`ApiError::MalformedJson`]; a
/// `responseCode` that is not a string is [`ApiError::UnexpectedShape`]; a non-success code, or
/// any code with a non-2xx status, is [`ApiError::Business`]; a non-2xx JSON body without a code
/// and a success body that does not fit `O::Response` are [`ApiError::UnexpectedShape`].
///
/// ```
/// use ayolinx_proto::api::qris::QrisQueryRequest;
/// use ayolinx_proto::client::parse_response;
/// use ayolinx_proto::{ApiError, HttpResponse};
///
/// let refused = HttpResponse::new(401, r#"{"responseCode":"4015101","responseMessage":"Invalid Token (B2B)"}"#);
/// let error = parse_response::<QrisQueryRequest>(&refused).unwrap_err();
/// assert!(matches!(error, ApiError::Business { http_status: 401, .. }));
/// assert!(error.needs_token_refresh());
///
/// let gateway = HttpResponse::new(502, "<html><body>502 Bad Gateway</body></html>");
/// let error = parse_response::<QrisQueryRequest>(&gateway).unwrap_err();
/// assert!(matches!(error, ApiError::NotJson { .. }));
/// assert!(error.is_retryable() && error.is_ambiguous());
/// ```
pub fn parse_response<O: Operation>(response: &HttpResponse) -> Result<O::Response, ApiError> {
    check_envelope(O::NAME, response)?;
    serde_json::from_slice::<O::Response>(&response.body)
        .map_err(|error| json_error(O::NAME, response.status, &error))
}

/// Every check of [`parse_response`] but reading the typed answer, which may follow when this
/// is `Ok`. Not generic, so that it is compiled once rather than once per operation (which, on
/// wasm32, is what the package's size is made of).
fn check_envelope(operation: &'static str, response: &HttpResponse) -> Result<(), ApiError> {
    let http_status = response.status;
    let body = response.body.as_slice();
    let start = body.iter().position(|b| !b.is_ascii_whitespace());
    match start.and_then(|at| body.get(at)) {
        None => {
            return Err(ApiError::EmptyBody {
                operation,
                http_status,
            });
        }
        Some(b'{') => {}
        Some(b'[') => {
            serde_json::from_slice::<serde::de::IgnoredAny>(body)
                .map_err(|error| json_error(operation, http_status, &error))?;
            return Err(ApiError::UnexpectedShape {
                operation,
                http_status,
                path_of_bad_field: "the top level".to_owned(),
                expected: "a JSON object, got an array".to_owned(),
            });
        }
        Some(_) => {
            let end = body.len().min(SNIPPET_LEN);
            let snippet = String::from_utf8_lossy(body.get(..end).unwrap_or(body)).into_owned();
            return Err(ApiError::NotJson {
                operation,
                http_status,
                snippet,
            });
        }
    }
    let envelope = serde_json::from_slice::<Envelope>(body)
        .map_err(|error| json_error(operation, http_status, &error))?;
    let message = match envelope.message {
        Some(Value::String(message)) => message,
        _ => String::new(),
    };
    let code = match envelope.code {
        None | Some(Value::Null) => None,
        Some(Value::String(code)) => {
            Some(
                ResponseCode::parse(&code).map_err(|error| ApiError::UnexpectedShape {
                    operation,
                    http_status,
                    path_of_bad_field: "responseCode".to_owned(),
                    expected: error.to_string(),
                })?,
            )
        }
        Some(other) => {
            return Err(ApiError::UnexpectedShape {
                operation,
                http_status,
                path_of_bad_field: "responseCode".to_owned(),
                expected: format!("a string such as \"2004700\", got {}", json_type(&other)),
            });
        }
    };
    let success_status = (200..300).contains(&http_status);
    match code {
        Some(code) if !(success_status && code.is_success()) => Err(ApiError::Business {
            operation,
            http_status,
            code,
            message,
            raw_body: body.to_vec(),
        }),
        None if !success_status => Err(ApiError::UnexpectedShape {
            operation,
            http_status,
            path_of_bad_field: "responseCode".to_owned(),
            expected: "a SNAP answer with a responseCode".to_owned(),
        }),
        _ => Ok(()),
    }
}

fn json_error(operation: &'static str, http_status: u16, error: &serde_json::Error) -> ApiError {
    let (line, column) = (error.line(), error.column());
    match error.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            ApiError::MalformedJson {
                operation,
                http_status,
                truncated: error.is_eof(),
                line,
                column,
                detail: error.to_string(),
            }
        }
        serde_json::error::Category::Data | serde_json::error::Category::Io => {
            let detail = error.to_string();
            let path_of_bad_field = missing_field(&detail)
                .map(str::to_owned)
                .unwrap_or_else(|| format!("line {line} column {column}"));
            ApiError::UnexpectedShape {
                operation,
                http_status,
                path_of_bad_field,
                expected: detail,
            }
        }
    }
}

/// The field named by serde's "missing field `name`" message.
fn missing_field(detail: &str) -> Option<&str> {
    let rest = detail.strip_prefix("missing field `")?;
    rest.split('`').next()
}
