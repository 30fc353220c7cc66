//! [`Transport`]: what sends a prepared request, implemented for any closure
//! `Fn(HttpRequest) -> Result<HttpResponse, E>`; and the default one, on one ureq agent
//! (connection pool) with connect and whole-call timeouts, redirects off, HTTP error statuses
//! handed to the core's parser, and a response size limit.

use std::io::ErrorKind;
use std::time::Duration;

use ayolinx_proto::driver::{ClientSetup, TransportError, TransportFailure};
use ayolinx_proto::{HttpRequest, HttpResponse};
use ureq::Agent;
use ureq::config::Config;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{
    ConnectionDetails, Connector, DefaultConnector, NextTimeout, Transport as Connection,
};

/// Sends a request and reads its whole answer, whatever its status, or says how it failed
/// ([`TransportFailure::NotSent`] only when the request certainly never left).
///
/// Any closure is a transport, so tests and your own HTTP stack plug in without a server:
///
/// ```
/// use ayolinx_proto::{HttpRequest, HttpResponse, PrivateKey};
/// use ayolinx_proto::api::qris::QrisQueryRequest;
/// use ayolinx_ureq::{Client, Error, TransportFailure};
///
/// # let pem = include_str!("../../ayolinx-proto/tests/fixtures/keys/rsa2048_pkcs8.pem");
/// let offline = |_: HttpRequest| -> Result<HttpResponse, TransportFailure> { Err(TransportFailure::NotSent) };
/// let client = Client::builder("https://sandbox.ayolinx.id", "CK-1", "SK-1", PrivateKey::from_pem(pem)?)
///     .transport(offline)
///     .retry_policy(ayolinx_proto::retry::RetryPolicy::new(1, 0, 0))
///     .build()?;
/// let error = client.qris().query(&QrisQueryRequest::new("ORD-1")).unwrap_err();
/// assert_eq!(error.transport_failure(), Some(TransportFailure::NotSent));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Transport: Send + Sync {
    /// Sends `request`, its body bytes unchanged.
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;

    /// Sends `request` within `timeout` when the call has a deadline (the default ignores it).
    fn send_within(
        &self,
        request: HttpRequest,
        timeout: Option<Duration>,
    ) -> Result<HttpResponse, TransportError> {
        let _ = timeout;
        self.send(request)
    }
}

impl<F, E> Transport for F
where
    F: Fn(HttpRequest) -> Result<HttpResponse, E> + Send + Sync,
    E: Into<TransportError>,
{
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self(request).map_err(Into::into)
    }
}

/// The default transport.
#[derive(Debug)]
pub(crate) struct UreqTransport {
    agent: Agent,
    read_timeout: Duration,
    max_response_bytes: u64,
}

/// A failure before the request was written: resolving the name, connecting, the TLS
/// handshake. Nothing was sent.
#[derive(Debug)]
struct BeforeSending(ureq::Error);

impl std::fmt::Display for BeforeSending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for BeforeSending {}

fn before_sending(error: ureq::Error) -> ureq::Error {
    ureq::Error::Other(Box::new(BeforeSending(error)))
}

/// The default resolver, its failures marked "before sending" (ureq reports a failed lookup as
/// a plain I/O error, which could otherwise be any I/O error).
#[derive(Debug, Default)]
struct MarkedResolver(DefaultResolver);

impl Resolver for MarkedResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        self.0.resolve(uri, config, timeout).map_err(before_sending)
    }
}

/// The default connector (TCP, then TLS with its handshake), its failures marked "before
/// sending": a new connection is made before the request is written.
#[derive(Debug, Default)]
struct MarkedConnector(DefaultConnector);

impl Connector<()> for MarkedConnector {
    type Out = Box<dyn Connection>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<()>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        self.0.connect(details, chained).map_err(before_sending)
    }
}

impl UreqTransport {
    /// The transport for a setup's timeouts and size limit.
    pub(crate) fn new(config: &ClientSetup) -> Self {
        let agent_config = Config::builder()
            .timeout_connect(Some(config.connect_timeout))
            .timeout_global(Some(config.read_timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .build();
        let agent = Agent::with_parts(
            agent_config,
            MarkedConnector::default(),
            MarkedResolver::default(),
        );
        Self {
            agent,
            read_timeout: config.read_timeout,
            max_response_bytes: config.max_response_bytes,
        }
    }
}

impl Transport for UreqTransport {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.send_within(request, None)
    }

    fn send_within(
        &self,
        request: HttpRequest,
        timeout: Option<Duration>,
    ) -> Result<HttpResponse, TransportError> {
        let request = http::Request::try_from(request)
            .map_err(|error| TransportError::new(TransportFailure::NotSent, error.to_string()))?;
        let failed = |error: ureq::Error| TransportError::new(classify(&error), error.to_string());
        let mut response = match timeout {
            Some(left) if left < self.read_timeout => {
                let request = self
                    .agent
                    .configure_request(request)
                    .timeout_global(Some(left))
                    .build();
                self.agent.run(request)
            }
            _ => self.agent.run(request),
        }
        .map_err(failed)?;
        let body = response
            .body_mut()
            .with_config()
            .limit(self.max_response_bytes)
            .read_to_vec()
            .map_err(|error| {
                let timed_out = classify(&error) == TransportFailure::TimedOut;
                TransportError::body_cut(timed_out, error.to_string())
            })?;
        Ok(HttpResponse::from_parts(
            response.status().as_u16(),
            response.headers(),
            body,
        ))
    }
}

/// Whether the request may have reached the server. Only failures that happen before a byte
/// is written count as "not sent"; anything else may have been processed.
fn classify(error: &ureq::Error) -> TransportFailure {
    use ureq::Timeout;
    match error {
        ureq::Error::Other(inner) if inner.is::<BeforeSending>() => TransportFailure::NotSent,
        ureq::Error::HostNotFound
        | ureq::Error::ConnectionFailed
        | ureq::Error::BadUri(_)
        | ureq::Error::RequireHttpsOnly(_)
        | ureq::Error::Timeout(Timeout::Resolve | Timeout::Connect) => TransportFailure::NotSent,
        ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => {
            TransportFailure::NotSent
        }
        ureq::Error::Timeout(_) => TransportFailure::TimedOut,
        ureq::Error::Io(io) if io.kind() == ErrorKind::TimedOut => TransportFailure::TimedOut,
        _ => TransportFailure::Interrupted,
    }
}
