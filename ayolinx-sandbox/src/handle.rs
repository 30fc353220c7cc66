//! [`SandboxHandle`]: a running sandbox, its credentials, and its control methods.

use std::fmt;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ayolinx_proto::{PublicKey, Secret};
use serde_json::{Value, json};
use tokio::sync::oneshot;

use crate::builder::Config;
use crate::credentials::{
    DEFAULT_CLIENT_SECRET, MERCHANT_PRIVATE_KEY_PEM, MERCHANT_PUBLIC_KEY_PEM,
};
use crate::model::{CallbackDelivery, Transaction};
use crate::state::Shared;
use crate::{Fault, SandboxError, Settlement, clock, server};

/// How long stopping waits for callback attempts in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Set once the server thread has finished.
#[derive(Default)]
struct Finished {
    done: Mutex<bool>,
    signal: Condvar,
}

impl Finished {
    fn set(&self) {
        *self.done.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.signal.notify_all();
    }

    fn wait(&self) {
        let mut done = self.done.lock().unwrap_or_else(PoisonError::into_inner);
        while !*done {
            done = self
                .signal
                .wait(done)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// A running sandbox. It serves on a background thread until [`stop`](Self::stop) or drop.
///
/// `Send + Sync`: share it between test threads with an `Arc`.
pub struct SandboxHandle {
    shared: Arc<Shared>,
    shutdown: Mutex<Option<oneshot::Sender<()>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
    finished: Arc<Finished>,
    ayolinx_public_key_pem: String,
    local: SocketAddr,
}

impl fmt::Debug for SandboxHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxHandle")
            .field("base_url", &self.shared.base_url)
            .field("client_key", &self.shared.config.client_key)
            .finish_non_exhaustive()
    }
}

impl SandboxHandle {
    pub(crate) fn start(config: Config, bind: SocketAddr) -> Result<Self, SandboxError> {
        let listener = std::net::TcpListener::bind(bind)
            .map_err(|source| SandboxError::Bind { addr: bind, source })?;
        listener
            .set_nonblocking(true)
            .map_err(SandboxError::Runtime)?;
        let local = listener.local_addr().map_err(SandboxError::Runtime)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("ayolinx-sandbox-worker")
            .enable_all()
            .build()
            .map_err(SandboxError::Runtime)?;
        let ayolinx_public_key_pem = config.ayolinx_public_key.to_pem();
        let shared = Arc::new(Shared::new(
            config,
            format!("http://{local}"),
            runtime.handle().clone(),
        ));
        let (shutdown, stopped) = oneshot::channel();
        let finished = Arc::new(Finished::default());
        let thread = {
            let shared = Arc::clone(&shared);
            let finished = Arc::clone(&finished);
            std::thread::Builder::new()
                .name("ayolinx-sandbox".into())
                .spawn(move || {
                    runtime.block_on(server::serve(listener, shared, stopped));
                    runtime.shutdown_timeout(SHUTDOWN_GRACE);
                    finished.set();
                })
                .map_err(SandboxError::Runtime)?
        };
        Ok(Self {
            shared,
            shutdown: Mutex::new(Some(shutdown)),
            thread: Mutex::new(Some(thread)),
            finished,
            ayolinx_public_key_pem,
            local,
        })
    }

    /// The base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). The API paths are the
    /// spec's: `{base_url}/v1.0/qr/qr-mpm-generate`.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The address the sandbox listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local
    }

    /// The client key in use.
    pub fn client_key(&self) -> &str {
        &self.shared.config.client_key
    }

    /// The client secret in use.
    pub fn client_secret(&self) -> &Secret {
        &self.shared.config.client_secret
    }

