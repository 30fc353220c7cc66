//! The sandbox's own JSON control API under `/sandbox/v1`: pay, fail, cancel and expire a
//! transaction (the bad days), list transactions and callbacks, add and clear faults.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::json;

use super::reply::{control_error, json_value};
use crate::state::Shared;
use crate::{Fault, SandboxError, Settlement, Transition, clock};

pub(crate) fn routes(router: Router<Arc<Shared>>) -> Router<Arc<Shared>> {
    router
        .route("/sandbox/v1/transactions", get(transactions))
        .route(
            "/sandbox/v1/transactions/{reference}/{transition}",
            post(settle),
        )
        .route("/sandbox/v1/callbacks", get(callbacks))
        .route(
            "/sandbox/v1/faults",
            get(faults).post(add_fault).delete(clear_faults),
        )
}

/// The status and message of a failed [`Shared::settle`].
pub(crate) fn pay_error(error: &SandboxError) -> (u16, String) {
    let status = match error {
        SandboxError::UnknownTransaction { .. } => 404,
        SandboxError::NotPayable { .. } | SandboxError::CannotSettle { .. } => 409,
        SandboxError::BadSettlement { .. } => 400,
        _ => 500,
    };
    (status, error.to_string())
}

async fn settle(
    State(shared): State<Arc<Shared>>,
    Path((reference, transition)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let Some(transition) = Transition::from_word(&transition) else {
        return control_error(
            404,
            &format!("no transition {transition:?}: use pay, fail, cancel or expire"),
        );
    };
    let settlement = match Settlement::from_json(transition, &body) {
        Ok(settlement) => settlement,
        Err(reason) => return control_error(400, &reason),
    };
    match shared.settle(&reference, &settlement) {
        Ok(transaction) => json_value(200, &transaction),
        Err(error) => {
            let (status, message) = pay_error(&error);
            control_error(status, &message)
        }
    }
}

async fn transactions(State(shared): State<Arc<Shared>>) -> Response {
    match clock::now() {
        Ok(now) => json_value(200, &shared.lock().transactions(&now)),
        Err(error) => control_error(500, &error.to_string()),
    }
}

async fn callbacks(State(shared): State<Arc<Shared>>) -> Response {
    json_value(200, &shared.lock().callbacks())
}

async fn faults(State(shared): State<Arc<Shared>>) -> Response {
    json_value(200, &shared.lock().faults.list())
}

async fn add_fault(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    match serde_json::from_slice::<Fault>(&body) {
        Ok(fault) => {
            shared.lock().faults.add(fault.clone());
            json_value(201, &fault)
        }
        Err(error) => control_error(400, &format!("not a fault: {error}")),
    }
}

async fn clear_faults(State(shared): State<Arc<Shared>>) -> Response {
    let mut inner = shared.lock();
    let cleared = inner.faults.list().len();
    inner.faults.clear();
    json_value(200, &json!({ "cleared": cleared }))
}
