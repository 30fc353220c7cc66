//! Faults on the answer: latency, a chosen status, a dropped connection, a truncated or
//! non-JSON body.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body::{Frame, SizeHint};

use super::reply::{self, Reply};
use crate::fault::FaultKind;

/// The text a [`FaultKind::NotJson`] answer carries.
pub(crate) const NOT_JSON_BODY: &str = "<html><body>502 Bad Gateway</body></html>";

/// How long a truncated body waits, after its first half, before the connection is cut (long
/// enough for the first half to be flushed).
const CUT_DELAY: Duration = Duration::from_millis(50);

/// The answer for a [`FaultKind::Status`] fault: the given status and body, untouched.
pub(crate) fn status(status: u16, body: String) -> Response {
    let is_json = serde_json::from_str::<serde_json::Value>(&body).is_ok();
    let content_type = if is_json {
        "application/json"
    } else {
        "text/plain; charset=utf-8"
    };
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// The answer to a processed request, with the fault (other than `Status`) applied.
pub(crate) async fn apply(fault: Option<FaultKind>, reply: Reply) -> Response {
    let response = |body: Body| {
        let mut response = reply::json(reply.status, Vec::new());
        *response.body_mut() = body;
        response
    };
    match fault {
        Some(FaultKind::Latency { millis }) => {
            tokio::time::sleep(Duration::from_millis(millis)).await;
            reply::json(reply.status, reply.body)
        }
        Some(FaultKind::DropConnection) => {
            response(Body::new(Broken::new(Vec::new(), reply.body.len())))
        }
        Some(FaultKind::TruncatedBody) => {
            let full = reply.body.len();
            let half = reply.body.get(..full / 2).unwrap_or_default().to_vec();
            response(Body::new(Broken::new(half, full)))
        }
        Some(FaultKind::NotJson) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html")],
            NOT_JSON_BODY,
        )
            .into_response(),
        _ => reply::json(reply.status, reply.body),
    }
}

/// A body that announces `announced` bytes, sends `first` (if any), waits, then fails, which
/// makes hyper close the connection without finishing the response. With nothing to send it
/// fails at once, before the response head leaves, so the client sees the connection close with
/// no response at all.
struct Broken {
    first: Option<Bytes>,
    announced: u64,
    cut: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Broken {
    fn new(first: Vec<u8>, announced: usize) -> Self {
        let first = (!first.is_empty()).then(|| Bytes::from(first));
        Self {
            cut: first
                .as_ref()
                .map(|_| Box::pin(tokio::time::sleep(CUT_DELAY))),
            first,
            announced: u64::try_from(announced).unwrap_or(u64::MAX),
        }
    }
}

impl HttpBody for Broken {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(first))));
        }
        if let Some(cut) = self.cut.as_mut()
            && cut.as_mut().poll(cx).is_pending()
        {
            return Poll::Pending;
        }
        Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "sandbox fault: the connection is cut",
        ))))
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.announced)
    }
}
