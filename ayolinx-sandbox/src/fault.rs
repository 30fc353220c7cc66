//! Faults on demand: [`Fault`], [`FaultKind`], [`FaultTarget`], and their JSON form for
//! `POST /sandbox/v1/faults`.

use serde::{Deserialize, Serialize};

use crate::server::operation::Op;

/// What a fault applies to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FaultTarget {
    /// Requests to one operation, by the core's `Operation::NAME`: `token`, `qris.generate`,
    /// `qris.query`, `qris.cancel`, `ewallet.pay`, `ewallet.status`, `va.create`,
    /// `va.inquiry`, `retail.create`, `retail.query`, `payment_link.create`.
    Operation(String),
    /// The callbacks the sandbox sends.
    Callbacks,
}

/// What goes wrong.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FaultKind {
    /// The request is processed normally; the answer is sent after the delay. On
    /// [`FaultTarget::Callbacks`], each delivery is delayed.
    Latency {
        /// The delay in milliseconds.
        millis: u64,
    },
    /// This status and body are answered instead; the request is NOT processed.
    Status {
        /// The HTTP status.
        status: u16,
        /// The body, sent as given (`application/json` when it parses as JSON).
        body: String,
    },
    /// The request is processed (a create creates), then the connection is closed with no
    /// response.
    DropConnection,
    /// The request is processed; the response is cut half-way (`Content-Length` announces the
    /// full length) and the connection closed.
    TruncatedBody,
    /// The request is processed; the body is replaced by non-JSON text, with status 200.
    NotJson,
    /// On [`FaultTarget::Callbacks`]: every callback is delivered twice.
    DuplicateCallback,
    /// On [`FaultTarget::Callbacks`]: callbacks carry a wrong `X-SIGNATURE`.
    BadCallbackSignature,
}

impl FaultKind {
    /// Whether this kind means something for the target (the JSON API refuses the others;
    /// from Rust they are kept but never fire).
    fn fits(&self, target: &FaultTarget) -> bool {
        match (self, target) {
            (Self::Latency { .. }, _) => true,
            (Self::DuplicateCallback | Self::BadCallbackSignature, target) => {
                *target == FaultTarget::Callbacks
            }
            (_, target) => *target != FaultTarget::Callbacks,
        }
    }
}

/// A fault: a target, a kind, and how many times it applies.
///
/// ```
/// use ayolinx_sandbox::{Fault, FaultKind, FaultTarget};
/// let fault = Fault::new(FaultTarget::Operation("qris.generate".into()), FaultKind::Latency { millis: 2000 }).times(1);
/// assert_eq!(
///     serde_json::to_string(&fault)?,
///     r#"{"target":"qris.generate","kind":"latency","millis":2000,"times":1}"#,
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "FaultSpec", into = "FaultSpec")]
#[non_exhaustive]
pub struct Fault {
    /// What it applies to.
    pub target: FaultTarget,
    /// What goes wrong.
    pub kind: FaultKind,
    /// How many matching requests (or callbacks) it applies to; `None` is unlimited.
    pub times: Option<u32>,
}

impl Fault {
    /// A fault that applies to every matching request until cleared.
    pub fn new(target: FaultTarget, kind: FaultKind) -> Self {
        Self {
            target,
            kind,
            times: None,
        }
    }

    /// Applies to the next `n` matching requests (or callbacks) only.
    pub fn times(mut self, n: u32) -> Self {
        self.times = Some(n);
        self
    }

    pub(crate) fn is_meaningful(&self) -> bool {
        self.kind.fits(&self.target)
    }
}

/// The flat JSON form: `{"target":"qris.generate","kind":"latency","millis":2000,"times":1}`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultSpec {
    target: String,
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    millis: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    times: Option<u32>,
}

const CALLBACKS: &str = "callbacks";

impl TryFrom<FaultSpec> for Fault {
    type Error = String;

