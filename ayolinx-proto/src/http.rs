//! Plain HTTP values: [`HttpRequest`] (what to send) and [`HttpResponse`] (what came back), and
//! their conversions to and from the `http` crate's types, so that any stack (hyper,
//! axum, reqwest, ureq) can send a prepared request.
//!
//! ```
//! use ayolinx_proto::{HttpRequest, HttpResponse};
//!
//! let request = HttpRequest {
//!     method: "POST".into(),
//!     url: "https://sandbox.ayolinx.id/v1.0/qr/qr-mpm-query".into(),
//!     headers: vec![("content-type".into(), "application/json".into())],
//!     body: b"{}".to_vec(),
//! };
//! let converted = http::Request::try_from(request.clone())?;
//! assert_eq!(converted.uri().path(), "/v1.0/qr/qr-mpm-query");
//! assert_eq!(HttpRequest::try_from(converted)?, request);
//!
//! let response = HttpResponse::from(
//!     http::Response::builder().status(200).header("x-timestamp", "2024-09-12T12:55:01+07:00").body(b"{}".to_vec())?,
//! );
//! assert_eq!(response.header("X-TIMESTAMP"), Some("2024-09-12T12:55:01+07:00"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::fmt;

/// A request ready to send: method, full URL, headers in a fixed order, body bytes.
///
/// The body is exactly the bytes that were hashed and signed: send them unchanged. `Debug`
/// redacts the `Authorization` header.
///
/// The method and the header names and values are [`Cow`]s so that the constant ones
/// (`POST`, the header names, `application/json`) cost no allocation per request; read them as
/// `&str` through `Deref` (`&*name`, `name.as_ref()`), build them with `.into()` from a
/// `&'static str` or a `String`.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method, always `POST` for Ayolinx.
    pub method: Cow<'static, str>,
    /// The full URL: base URL and path.
    pub url: String,
    /// The headers (name, value), in the documented order.
    pub headers: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    /// The body bytes, as signed.
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| (&**name, redact_header(name, value)))
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

/// A response as received: status, headers, body bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The headers, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with no headers, handy in tests.
    ///
    /// ```
    /// let response = ayolinx_proto::HttpResponse::new(502, "<html>Bad Gateway</html>");
    /// assert_eq!(response.status, 502);
    /// ```
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a, N, V>(headers: &'a [(N, V)], name: &str) -> Option<&'a str>
where
    N: AsRef<str>,
    V: AsRef<str>,
{
    headers
        .iter()
        .find(|(candidate, _)| candidate.as_ref().eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_ref())
}

/// The value to show for a header: `Bearer [REDACTED]` for `Authorization`, the value otherwise.
pub(crate) fn redact_header<'a>(name: &str, value: &'a str) -> &'a str {
    if name.eq_ignore_ascii_case("authorization") {
        "Bearer [REDACTED]"
    } else {
        value
    }
}

/// Why a plain value could not be converted to or from an `http` crate type.
///
/// The message names the part that failed, never a header value (which could be a token).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HttpConversionError {
    /// The method is not a valid HTTP method.
    InvalidMethod,
    /// The URL is not a valid URI.
    InvalidUrl,
    /// A header name is not valid.
    InvalidHeaderName {
        /// The header's position in the list.
        index: usize,
    },
    /// A header value is not valid (control characters) or, coming from the `http` crate, not
    /// UTF-8.
    InvalidHeaderValue {
        /// The header's name.
        name: String,
    },
    /// The status is not between 100 and 999.
    InvalidStatus {
        /// The status given.
        status: u16,
    },
}

impl fmt::Display for HttpConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidMethod => f.write_str("the HTTP method is not a valid token"),
            Self::InvalidUrl => f.write_str("the URL is not a valid URI"),
            Self::InvalidHeaderName { index } => {
                write!(f, "header {index} has an invalid name")
            }
            Self::InvalidHeaderValue { name } => write!(
                f,
                "the value of header {name} has characters HTTP does not allow (or is not UTF-8)"
            ),
            Self::InvalidStatus { status } => {
                write!(f, "{status} is not an HTTP status code")
            }
        }
    }
}

impl std::error::Error for HttpConversionError {}

