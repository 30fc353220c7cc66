//! `--forward URL`: verified callbacks go on to the merchant's own app, byte for byte, and the
//! app's answer goes back to Ayolinx (so the app, not the receiver, decides whether Ayolinx
//! retries).

use std::time::Duration;

use ayolinx_proto::client::BaseUrl;
use serde_json::{Value, json};

use super::handle::{Answer, Inbound};
use crate::failure::Failure;

/// Headers that belong to one hop and are not forwarded; `ureq` writes its own.
const HOP_BY_HOP: [&str; 5] = [
    "host",
    "content-length",
    "connection",
    "transfer-encoding",
    "keep-alive",
];

/// Sends verified callbacks to one URL.
pub(crate) struct Forwarder {
    url: String,
    agent: ureq::Agent,
}

impl Forwarder {
    /// A forwarder to `url` (http or https).
    pub(crate) fn new(url: String) -> Result<Self, Failure> {
        BaseUrl::parse(url.split_once('?').map_or(url.as_str(), |(path, _)| path))
            .map_err(|error| Failure::BadInput(format!("--forward {url}: {error}")))?;
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .new_agent();
        Ok(Self { url, agent })
    }

    /// Posts the exact body and headers; returns the app's answer (or a `500` asking Ayolinx to
    /// retry when the app cannot be reached) and a report of what happened.
    pub(crate) fn forward(&self, inbound: &Inbound) -> (Answer, Value) {
        let mut request = self.agent.post(&self.url);
        for (name, value) in &inbound.headers {
            if !HOP_BY_HOP.contains(&name.to_ascii_lowercase().as_str()) {
                request = request.header(name, value);
            }
        }
        match request.send(&inbound.body[..]) {
            Ok(mut response) => {
                let status = response.status().as_u16();
                let content_type = response
                    .headers()
                    .get("content-type")
                    .and_then(|value| value.to_str().ok())
                    .unwrap_or("application/json")
                    .to_owned();
                match response.body_mut().read_to_vec() {
                    Ok(body) => (
                        Answer {
                            status,
                            content_type,
                            body,
                            secret: false,
                        },
                        json!({"url": self.url, "status": status}),
                    ),
                    Err(error) => self.failed(&error),
                }
            }
            Err(error) => self.failed(&error),
        }
    }

    fn failed(&self, error: &ureq::Error) -> (Answer, Value) {
        (
            Answer::internal_error(),
            json!({"url": self.url, "error": error.to_string()}),
        )
    }
}
