//! The local webhook receiver behind `ayolinx listen` and `ayolinx demo`: the `ayolinx-axum`
//! router on a background thread (every callback verified, claimed in the ledger, acknowledged
//! once processed), optionally forwarding verified notifications, each request reported as an
//! [`Event`] for printing.

mod forward;
mod report;
mod router;

use std::net::SocketAddr;
use std::sync::mpsc;
use std::thread::JoinHandle;

use ayolinx_proto::{PublicKey, Secret};
use ayolinx_redis::RedisStore;
use ayolinx_sandbox::serve::Limits;
use tokio::sync::oneshot;

use crate::failure::Failure;
pub(crate) use report::Event;

/// What the receiver checks and where it forwards.
pub(crate) struct Settings {
    /// Ayolinx's public key (scheme C callbacks, scheme D token requests).
    pub(crate) ayolinx_public_key: PublicKey,
    /// Accept notifications only at this path (default: any path, each verified against the
    /// path it arrived at).
    pub(crate) only_path: Option<String>,
    /// The accepted `|X-TIMESTAMP - now|`, in seconds.
    pub(crate) window_seconds: u32,
    /// Forward verified notifications to this URL: only a 2xx from it counts as processed.
    pub(crate) forward: Option<String>,
    /// The client key and secret: with both, the receiver also plays the merchant's side of the
    /// SNAP VA flow (`/v1.0/access-token/b2b`, then `/v1.0/transfer-va/payment`).
    pub(crate) snap_va: Option<(String, Secret)>,
    /// The ledger and issued tokens shared with other receivers (default: this process's).
    pub(crate) store: Option<RedisStore>,
}

/// A receiver serving on a background thread until dropped.
pub(crate) struct Running {
    addr: SocketAddr,
    events: mpsc::Receiver<Event>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Running {
    /// The address it listens on.
    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The events, one per request received.
    pub(crate) fn events(&self) -> &mpsc::Receiver<Event> {
        &self.events
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            // The server may already have stopped; then there is nobody to tell.
            shutdown.send(()).ok();
        }
        if let Some(thread) = self.thread.take() {
            thread.join().ok();
        }
    }
}

/// A bound socket, not serving yet: its address can be handed out (for example to a sandbox
/// that will call it) before the receiver's settings are known.
pub(crate) struct Bound {
    socket: std::net::TcpListener,
    addr: SocketAddr,
}

/// Binds `addr`.
pub(crate) fn bind(addr: SocketAddr) -> Result<Bound, Failure> {
    let cannot =
        |error: std::io::Error| Failure::BadInput(format!("cannot listen on {addr}: {error}"));
    let socket = std::net::TcpListener::bind(addr).map_err(cannot)?;
    socket.set_nonblocking(true).map_err(cannot)?;
    let addr = socket.local_addr().map_err(cannot)?;
    Ok(Bound { socket, addr })
}

/// Binds `addr` and serves on a background thread.
pub(crate) fn start(addr: SocketAddr, settings: Settings) -> Result<Running, Failure> {
    bind(addr)?.serve(settings)
}

impl Bound {
    /// The address it listens on.
    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves on a background thread until the returned receiver is dropped.
    pub(crate) fn serve(self, settings: Settings) -> Result<Running, Failure> {
        let Self { socket, addr } = self;
        let (events_tx, events) = mpsc::channel();
        let app = router::build(settings, events_tx)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|error| Failure::BadInput(format!("cannot start the server: {error}")))?;
        let (shutdown, stopped) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(socket) else {
                    return;
                };
                let stopped = async move {
                    stopped.await.ok();
                };
                // When it returns the thread ends; the events channel then closes, which the
                // reader sees.
                ayolinx_sandbox::serve::serve(listener, app, Limits::default(), || {}, stopped)
                    .await;
            });
        });
        Ok(Running {
            addr,
            events,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }
}
