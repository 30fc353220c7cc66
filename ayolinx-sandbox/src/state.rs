//! [`Shared`]: the configuration and the mutable state every request handler, callback task and
//! the handle share.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use ayolinx_proto::Timestamp;
use ayolinx_proto::callback::{TokenEndpoint, TokenRecord};
use ayolinx_proto::time::JAKARTA_OFFSET_SECONDS;

use crate::builder::Config;
use crate::fault::FaultBook;
use crate::model::{CallbackDelivery, Transaction, TransactionState};
use crate::settle::{Settlement, Transition};
use crate::{SandboxError, callbacks, clock};

/// What the VA flow needs beyond the [`Transaction`].
#[derive(Debug, Clone)]
pub(crate) struct VaDetails {
    pub(crate) partner_service_id: String,
    pub(crate) customer_no: String,
    pub(crate) virtual_account_name: String,
    pub(crate) trx_type: String,
}

/// A transaction and what only the sandbox needs to know about it.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub(crate) transaction: Transaction,
    pub(crate) expires_unix: Option<i64>,
    pub(crate) va: Option<VaDetails>,
}

/// The mutable state, behind one lock.
#[derive(Default)]
pub(crate) struct Inner {
    records: Vec<Record>,
    by_reference: HashMap<String, usize>,
    tokens: HashMap<String, TokenRecord>,
    external_ids: HashSet<(i64, String)>,
    pub(crate) faults: FaultBook,
    callbacks: Vec<CallbackDelivery>,
    counts: HashMap<&'static str, usize>,
    sequence: u64,
}

/// The Jakarta calendar day of an instant: X-EXTERNAL-ID must be unique within one.
fn jakarta_day(now: &Timestamp) -> i64 {
    (now.unix_seconds() + i64::from(JAKARTA_OFFSET_SECONDS)).div_euclid(86_400)
}

impl Inner {
    pub(crate) fn count(&mut self, operation: &'static str) {
        *self.counts.entry(operation).or_default() += 1;
    }

    pub(crate) fn request_count(&self, operation: &str) -> usize {
        self.counts.get(operation).copied().unwrap_or_default()
    }

    pub(crate) fn add_token(&mut self, lookup_key: String, record: TokenRecord, now: &Timestamp) {
        self.tokens
            .retain(|_, token| now.seconds_since(&token.expires_at) < 0);
        self.tokens.insert(lookup_key, record);
    }

    pub(crate) fn token(&self, lookup_key: &str) -> Option<&TokenRecord> {
        self.tokens.get(lookup_key)
    }

    /// Records an X-EXTERNAL-ID for today; false when it was already used today.
    pub(crate) fn use_external_id(&mut self, id: &str, now: &Timestamp) -> bool {
        let today = jakarta_day(now);
        self.external_ids.retain(|(day, _)| *day >= today);
        self.external_ids.insert((today, id.to_owned()))
    }

    /// A fresh Ayolinx-side reference: 14 digits of Jakarta time, 8 of sequence, 13 random.
    pub(crate) fn next_reference(&mut self, now: &Timestamp) -> Result<String, SandboxError> {
        self.sequence += 1;
        let time: String = now
            .to_string()
            .chars()
            .take(19)
            .filter(char::is_ascii_digit)
            .collect();
        Ok(format!(
            "{time}{:08}{}",
            self.sequence % 100_000_000,
            clock::random_digits(13)?
        ))
    }

    /// Adds a transaction; false when its reference is taken.
    pub(crate) fn insert(&mut self, record: Record) -> bool {
        let reference = record.transaction.partner_reference_no.clone();
        if self.by_reference.contains_key(&reference) {
            return false;
        }
        self.by_reference.insert(reference, self.records.len());
        self.records.push(record);
        true
    }

    /// The transaction with this reference, moved to `expired` if its time has passed.
    pub(crate) fn record(&mut self, reference: &str, now: &Timestamp) -> Option<&mut Record> {
        let index = *self.by_reference.get(reference)?;
        let record = self.records.get_mut(index)?;
        expire(record, now);
        Some(record)
    }

    pub(crate) fn transactions(&mut self, now: &Timestamp) -> Vec<Transaction> {
        self.records
            .iter_mut()
            .map(|record| {
                expire(record, now);
                record.transaction.clone()
            })
            .collect()
    }

    pub(crate) fn record_delivery(&mut self, delivery: CallbackDelivery) {
        self.callbacks.push(delivery);
    }

    pub(crate) fn callbacks(&self) -> Vec<CallbackDelivery> {
        self.callbacks.clone()
    }
}

