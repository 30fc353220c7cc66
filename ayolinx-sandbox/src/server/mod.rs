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
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

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
    let listener = CountingListener {
        inner: listener,
        shared: Arc::clone(&shared),
    };
    let app = router(shared);
    tokio::select! {
        _ = axum::serve(listener, app) => {}
        _ = stopped => {}
    }
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

/// The TCP listener, counting the connections it accepts.
struct CountingListener {
    inner: TcpListener,
    shared: Arc<Shared>,
}

impl axum::serve::Listener for CountingListener {
    type Io = TcpStream;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (stream, addr) = axum::serve::Listener::accept(&mut self.inner).await;
        self.shared.connections.fetch_add(1, Ordering::Relaxed);
        // Small JSON answers go out at once; a failure here only costs latency.
        let _ = stream.set_nodelay(true);
        (stream, addr)
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}
