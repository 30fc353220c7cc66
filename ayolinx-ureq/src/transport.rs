//! The HTTP transport: one ureq agent (connection pool) with connect and whole-call timeouts,
//! redirects off, HTTP error statuses handed to the core's parser, and a response size limit.

use std::io::ErrorKind;
use std::time::Duration;

use ayolinx_proto::{HttpRequest, HttpResponse};
use ureq::Agent;
use ureq::config::Config;

use crate::error::{ConfigError, Error, TransportFailure};

/// Transport settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TransportConfig {
    pub(crate) connect_timeout: Duration,
    pub(crate) read_timeout: Duration,
    pub(crate) max_response_bytes: u64,
}

/// Sends prepared requests.
#[derive(Debug)]
pub(crate) struct Transport {
    agent: Agent,
    max_response_bytes: u64,
}

impl Transport {
    pub(crate) fn new(config: TransportConfig) -> Self {
        let agent = Config::builder()
            .timeout_connect(Some(config.connect_timeout))
            .timeout_global(Some(config.read_timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .build()
            .new_agent();
        Self {
            agent,
            max_response_bytes: config.max_response_bytes,
        }
    }

    /// Sends `request` (its body bytes unchanged) and reads the whole answer, whatever its
    /// status.
    pub(crate) fn send(
        &self,
        operation: &'static str,
        request: HttpRequest,
    ) -> Result<HttpResponse, Error> {
        let request = http::Request::try_from(request).map_err(|error| {
            Error::Config(ConfigError::Request {
                operation,
                message: error.to_string(),
            })
        })?;
        let failed = |error: ureq::Error| Error::Transport {
            operation,
            kind: classify(&error),
            message: error.to_string(),
        };
        let mut response = self.agent.run(request).map_err(failed)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter_map(|(name, value)| {
                Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
            })
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(self.max_response_bytes)
            .read_to_vec()
            .map_err(|error| Error::Transport {
                operation,
                // The request was sent and answered: whatever cut the body, never "not sent".
                kind: match classify(&error) {
                    TransportFailure::TimedOut => TransportFailure::TimedOut,
                    _ => TransportFailure::Interrupted,
                },
                message: error.to_string(),
            })?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

/// Whether the request may have reached the server. Only failures that happen before a byte
/// is written count as "not sent"; anything else may have been processed.
fn classify(error: &ureq::Error) -> TransportFailure {
    use ureq::Timeout;
    match error {
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
