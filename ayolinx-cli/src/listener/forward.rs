//! `--forward URL`: verified notifications go on to the merchant's own app, byte for byte with
//! their headers. Only a 2xx from the app counts as processed: anything else (or an app that
//! cannot be reached) releases the ledger claim and answers 5xx, so that Ayolinx retries.

use std::time::Duration;

use ayolinx_axum::Delivery;
use ayolinx_proto::client::BaseUrl;
use serde_json::{Value, json};

use crate::failure::Failure;

/// Headers that belong to one hop and are not forwarded; `ureq` writes its own.
const HOP_BY_HOP: [&str; 5] = [
    "host",
    "content-length",
    "connection",
    "transfer-encoding",
    "keep-alive",
];

/// What became of one forward: whether the app took it (a 2xx), and the report printed.
pub(crate) struct Forwarded {
    pub(crate) taken: bool,
    pub(crate) report: Value,
}

/// Sends verified notifications to one URL.
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

    /// Posts the exact body and headers (blocking); the app's status, or why it could not be
    /// reached.
    pub(crate) fn forward(&self, delivery: &Delivery) -> Forwarded {
        let mut request = self.agent.post(&self.url);
        for (name, value) in delivery.headers() {
            if !HOP_BY_HOP.contains(&name.to_ascii_lowercase().as_str()) {
                request = request.header(name, value);
            }
        }
        match request.send(delivery.body()) {
            Ok(response) => {
                let status = response.status();
                Forwarded {
                    taken: status.is_success(),
                    report: json!({"url": self.url, "status": status.as_u16()}),
                }
            }
            Err(error) => Forwarded {
                taken: false,
                report: json!({"url": self.url, "error": error.to_string()}),
            },
        }
    }
}