/// A transaction is payable up to and including its expiry second (as the core's payment guard
/// judges a success's `finishedTime`), expired after it.
fn expire(record: &mut Record, now: &Timestamp) {
    if record.transaction.status == TransactionState::Created
        && record
            .expires_unix
            .is_some_and(|expires| now.unix_seconds() > expires)
    {
        record.transaction.status = TransactionState::Expired;
    }
}

/// Everything the server, the callbacks and the handle share.
pub(crate) struct Shared {
    pub(crate) config: Config,
    pub(crate) base_url: String,
    pub(crate) token_endpoint: TokenEndpoint,
    pub(crate) runtime: tokio::runtime::Handle,
    pub(crate) agent: ureq::Agent,
    pub(crate) connections: AtomicUsize,
    inner: Mutex<Inner>,
}

impl Shared {
    pub(crate) fn new(config: Config, base_url: String, runtime: tokio::runtime::Handle) -> Self {
        let token_endpoint = TokenEndpoint::new(
            config.merchant_public_key.clone(),
            config.client_key.as_str(),
        )
        .window_seconds(config.timestamp_window_seconds)
        .token_lifetime_seconds(config.token_lifetime_seconds);
        Self {
            token_endpoint,
            agent: callbacks::agent(),
            config,
            base_url,
            runtime,
            connections: AtomicUsize::new(0),
            inner: Mutex::new(Inner::default()),
        }
    }

    /// The state, even if a thread panicked while holding it (the state stays consistent: every
    /// change is a single insert or field update).
    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The checkout page of a transaction.
    pub(crate) fn checkout_url(&self, reference: &str) -> String {
        format!(
            "{}/sandbox/checkout/{}",
            self.base_url,
            crate::server::checkout::encode_segment(reference)
        )
    }

    /// Marks a transaction paid and starts its callbacks.
    pub(crate) fn pay(self: &Arc<Self>, reference: &str) -> Result<Transaction, SandboxError> {
        self.settle(reference, &Settlement::pay())
    }

    /// Moves a transaction as `settlement` says and starts its callbacks.
    pub(crate) fn settle(
        self: &Arc<Self>,
        reference: &str,
        settlement: &Settlement,
    ) -> Result<Transaction, SandboxError> {
        settlement
            .check()
            .map_err(|reason| SandboxError::BadSettlement { reason })?;
        let now = clock::now()?;
        let record = {
            let mut inner = self.lock();
            let record =
                inner
                    .record(reference, &now)
                    .ok_or_else(|| SandboxError::UnknownTransaction {
                        partner_reference_no: reference.to_owned(),
                    })?;
            let from = record.transaction.status;
            let to = next_state(settlement, from).ok_or_else(|| {
                if settlement.transition == Transition::Pay && !settlement.after_close {
                    SandboxError::NotPayable {
                        partner_reference_no: reference.to_owned(),
                        status: from.to_string(),
                    }
                } else {
                    SandboxError::CannotSettle {
                        partner_reference_no: reference.to_owned(),
                        transition: settlement.transition,
                        after_close: settlement.after_close,
                        status: from,
                    }
                }
            })?;
            let transaction = &mut record.transaction;
            transaction.status = to;
            if to == TransactionState::Expired {
                // Expired now: its last payable second is the one before, so a success from
                // now on is after the expiry.
                let expiry = now.add_seconds(-1).unwrap_or(now);
                record.expires_unix = Some(expiry.unix_seconds());
                transaction.expires_at = Some(expiry.to_string());
            } else {
                transaction.finished_at = Some(now.to_string());
            }
            // A failure or cancel after an underpayment keeps what the success claimed.
            if settlement.transition == Transition::Pay {
                transaction.paid_amount = settlement
                    .amount
                    .clone()
                    .filter(|amount| *amount != transaction.amount);
            }
            record.clone()
        };
        callbacks::start(Arc::clone(self), record.clone(), settlement);
        Ok(record.transaction)
    }
}

/// Where `settlement` takes a transaction in state `from`; `None` when it cannot.
fn next_state(settlement: &Settlement, from: TransactionState) -> Option<TransactionState> {
    use TransactionState::{Cancelled, Created, Expired, Failed, Paid};
    match (settlement.transition, from) {
        (Transition::Pay, Created) if !settlement.after_close => Some(Paid),
        (Transition::Pay, Expired | Cancelled | Failed) if settlement.after_close => Some(Paid),
        (Transition::Fail, Created | Paid) => Some(Failed),
        (Transition::Cancel, Created | Paid) => Some(Cancelled),
        (Transition::Expire, Created) => Some(Expired),
        _ => None,
    }
}
