//! What the receiver does with one request: route it, verify it, answer it, report it.

use std::sync::Mutex;
use std::sync::mpsc;

use ayolinx_proto::callback::{Acknowledgement, CallbackVerifier, Endpoint, InboundRequest, ack};
use ayolinx_proto::code::SnapCase;
use serde_json::{Value, json};

use super::Settings;
use super::forward::Forwarder;
use super::snap_va::SnapVa;
use crate::clock;
use crate::commands::verify_callback::summary;
use crate::failure::Failure;

/// A request as received: the raw body bytes, untouched.
pub(crate) struct Inbound {
    pub(crate) method: String,
    /// The path and query string.
    pub(crate) target: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Inbound {
    fn as_request(&self) -> InboundRequest<'_> {
        InboundRequest::new(&self.method, &self.target, &self.headers, &self.body)
    }

    fn path(&self) -> &str {
        self.target
            .split_once('?')
            .map_or(self.target.as_str(), |(path, _)| path)
    }
}

/// The answer sent back.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) content_type: String,
    pub(crate) body: Vec<u8>,
    /// Whether the body holds a secret (an issued access token): then it is never printed.
    pub(crate) secret: bool,
}

impl Answer {
    /// A `500` General Error: Ayolinx retries.
    pub(crate) fn internal_error() -> Self {
        ack::retry_later().into()
    }

    fn text(&self) -> String {
        if self.secret {
            "[REDACTED]".to_owned()
        } else {
            String::from_utf8_lossy(&self.body).into_owned()
        }
    }
}

impl From<Acknowledgement> for Answer {
    fn from(ack: Acknowledgement) -> Self {
        Self {
            status: ack.status,
            content_type: ack.content_type.to_owned(),
            body: ack.body,
            secret: false,
        }
    }
}

/// What happened with one request, for printing.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    /// Whether the request was genuine and accepted.
    pub(crate) accepted: bool,
    /// Everything about it, as JSON (never a secret).
    pub(crate) summary: Value,
    /// One line for people.
    pub(crate) line: String,
}

/// The shared state of the receiver.
pub(crate) struct Handler {
    verifier: CallbackVerifier,
    only_path: Option<String>,
    forward: Option<Forwarder>,
    snap_va: Option<SnapVa>,
    events: Mutex<mpsc::Sender<Event>>,
}

impl Handler {
    pub(crate) fn new(
        verifier: CallbackVerifier,
        settings: Settings,
        events: mpsc::Sender<Event>,
    ) -> Result<Self, Failure> {
        Ok(Self {
            verifier,
            only_path: settings.only_path,
            forward: settings.forward.map(Forwarder::new).transpose()?,
            snap_va: settings.snap_va.map(|(client_key, client_secret)| {
                SnapVa::new(
                    settings.ayolinx_public_key,
                    client_key,
                    client_secret,
                    settings.window_seconds,
                )
            }),
            events: Mutex::new(events),
        })
    }

    /// Handles one request and reports it.
    pub(crate) fn handle(&self, inbound: &Inbound) -> Answer {
        let (answer, mut event) = self.decide(inbound);
        if let Value::Object(fields) = &mut event.summary {
            fields.insert("method".into(), inbound.method.clone().into());
            fields.insert("path".into(), inbound.target.clone().into());
            fields.insert(
                "answer".into(),
                json!({"status": answer.status, "body": answer.text()}),
            );
        }
        event.line = format!(
            "{} {} {} {} -> {}",
            if event.accepted { "OK " } else { "BAD" },
            inbound.method,
            inbound.target,
            event.line,
            answer.status
        );
        if let Ok(events) = self.events.lock() {
            // Nobody listening any more is not the sender's problem.
            events.send(event).ok();
        }
        answer
    }

    fn decide(&self, inbound: &Inbound) -> (Answer, Event) {
        let Ok(now) = clock::now() else {
            return (
                Answer::internal_error(),
                refused("the system clock is unusable"),
            );
        };
        if let Some(snap_va) = &self.snap_va
            && let Some(decided) = snap_va.handle(inbound.path(), &inbound.as_request(), now)
        {
            return decided;
        }
        if let Some(only) = &self.only_path
            && inbound.path() != only
        {
            return (
                ack::snap_answer(SnapCase::InvalidRouting, Endpoint::Notify).into(),
                refused(&format!("not the callback path {only}")),
            );
        }
        let verified = self
            .verifier
            .verify(&inbound.as_request(), now)
            .and_then(|callback| Ok((callback.notification()?, callback)));
        let (notification, callback) = match verified {
            Ok(both) => both,
            Err(error) => return (error.acknowledgement().into(), refused(&error.to_string())),
        };
        let mut shown = summary(&notification, callback.timestamp());
        if let Value::Object(fields) = &mut shown {
            let merchant_reference = notification
                .original_partner_reference_no()
                .or(notification.partner_reference_no());
            fields.insert("partnerReferenceNo".into(), merchant_reference.into());
        }
        let line = format!(
            "{} {} status {}{}",
            notification.kind().as_str(),
            notification.reference(),
            notification.status().code(),
            notification
                .amount()
                .map(|amount| format!(" {} {}", amount.currency, amount.value))
                .unwrap_or_default(),
        );
        let answer = match &self.forward {
            None => ack::notify_received().into(),
            Some(forwarder) => {
                let (answer, report) = forwarder.forward(inbound);
                if let Value::Object(fields) = &mut shown {
                    fields.insert("forwarded".into(), report);
                }
                answer
            }
        };
        (
            answer,
            Event {
                accepted: true,
                summary: shown,
                line,
            },
        )
    }
}

/// The event of a refused request.
pub(crate) fn refused(reason: &str) -> Event {
    Event {
        accepted: false,
        summary: json!({"genuine": false, "reason": reason}),
        line: format!("refused: {reason}"),
    }
}
