//! What the server answers: SNAP success and refusal bodies, plain JSON and HTML responses.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ayolinx_proto::body::{self, BodyEncoding};
use ayolinx_proto::code::SnapCase;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::operation::Op;
use crate::SandboxError;

/// An answer before faults are applied: status and the exact JSON body bytes.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
}

/// Why a SNAP request was refused: the SNAP case, and a detail for the `responseMessage`.
#[derive(Debug)]
pub(crate) struct Refusal {
    case: SnapCase,
    detail: String,
}

impl Refusal {
    pub(crate) fn new(case: SnapCase, detail: impl Into<String>) -> Self {
        Self {
            case,
            detail: detail.into(),
        }
    }

    /// `{"responseCode":"4014701","responseMessage":"Invalid Token (B2B). …"}` with the
    /// operation's service code (00 for retail, which has none).
    pub(crate) fn into_reply(self, op: Op) -> Reply {
        self.into_reply_for(op.service_code().unwrap_or(0))
    }

    fn into_reply_for(self, service_code: u8) -> Reply {
        let mut object = Map::new();
        object.insert(
            "responseCode".into(),
            self.case.code(service_code).to_string().into(),
        );
        object.insert(
            "responseMessage".into(),
            format!("{}. {}", self.case.message(), self.detail).into(),
        );
        Reply {
            status: self.case.http_status(),
            body: Value::Object(object).to_string().into_bytes(),
        }
    }
}

impl From<SandboxError> for Refusal {
    fn from(error: SandboxError) -> Self {
        Self::new(SnapCase::InternalServerError, error.to_string())
    }
}

/// A success answer of type `R`: `responseCode` (`200SS00`, or `"00"` for retail),
/// `responseMessage` `Successful`, then `fields`. The JSON is read back into the core's response
/// type, so every answer has the shape the SDK parses, and written compactly.
pub(crate) fn success<R: Serialize + DeserializeOwned>(
    op: Op,
    fields: Value,
) -> Result<Reply, Refusal> {
    let code = match op.service_code() {
        Some(service) => SnapCase::Successful.code(service).to_string(),
        None => "00".to_owned(),
    };
    let mut object = Map::new();
    object.insert("responseCode".into(), code.into());
    object.insert("responseMessage".into(), "Successful".into());
    if let Value::Object(fields) = fields {
        object.extend(fields);
    }
    let typed: R = serde_json::from_value(Value::Object(object)).map_err(|error| {
        Refusal::new(
            SnapCase::InternalServerError,
            format!("the sandbox built an answer of the wrong shape: {error}"),
        )
    })?;
    let body = body::encode(&typed, BodyEncoding::Compact)
        .map_err(|error| Refusal::new(SnapCase::InternalServerError, error.to_string()))?;
    Ok(Reply { status: 200, body })
}

/// A JSON response with these exact bytes.
pub(crate) fn json(status: u16, body: Vec<u8>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// A JSON value response (control API).
pub(crate) fn json_value(status: u16, value: &impl Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => json(status, body),
        Err(error) => control_error(500, &error.to_string()),
    }
}

/// `{"error": "..."}` (control API).
pub(crate) fn control_error(status: u16, message: &str) -> Response {
    json(
        status,
        serde_json::json!({ "error": message })
            .to_string()
            .into_bytes(),
    )
}

/// Any path the sandbox does not serve: SNAP `4040002` Invalid Routing.
pub(crate) async fn not_found() -> Response {
    let reply = Refusal::new(SnapCase::InvalidRouting, "no such endpoint").into_reply_for(0);
    json(reply.status, reply.body)
}
