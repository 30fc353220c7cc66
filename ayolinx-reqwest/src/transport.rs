//! [`Transport`]: what sends a prepared request, implemented for any closure returning a
//! future; and the default one on a [`reqwest::Client`] (yours, or one with connect and
//! per-attempt timeouts, redirects off), which hands every HTTP status to the core's parser and
//! limits the answer's size.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use ayolinx_proto::driver::{TransportError, TransportFailure};
use ayolinx_proto::{HttpRequest, HttpResponse};

/// A boxed, `Send` future of a transport.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends a request and reads its whole answer, whatever its status, or says how it failed
/// ([`TransportFailure::NotSent`] only when the request certainly never left).
///
/// Any closure returning a `Send` future is a transport, so tests and your own HTTP stack plug
/// in without a server:
///
/// ```
/// use ayolinx_proto::api::qris::QrisQueryRequest;
/// use ayolinx_proto::{HttpRequest, HttpResponse, PrivateKey};
/// use ayolinx_reqwest::{Client, TransportFailure};
///
/// # let pem = include_str!("../../ayolinx-proto/tests/fixtures/keys/rsa2048_pkcs8.pem");
/// let offline = |_: HttpRequest| async { Err::<HttpResponse, _>(TransportFailure::NotSent) };
/// let client = Client::builder("https://sandbox.ayolinx.id", "CK-1", "SK-1", PrivateKey::from_pem(pem)?)
///     .transport(offline)
///     .retry_policy(ayolinx_proto::retry::RetryPolicy::new(1, 0, 0))
///     .build()?;
/// # tokio::runtime::Builder::new_current_thread().enable_time().build()?.block_on(async {
/// let error = client.qris().query(&QrisQueryRequest::new("ORD-1")).await.unwrap_err();
/// assert_eq!(error.transport_failure(), Some(TransportFailure::NotSent));
/// # });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Transport: Send + Sync {
    /// Sends `request`, its body bytes unchanged, within `timeout` when the call has a deadline.
    fn send(&self, request: HttpRequest, timeout: Option<Duration>) -> TransportFuture<'_>;
}

impl<F, Fut, E> Transport for F
where
    F: Fn(HttpRequest) -> Fut + Send + Sync,
    Fut: Future<Output = Result<HttpResponse, E>> + Send + 'static,
    E: Into<TransportError>,
{
    fn send(&self, request: HttpRequest, _timeout: Option<Duration>) -> TransportFuture<'_> {
        let answer = self(request);
        Box::pin(async move { answer.await.map_err(Into::into) })
    }
}

/// The default transport.
#[derive(Debug, Clone)]
pub(crate) struct ReqwestTransport {
    pub(crate) http: reqwest::Client,
    pub(crate) read_timeout: Duration,
    pub(crate) max_response_bytes: u64,
}

impl ReqwestTransport {
    /// A reqwest client for Ayolinx: connect timeout, redirects off.
    pub(crate) fn http_client(connect_timeout: Duration) -> Result<reqwest::Client, String> {
        reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| error.to_string())
    }

    async fn exchange(
        &self,
        request: HttpRequest,
        timeout: Option<Duration>,
    ) -> Result<HttpResponse, TransportError> {
        let request = http_request(request)?;
        let timeout = timeout.map_or(self.read_timeout, |left| left.min(self.read_timeout));
        let mut response = self
            .http
            .execute(request_of(&self.http, request, timeout)?)
            .await
            .map_err(|error| TransportError::new(classify(&error), describe(&error)))?;
        let mut answer =
            HttpResponse::from_parts(response.status().as_u16(), response.headers(), Vec::new());
        let body = &mut answer.body;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| TransportError::body_cut(error.is_timeout(), describe(&error)))?
        {
            body.extend_from_slice(&chunk);
            if u64::try_from(body.len()).unwrap_or(u64::MAX) > self.max_response_bytes {
                return Err(TransportError::too_large(self.max_response_bytes));
            }
        }
        Ok(answer)
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest, timeout: Option<Duration>) -> TransportFuture<'_> {
        Box::pin(self.exchange(request, timeout))
    }
}

fn http_request(request: HttpRequest) -> Result<http::Request<Vec<u8>>, TransportError> {
    http::Request::try_from(request)
        .map_err(|error| TransportError::new(TransportFailure::NotSent, error.to_string()))
}

/// The reqwest request for `request`, with the attempt's timeout.
fn request_of(
    http: &reqwest::Client,
    request: http::Request<Vec<u8>>,
    timeout: Duration,
) -> Result<reqwest::Request, TransportError> {
    let (parts, body) = request.into_parts();
    http.request(parts.method, parts.uri.to_string())
        .headers(parts.headers)
        .body(body)
        .timeout(timeout)
        .build()
        .map_err(|error| TransportError::new(TransportFailure::NotSent, describe(&error)))
}

/// Whether the request may have reached the server: a failure to connect (the name lookup, TCP,
/// the TLS handshake) happens before a byte of it is written.
fn classify(error: &reqwest::Error) -> TransportFailure {
    if error.is_connect() || error.is_builder() {
        TransportFailure::NotSent
    } else if error.is_timeout() {
        TransportFailure::TimedOut
    } else {
        TransportFailure::Interrupted
    }
}

/// The error and its causes in one line (reqwest's own message is only the outermost).
fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