    /// The PEM of the merchant private key that matches the configured merchant public key,
    /// when that is the documented test key (else `None`: the sandbox never holds the merchant's
    /// private key).
    pub fn merchant_private_key_pem(&self) -> Option<&'static str> {
        let default = PublicKey::from_pem(MERCHANT_PUBLIC_KEY_PEM).ok()?;
        (default.to_der() == self.shared.config.merchant_public_key.to_der())
            .then_some(MERCHANT_PRIVATE_KEY_PEM)
    }

    /// The public half of the Ayolinx key the callbacks are signed with.
    pub fn ayolinx_public_key(&self) -> &PublicKey {
        &self.shared.config.ayolinx_public_key
    }

    /// [`ayolinx_public_key`](Self::ayolinx_public_key) as an SPKI PEM.
    pub fn ayolinx_public_key_pem(&self) -> String {
        self.ayolinx_public_key_pem.clone()
    }

    /// The one JSON line `ayolinx sandbox` prints on start: `base_url`, `client_key`, the
    /// client secret only when it is the documented public default, and the keys in use (file
    /// paths when read from files, PEMs otherwise; the Ayolinx private key is never printed),
    /// the time factor and whether callbacks sign the query string.
    ///
    /// ```
    /// let sandbox = ayolinx_sandbox::Sandbox::start()?;
    /// let line = sandbox.startup_json();
    /// assert_eq!(line["base_url"], sandbox.base_url());
    /// assert_eq!(line["client_key"], ayolinx_sandbox::credentials::DEFAULT_CLIENT_KEY);
    /// assert!(line["merchant_private_key_pem"].as_str().is_some()); // the public test key
    /// # Ok::<(), ayolinx_sandbox::SandboxError>(())
    /// ```
    pub fn startup_json(&self) -> Value {
        let config = &self.shared.config;
        let mut line = json!({
            "base_url": self.base_url(),
            "client_key": config.client_key,
        });
        let mut put = |key: &str, value: Value| {
            if let Some(object) = line.as_object_mut() {
                object.insert(key.to_owned(), value);
            }
        };
        if config.secret_is_default {
            put("client_secret", DEFAULT_CLIENT_SECRET.into());
        }
        match &config.merchant_public_key_file {
            Some(path) => put(
                "merchant_public_key_file",
                path.display().to_string().into(),
            ),
            None => put(
                "merchant_public_key_pem",
                config.merchant_public_key.to_pem().into(),
            ),
        }
        if let Some(pem) = self.merchant_private_key_pem() {
            put("merchant_private_key_pem", pem.into());
        }
        if let Some(path) = &config.ayolinx_private_key_file {
            put(
                "ayolinx_private_key_file",
                path.display().to_string().into(),
            );
        }
        put(
            "ayolinx_public_key_pem",
            self.ayolinx_public_key_pem().into(),
        );
        if let Some(url) = &config.callback_url {
            put("callback_url", url.as_str().into());
        }
        put("time_factor", config.time_factor.into());
        put("sign_query", config.sign_query.into());
        line
    }

    /// Marks a transaction paid and starts its callbacks.
    ///
    /// # Errors
    ///
    /// [`SandboxError::UnknownTransaction`], or [`SandboxError::NotPayable`] when it is already
    /// paid, cancelled or expired.
    pub fn pay(&self, partner_reference_no: &str) -> Result<Transaction, SandboxError> {
        self.shared.pay(partner_reference_no)
    }

    /// Plays a bad (or good) day: moves a transaction as `settlement` says and starts its
    /// signed callbacks, built and signed like every other. The same as
    /// `POST /sandbox/v1/transactions/{ref}/{pay|fail|cancel|expire}`. See
    /// [the crate docs](crate#bad-days) for an example.
    ///
    /// # Errors
    ///
    /// [`SandboxError::UnknownTransaction`]; [`SandboxError::NotPayable`] or
    /// [`SandboxError::CannotSettle`] when its state does not allow the transition (pay: created;
    /// pay after close: expired, cancelled or failed; fail and cancel: created or paid; expire:
    /// created); [`SandboxError::BadSettlement`] when the settings do not hold together.
    pub fn settle(
        &self,
        partner_reference_no: &str,
        settlement: &Settlement,
    ) -> Result<Transaction, SandboxError> {
        self.shared.settle(partner_reference_no, settlement)
    }

    /// Fails a created or paid transaction, with its `06` callback.
    ///
    /// # Errors
    ///
    /// As [`settle`](Self::settle).
    pub fn fail(&self, partner_reference_no: &str) -> Result<Transaction, SandboxError> {
        self.settle(partner_reference_no, &Settlement::fail())
    }

    /// Cancels a created or paid transaction, with its `05` callback.
    ///
    /// # Errors
    ///
    /// As [`settle`](Self::settle).
    pub fn cancel(&self, partner_reference_no: &str) -> Result<Transaction, SandboxError> {
        self.settle(partner_reference_no, &Settlement::cancel())
    }

    /// Expires a created transaction now, with its `06` (`EXPIRED`) callback.
    ///
    /// # Errors
    ///
    /// As [`settle`](Self::settle).
    pub fn expire(&self, partner_reference_no: &str) -> Result<Transaction, SandboxError> {
        self.settle(partner_reference_no, &Settlement::expire())
    }

    /// Every transaction, oldest first (the same JSON as `GET /sandbox/v1/transactions`).
    pub fn transactions(&self) -> Vec<Transaction> {
        match clock::now() {
            Ok(now) => self.shared.lock().transactions(&now),
            Err(_) => Vec::new(),
        }
    }

    /// Every callback delivery attempt, oldest first (the same JSON as
    /// `GET /sandbox/v1/callbacks`).
    pub fn callbacks(&self) -> Vec<CallbackDelivery> {
        self.shared.lock().callbacks()
    }

    /// Polls the callback deliveries until `done` holds for them, or `timeout` passes.
    ///
    /// # Errors
    ///
    /// [`SandboxError::Timeout`] when `done` never held.
    pub fn wait_for_callbacks(
        &self,
        done: impl Fn(&[CallbackDelivery]) -> bool,
        timeout: Duration,
    ) -> Result<Vec<CallbackDelivery>, SandboxError> {
        let start = Instant::now();
        loop {
            let deliveries = self.callbacks();
            if done(&deliveries) {
                return Ok(deliveries);
            }
            if start.elapsed() >= timeout {
                return Err(SandboxError::Timeout {
                    waited: start.elapsed(),
                    deliveries: deliveries.len(),
                });
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// How many requests an operation received (by the core's `Operation::NAME`: `token`,
    /// `qris.generate`, …), accepted or refused.
    pub fn request_count(&self, operation: &str) -> usize {
        self.shared.lock().request_count(operation)
    }

    /// How many TCP connections the sandbox has accepted (keep-alive reuses them).
    pub fn connections_accepted(&self) -> usize {
        self.shared.connections.load(Ordering::Relaxed)
    }

    /// Adds a fault. Faults whose kind does not fit their target (a callback fault on an
    /// operation, say) never fire.
    pub fn add_fault(&self, fault: Fault) {
        self.shared.lock().faults.add(fault);
    }

    /// The faults in force.
    pub fn faults(&self) -> Vec<Fault> {
        self.shared.lock().faults.list()
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Stops the server and joins its thread; callback attempts in flight get a few seconds to
    /// finish. Also done on drop; calling it twice is harmless.
    pub fn stop(&self) {
        if let Some(shutdown) = self
            .shutdown
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            // The receiver is gone only if the server already stopped.
            let _ = shutdown.send(());
        }
        let thread = self
            .thread
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(thread) = thread {
            // A panic on the server thread has already been reported there.
            let _ = thread.join();
        }
    }

    /// Blocks until the sandbox stops ([`stop`](Self::stop) from another thread, or the
    /// process ends): what `ayolinx sandbox` does after printing its start-up line.
    pub fn wait(&self) {
        self.finished.wait();
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        self.stop();
    }
}
