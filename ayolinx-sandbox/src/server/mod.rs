//! The HTTP server: axum on the sandbox's tokio runtime.

pub(crate) mod checkout;
mod control;
mod faulty;
pub(crate) mod operation;
mod products;
mod reply;
mod verify;

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::serve::Limits;
use crate::state::Shared;
use operation::Op;

/// Serves until `stopped` fires (or its sender is dropped).
pub(crate) async fn serve(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    stopped: oneshot::Receiver<()>,
) {
    let Ok(listener) = TcpListener::from_std(listener) else {
        return;
    };
    let counted = Arc::clone(&shared);
    let accepted = move || {
        counted.connections.fetch_add(1, Ordering::Relaxed);
    };
    let stopped = async {
        stopped.await.ok();
    };
    crate::serve::serve(
        listener,
        router(shared),
        Limits::default(),
        accepted,
        stopped,
    )
    .await;
}

fn router(shared: Arc<Shared>) -> Router {
    let mut router = Router::new();
    for op in Op::ALL {
        router = router.route(
            op.path(),
            post(
                move |State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes| {
                    products::handle(shared, op, headers, body)
                },
            ),
        );
    }
    control::routes(router)
        .merge(checkout::routes())
        .fallback(reply::not_found)
        .with_state(shared)
}