fn to_header_map<N, V>(headers: Vec<(N, V)>) -> Result<::http::HeaderMap, HttpConversionError>
where
    N: AsRef<str>,
    V: AsRef<str>,
{
    let mut map = ::http::HeaderMap::with_capacity(headers.len());
    for (index, (name, value)) in headers.into_iter().enumerate() {
        let name = name.as_ref();
        let header_name = ::http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| HttpConversionError::InvalidHeaderName { index })?;
        let header_value = ::http::HeaderValue::from_str(value.as_ref()).map_err(|_| {
            HttpConversionError::InvalidHeaderValue {
                name: name.to_owned(),
            }
        })?;
        map.append(header_name, header_value);
    }
    Ok(map)
}

/// The headers of an `http` crate value, names in lower case (the crate's canonical form).
fn from_header_map<N, V>(
    map: &::http::HeaderMap,
    lossy: bool,
) -> Result<Vec<(N, V)>, HttpConversionError>
where
    N: From<String>,
    V: From<String>,
{
    map.iter()
        .map(|(name, value)| {
            let text = match value.to_str() {
                Ok(text) => text.to_owned(),
                Err(_) if lossy => String::from_utf8_lossy(value.as_bytes()).into_owned(),
                Err(_) => {
                    return Err(HttpConversionError::InvalidHeaderValue {
                        name: name.as_str().to_owned(),
                    });
                }
            };
            Ok((name.as_str().to_owned().into(), text.into()))
        })
        .collect()
}

impl TryFrom<HttpRequest> for ::http::Request<Vec<u8>> {
    type Error = HttpConversionError;

    fn try_from(request: HttpRequest) -> Result<Self, Self::Error> {
        let method = ::http::Method::from_bytes(request.method.as_bytes())
            .map_err(|_| HttpConversionError::InvalidMethod)?;
        let uri: ::http::Uri = request
            .url
            .parse()
            .map_err(|_| HttpConversionError::InvalidUrl)?;
        let headers = to_header_map(request.headers)?;
        let mut out = ::http::Request::new(request.body);
        *out.method_mut() = method;
        *out.uri_mut() = uri;
        *out.headers_mut() = headers;
        Ok(out)
    }
}

/// Header names come back in lower case (the `http` crate's canonical form); a header value that
/// is not UTF-8 is an error.
impl TryFrom<::http::Request<Vec<u8>>> for HttpRequest {
    type Error = HttpConversionError;

    fn try_from(request: ::http::Request<Vec<u8>>) -> Result<Self, Self::Error> {
        let headers = from_header_map(request.headers(), false)?;
        let method = request.method().as_str().to_owned().into();
        let url = request.uri().to_string();
        Ok(Self {
            method,
            url,
            headers,
            body: request.into_body(),
        })
    }
}

impl TryFrom<HttpResponse> for ::http::Response<Vec<u8>> {
    type Error = HttpConversionError;

    fn try_from(response: HttpResponse) -> Result<Self, Self::Error> {
        let status = ::http::StatusCode::from_u16(response.status).map_err(|_| {
            HttpConversionError::InvalidStatus {
                status: response.status,
            }
        })?;
        let headers = to_header_map(response.headers)?;
        let mut out = ::http::Response::new(response.body);
        *out.status_mut() = status;
        *out.headers_mut() = headers;
        Ok(out)
    }
}

/// Never fails: header names come back in lower case, and a header value that is not UTF-8 is
/// kept with replacement characters (responses are read, not re-signed).
impl From<::http::Response<Vec<u8>>> for HttpResponse {
    fn from(response: ::http::Response<Vec<u8>>) -> Self {
        let (parts, body) = response.into_parts();
        Self::from_parts(parts.status.as_u16(), &parts.headers, body)
    }
}

impl HttpResponse {
    /// An answer from its status, an `http` crate header map and the body read apart (as an
    /// HTTP client that streams the body has them): header names in lower case, a value that is
    /// not UTF-8 kept with replacement characters (as the conversion from `http::Response`).
    ///
    /// ```
    /// use ayolinx_proto::HttpResponse;
    ///
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("X-TIMESTAMP", http::HeaderValue::from_static("2024-09-12T12:55:01+07:00"));
    /// let response = HttpResponse::from_parts(200, &headers, b"{}".to_vec());
    /// assert_eq!(response.headers, [("x-timestamp".to_owned(), "2024-09-12T12:55:01+07:00".to_owned())]);
    /// ```
    pub fn from_parts(status: u16, headers: &::http::HeaderMap, body: Vec<u8>) -> Self {
        Self {
            status,
            headers: from_header_map(headers, true).unwrap_or_default(),
            body,
        }
    }
}
