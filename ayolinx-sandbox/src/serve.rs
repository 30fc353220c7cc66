//! The one HTTP/1 serving loop of every server the project runs (the sandbox, `ayolinx listen`,
//! the test servers): an axum [`Router`] on hyper, with the limits plain `axum::serve` lacks.
//!
//! - A connection whose request head has not fully arrived within [`Limits::head_timeout`]
//!   (default 5 s) is closed. hyper starts that clock whenever it waits for a head, so an idle
//!   keep-alive connection is closed after the same time.
//! - At most [`Limits::max_connections`] (default 512) connections are served at once; further
//!   ones wait in the kernel's accept queue until a slot frees, so slow clients cannot use up
//!   the process's file descriptors.
//!
//! ```
//! use std::time::Duration;
//! use ayolinx_sandbox::serve::{Limits, serve};
//!
//! let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
//! runtime.block_on(async {
//!     let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//!     let app = axum::Router::new().fallback(|| async { "hello" });
//!     let limits = Limits::default().head_timeout(Duration::from_secs(2));
//!     // Serves until the shutdown future completes (here at once).
//!     serve(listener, app, limits, || {}, async {}).await;
//!     Ok::<(), std::io::Error>(())
//! })?;
//! # Ok::<(), std::io::Error>(())
//! ```

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

/// How long [`serve`] waits, once shut down, for the requests in flight.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// How long a client may take, and how many may be connected at once.
#[derive(Debug, Clone, Copy)]
#[must_use]
pub struct Limits {
    head_timeout: Duration,
    max_connections: usize,
}

impl Default for Limits {
    /// 5 s for a request head (and for an idle keep-alive connection), 512 connections.
    fn default() -> Self {
        Self {
            head_timeout: Duration::from_secs(5),
            max_connections: 512,
        }
    }
}

impl Limits {
    /// The longest wait for a whole request head, and for the next request on an idle
    /// keep-alive connection; then the connection is closed.
    pub fn head_timeout(mut self, timeout: Duration) -> Self {
        self.head_timeout = timeout;
        self
    }

    /// The most connections served at once (at least 1).
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections.max(1);
        self
    }
}

/// Serves `app` on `listener` within `limits` until `shutdown` completes; `accepted` is called
/// for every connection taken on. Then it stops accepting, lets the requests in flight finish
/// (their answers are sent, keep-alive connections are closed) and returns; connections still
/// open after [`SHUTDOWN_GRACE`] end with the runtime.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    accepted: impl Fn(),
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let (stopping, stop) = watch::channel(());
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let next = async {
            let slot = Arc::clone(&slots).acquire_owned().await;
            (slot, listener.accept().await)
        };
        let (slot, connection) = tokio::select! {
            next = next => next,
            () = &mut shutdown => break,
        };
        // The semaphore is never closed; a failed accept (e.g. out of descriptors) is retried.
        let (Ok(slot), Ok((stream, _))) = (slot, connection) else {
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        accepted();
        // Small JSON answers go out at once; a failure here only costs latency.
        stream.set_nodelay(true).ok();
        let service = TowerToHyperService::new(app.clone());
        let head_timeout = limits.head_timeout;
        let mut stop = stop.clone();
        tokio::spawn(async move {
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(head_timeout);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            // A connection that times out or breaks ends here; its client sees it closed.
            tokio::select! {
                result = connection.as_mut() => drop(result),
                _ = stop.changed() => {
                    connection.as_mut().graceful_shutdown();
                    connection.await.ok();
                }
            }
            drop(slot);
        });
    }
    drop(stopping);
    let every_slot = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    // Every slot back means every connection has ended; a client that keeps one open past the
    // grace period is cut off with the runtime.
    tokio::time::timeout(SHUTDOWN_GRACE, slots.acquire_many(every_slot))
        .await
        .ok();
}