    fn try_from(spec: FaultSpec) -> Result<Self, String> {
        let target = if spec.target == CALLBACKS {
            FaultTarget::Callbacks
        } else if Op::from_name(&spec.target).is_some() {
            FaultTarget::Operation(spec.target.clone())
        } else {
            return Err(format!(
                "unknown target {:?}: use \"callbacks\" or an operation name ({})",
                spec.target,
                Op::ALL.map(Op::name).join(", ")
            ));
        };
        let kind = match spec.kind.as_str() {
            "latency" => FaultKind::Latency {
                millis: spec.millis.ok_or("a latency fault needs \"millis\"")?,
            },
            "status" => {
                let status = spec.status.ok_or("a status fault needs \"status\"")?;
                if !(100..=599).contains(&status) {
                    return Err(format!("status {status} is not an HTTP status"));
                }
                FaultKind::Status {
                    status,
                    body: spec.body.unwrap_or_default(),
                }
            }
            "drop_connection" => FaultKind::DropConnection,
            "truncated_body" => FaultKind::TruncatedBody,
            "not_json" => FaultKind::NotJson,
            "duplicate_callback" => FaultKind::DuplicateCallback,
            "bad_callback_signature" => FaultKind::BadCallbackSignature,
            other => {
                return Err(format!(
                    "unknown kind {other:?}: use latency, status, drop_connection, truncated_body, not_json, duplicate_callback or bad_callback_signature"
                ));
            }
        };
        let fault = Fault {
            target,
            kind,
            times: spec.times,
        };
        if !fault.is_meaningful() {
            return Err(format!(
                "a {} fault does not apply to target {:?}",
                spec.kind, spec.target
            ));
        }
        Ok(fault)
    }
}

impl From<Fault> for FaultSpec {
    fn from(fault: Fault) -> Self {
        let target = match fault.target {
            FaultTarget::Operation(name) => name,
            FaultTarget::Callbacks => CALLBACKS.to_owned(),
        };
        let mut spec = FaultSpec {
            target,
            kind: String::new(),
            millis: None,
            status: None,
            body: None,
            times: fault.times,
        };
        spec.kind = match fault.kind {
            FaultKind::Latency { millis } => {
                spec.millis = Some(millis);
                "latency"
            }
            FaultKind::Status { status, body } => {
                spec.status = Some(status);
                spec.body = Some(body);
                "status"
            }
            FaultKind::DropConnection => "drop_connection",
            FaultKind::TruncatedBody => "truncated_body",
            FaultKind::NotJson => "not_json",
            FaultKind::DuplicateCallback => "duplicate_callback",
            FaultKind::BadCallbackSignature => "bad_callback_signature",
        }
        .to_owned();
        spec
    }
}

/// The faults in force, in the order they were added.
#[derive(Debug, Default)]
pub(crate) struct FaultBook {
    faults: Vec<Fault>,
}

/// The callback faults that apply to one callback.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CallbackFaults {
    pub(crate) duplicate: bool,
    pub(crate) bad_signature: bool,
    pub(crate) latency_millis: u64,
}

impl FaultBook {
    pub(crate) fn add(&mut self, fault: Fault) {
        if fault.times != Some(0) {
            self.faults.push(fault);
        }
    }

    pub(crate) fn clear(&mut self) {
        self.faults.clear();
    }

    pub(crate) fn list(&self) -> Vec<Fault> {
        self.faults.clone()
    }

    /// Uses up one application of every fault on `target` that `take` accepts.
    fn consume(&mut self, target: &FaultTarget, mut take: impl FnMut(&FaultKind) -> bool) {
        self.faults.retain_mut(|fault| {
            if fault.target != *target || !fault.is_meaningful() || !take(&fault.kind) {
                return true;
            }
            match &mut fault.times {
                Some(times) => {
                    *times = times.saturating_sub(1);
                    *times > 0
                }
                None => true,
            }
        });
    }

    /// The first fault on an operation, used up once.
    pub(crate) fn for_operation(&mut self, name: &str) -> Option<FaultKind> {
        let target = FaultTarget::Operation(name.to_owned());
        let mut found = None;
        self.consume(&target, |kind| {
            if found.is_some() {
                return false;
            }
            found = Some(kind.clone());
            true
        });
        found
    }

    /// Every fault on the callbacks, each used up once.
    pub(crate) fn for_callback(&mut self) -> CallbackFaults {
        let mut faults = CallbackFaults::default();
        self.consume(&FaultTarget::Callbacks, |kind| {
            match kind {
                FaultKind::DuplicateCallback => faults.duplicate = true,
                FaultKind::BadCallbackSignature => faults.bad_signature = true,
                FaultKind::Latency { millis } => {
                    faults.latency_millis = faults.latency_millis.max(*millis);
                }
                _ => return false,
            }
            true
        });
        faults
    }
}
