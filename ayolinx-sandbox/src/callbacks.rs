//! Callbacks as Ayolinx sends them: a scheme C notification to the `NOTIFICATION` URL (or the
//! configured callback URL), or, for a VA with a merchant VA base URL, the SNAP flow (scheme D:
//! the merchant's token endpoint, then the payment notice with that token; payments only).
//! Unacknowledged callbacks are retried after 1, 5, 10 and 60 minutes, scaled by the time
//! factor. A [`Settlement`] decides what the callbacks say (the status, the amount claimed) and
//! how they go (twice, late, an earlier step after them); every callback of every transition is
//! built and signed here, the same way. Every attempt is recorded. The HTTP calls are blocking
//! (ureq) and run on tokio's blocking pool.

use std::sync::Arc;
use std::time::Duration;

use ayolinx_proto::body::{self, BodyEncoding};
use ayolinx_proto::callback::VaSignatureCheck;
use ayolinx_proto::callback::sign::{
    ACCESS_TOKEN_PATH, SignedRequest, VaPaymentSigning, sign_callback, sign_merchant_token_request,
    sign_va_payment,
};
use ayolinx_proto::{ExternalId, Money, Secret, Timestamp, TransactionStatus};
use serde_json::{Value, json};

use crate::clock;
use crate::fault::CallbackFaults;
use crate::model::{CallbackDelivery, CallbackKind, TransactionState};
use crate::server::operation::Op;
use crate::settle::Settlement;
use crate::state::{Record, Shared, VaDetails};

/// Ayolinx's retry delays after a failed delivery, in seconds (before the time factor).
pub const RETRY_SCHEDULE_SECONDS: [u64; 4] = [60, 300, 600, 3600];
/// The path of the SNAP VA payment notice on the merchant side.
pub const VA_PAYMENT_PATH: &str = "/v1.0/transfer-va/payment";
/// How long one callback call may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);
/// The most of a merchant's answer read (and 4 KiB of it kept).
const READ_LIMIT: u64 = 64 * 1024;
const KEPT_CHARS: usize = 4096;

/// The blocking HTTP client callbacks are sent with.
pub(crate) fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(CALL_TIMEOUT))
        .build()
        .into()
}

/// What one callback says about the transaction.
struct Notice {
    status: TransactionStatus,
    desc: &'static str,
    amount: Money,
    finished_at: Option<String>,
}

/// The callbacks of a transition, in delivery order: the transaction's new state, then (out of
/// order) the earlier `03` step.
fn notices(record: &Record, settlement: &Settlement) -> Vec<Notice> {
    let transaction = &record.transaction;
    let mut notices = vec![Notice {
        status: transaction.status.latest_transaction_status(),
        desc: transaction.status.status_desc(),
        // What a success claimed; every other status carries the transaction's amount.
        amount: transaction
            .paid_amount
            .clone()
            .filter(|_| transaction.status == TransactionState::Paid)
            .unwrap_or_else(|| transaction.amount.clone()),
        finished_at: transaction.finished_at.clone(),
    }];
    if settlement.out_of_order {
        notices.push(Notice {
            status: TransactionStatus::Pending,
            desc: "PENDING",
            amount: transaction.amount.clone(),
            finished_at: None,
        });
    }
    notices
}

/// Where one callback of a transaction goes.
enum Plan {
    Notify { url: String },
    VaSnap { base: String, va: VaDetails },
}

/// The SNAP VA flow notifies payments only; every other notice is a notification.
fn plan(shared: &Shared, record: &Record, notice: &Notice) -> Option<Plan> {
    let config = &shared.config;
    if let (Some(va), Some(base), TransactionStatus::Success) =
        (&record.va, &config.merchant_va_base_url, &notice.status)
    {
        return Some(Plan::VaSnap {
            base: request_target(base),
            va: va.clone(),
        });
    }
    record
        .transaction
        .notification_url
        .clone()
        .or_else(|| config.callback_url.clone())
        .map(|url| Plan::Notify {
            url: request_target(&url),
        })
}

/// `url` as it may stand in a request line (and so as it is signed): every byte of its path
/// and query outside RFC 3986's unreserved and reserved characters (non-ASCII, spaces,
/// controls, `"<>\^`{|}`) percent-encoded. `%` stays, so escapes already present are kept.
fn request_target(url: &str) -> String {
    let authority_end = url.split_once("://").map_or(0, |(scheme, rest)| {
        scheme.len() + 3 + rest.find(['/', '?', '#']).unwrap_or(rest.len())
    });
    let (origin, target) = url.split_at_checked(authority_end).unwrap_or((url, ""));
    let mut out = String::with_capacity(url.len() + 16);
    out.push_str(origin);
    for byte in target.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Starts the callbacks of a transaction that was just settled (none without a URL).
pub(crate) fn start(shared: Arc<Shared>, record: Record, settlement: &Settlement) {
    let deliveries: Vec<_> = notices(&record, settlement)
        .into_iter()
        .filter_map(|notice| Some((Arc::new(plan(&shared, &record, &notice)?), Arc::new(notice))))
        .collect();
    if deliveries.is_empty() {
        return;
    }
    let runtime = shared.runtime.clone();
    let times = settlement.times;
    let delay = settlement.delay;
    runtime.spawn(async move {
        tokio::time::sleep(delay).await;
        let record = Arc::new(record);
        for (plan, notice) in deliveries {
            let callback = Callback {
                record: Arc::clone(&record),
                notice,
                times,
            };
            deliver(Arc::clone(&shared), callback, plan).await;
        }
    });
}

/// One callback of a transaction, and how many times each attempt sends it.
#[derive(Clone)]
struct Callback {
    record: Arc<Record>,
    notice: Arc<Notice>,
    times: u32,
}

fn scaled(seconds: f64, factor: f64) -> Duration {
    Duration::try_from_secs_f64(seconds * factor).unwrap_or(Duration::MAX)
}

/// Delivers one callback until it is acknowledged or the retries run out.
async fn deliver(shared: Arc<Shared>, callback: Callback, plan: Arc<Plan>) {
    for attempt in 1..=5_u32 {
        let retry = usize::try_from(attempt).ok().and_then(|n| n.checked_sub(2));
        if let Some(delay) = retry.and_then(|index| RETRY_SCHEDULE_SECONDS.get(index)) {
            let delay = scaled(*delay as f64, shared.config.time_factor);
            tokio::time::sleep(delay).await;
        }
        let faults = shared.lock().faults.for_callback();
        if faults.latency_millis > 0 {
            tokio::time::sleep(Duration::from_millis(faults.latency_millis)).await;
        }
        let (shared, callback, plan) = (Arc::clone(&shared), callback.clone(), Arc::clone(&plan));
        let acknowledged = tokio::task::spawn_blocking(move || {
            Attempt {
                shared: &shared,
                record: &callback.record,
                notice: &callback.notice,
                times: callback.times,
                number: attempt,
                faults,
            }
            .run(&plan)
        })
        .await
        .unwrap_or(false);
        if acknowledged {
            return;
        }
    }
}

/// What Ayolinx signs as ROUTE: the path of a URL, with its query string when `with_query`
/// (never the fragment).
fn route(url: &str, with_query: bool) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let target = rest
        .find('/')
        .and_then(|start| rest.get(start..))
        .unwrap_or("/");
    let ends: &[char] = if with_query { &['#'] } else { &['?', '#'] };
    target.split(ends).next().unwrap_or("/")
}

/// A valid-looking but wrong signature.
fn tamper(signature: &str) -> String {
    let replacement = if signature.starts_with('A') { "B" } else { "A" };
    format!("{replacement}{}", signature.get(1..).unwrap_or_default())
}

/// The merchant's answer.
struct Answer {
    status: Option<u16>,
    body: Option<String>,
    error: Option<String>,
}

impl Answer {
    /// A 2xx with a JSON body: what stops Ayolinx's retries.
    fn json(&self) -> Option<Value> {
        let status = self.status?;
        if !(200..300).contains(&status) {
            return None;
        }
        serde_json::from_str(self.body.as_deref()?).ok()
    }
}

/// One attempt to deliver a transaction's callback.
struct Attempt<'a> {
    shared: &'a Shared,
    record: &'a Record,
    notice: &'a Notice,
    times: u32,
    number: u32,
    faults: CallbackFaults,
}

impl Attempt<'_> {
    fn run(&self, plan: &Plan) -> bool {
        let Ok(now) = clock::now() else {
            return false;
        };
        let config = &self.shared.config;
        match plan {
            Plan::Notify { url } => {
                let body = encode(&notification_body(self.record, self.notice));
                let signed = sign_callback(
                    &config.ayolinx_private_key,
                    route(url, config.sign_query),
                    &body,
                    &now,
                );
                self.send_all(
                    url,
                    CallbackKind::Notification,
                    &signed,
                    self.faults.bad_signature,
                )
                .iter()
                .any(|answer| answer.json().is_some())
            }
            Plan::VaSnap { base, va } => self.va_snap(base, va, now),
        }
    }

    /// The SNAP VA flow: token, then the payment notice with it.
    fn va_snap(&self, base: &str, va: &VaDetails, now: Timestamp) -> bool {
        let config = &self.shared.config;
        let token_url = format!("{base}{ACCESS_TOKEN_PATH}");
        let signed =
            sign_merchant_token_request(&config.ayolinx_private_key, &config.client_key, &now);
        let answer = self.send(&token_url, CallbackKind::VaToken, &signed, false);
        let token = answer
            .json()
            .and_then(|json| {
                json.get("accessToken")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .filter(|token| !token.is_empty());
        let Some(token) = token else {
            return false;
        };
        let Ok(random) = clock::random::<16>() else {
            return false;
        };
        let external_id = ExternalId::generate(&now, random);
        let payment_url = format!("{base}{VA_PAYMENT_PATH}");
        let access_token = Secret::new(token);
        let signing = VaPaymentSigning {
            path: route(&payment_url, false),
            access_token: &access_token,
            client_secret: &config.client_secret,
            partner_id: &config.client_key,
            external_id: external_id.as_str(),
            algorithm: VaSignatureCheck::HmacSha512,
        };
        let body = encode(&va_payment_body(self.record, va, self.notice));
        let signed = sign_va_payment(&signing, &body, &now);
        self.send_all(
            &payment_url,
            CallbackKind::VaPayment,
            &signed,
            self.faults.bad_signature,
        )
        .iter()
        .any(|answer| answer.json().is_some())
    }

    /// Sends `times` times, twice as often under the duplicate-callback fault.
    fn send_all(
        &self,
        url: &str,
        kind: CallbackKind,
        signed: &SignedRequest,
        bad_signature: bool,
    ) -> Vec<Answer> {
        let times = if self.faults.duplicate {
            self.times.saturating_mul(2)
        } else {
            self.times
        };
        (0..times)
            .map(|_| self.send(url, kind, signed, bad_signature))
            .collect()
    }

    /// Sends one call and records it.
    fn send(
        &self,
        url: &str,
        kind: CallbackKind,
        signed: &SignedRequest,
        bad_signature: bool,
    ) -> Answer {
        let mut request = self.shared.agent.post(url);
        let mut timestamp = String::new();
        for (name, value) in &signed.headers {
            let value = if bad_signature && name == "X-SIGNATURE" {
                tamper(value)
            } else {
                value.clone()
            };
            if name == "X-TIMESTAMP" {
                timestamp.clone_from(&value);
            }
            request = request.header(name.as_str(), value);
        }
        let answer = match request.send(&signed.body[..]) {
            Ok(mut response) => {
                let status = response.status().as_u16();
                let body = response
                    .body_mut()
                    .with_config()
                    .limit(READ_LIMIT)
                    .read_to_vec()
                    .map(|bytes| {
                        String::from_utf8_lossy(&bytes)
                            .chars()
                            .take(KEPT_CHARS)
                            .collect()
                    });
                Answer {
                    status: Some(status),
                    body: body.as_ref().ok().cloned(),
                    error: body.err().map(|error| error.to_string()),
                }
            }
            Err(error) => Answer {
                status: None,
                body: None,
                error: Some(error.to_string()),
            },
        };
        let acknowledged = match kind {
            CallbackKind::VaToken => answer
                .json()
                .is_some_and(|json| json.get("accessToken").and_then(Value::as_str).is_some()),
            _ => answer.json().is_some(),
        };
        self.shared.lock().record_delivery(CallbackDelivery {
            partner_reference_no: self.record.transaction.partner_reference_no.clone(),
            url: url.to_owned(),
            attempt: self.number,
            kind,
            http_status: answer.status,
            acknowledged,
            error: answer.error.clone(),
            timestamp,
            request_body: String::from_utf8_lossy(&signed.body).into_owned(),
            response_body: answer.body.clone(),
            bad_signature,
        });
        answer
    }
}

/// The exact body bytes of a callback.
fn encode(value: &Value) -> Vec<u8> {
    body::encode(value, BodyEncoding::Compact).unwrap_or_else(|_| value.to_string().into_bytes())
}

/// `callbackType` by the operation that created the transaction (`QRIS` is seen on real
/// traffic; the others follow the product names).
fn callback_type(operation: &str) -> &'static str {
    match Op::from_name(operation) {
        Some(Op::EwalletPay) => "EWALLET",
        Some(Op::VaCreate) => "VIRTUAL_ACCOUNT",
        Some(Op::RetailCreate) => "RETAIL",
        Some(Op::PaymentLinkCreate) => "PAYMENT_LINK",
        _ => "QRIS",
    }
}

/// The notification (scheme C) of a transaction, with the fields of the QRIS notify page.
fn notification_body(record: &Record, notice: &Notice) -> Value {
    let transaction = &record.transaction;
    let mut additional = json!({"channel": transaction.channel});
    if let Some(object) = additional.as_object_mut() {
        if transaction.operation == Op::QrisGenerate.name() {
            let rrn: String = transaction.reference_no.chars().rev().take(12).collect();
            object.insert("rRN".into(), rrn.into());
        }
        if let Some(link) = &transaction.payment_link_id {
            object.insert("plh".into(), link.as_str().into());
        }
    }
    let mut body = json!({
        "originalReferenceNo": transaction.reference_no,
        "originalPartnerReferenceNo": transaction.partner_reference_no,
        "latestTransactionStatus": notice.status.code(),
        "transactionStatusDesc": notice.desc,
        "amount": notice.amount,
    });
    if let Some(object) = body.as_object_mut() {
        // An earlier step delivered out of order has not finished: no finishedTime.
        if let Some(finished) = &notice.finished_at {
            object.insert("finishedTime".into(), finished.as_str().into());
        }
        object.insert(
            "callbackType".into(),
            callback_type(&transaction.operation).into(),
        );
        object.insert("additionalInfo".into(), additional);
    }
    body
}

/// The SNAP VA payment notice (scheme D) of a paid VA.
fn va_payment_body(record: &Record, va: &VaDetails, notice: &Notice) -> Value {
    let transaction = &record.transaction;
    json!({
        "partnerServiceId": va.partner_service_id,
        "customerNo": va.customer_no,
        "virtualAccountNo": transaction.va_number,
        "virtualAccountName": va.virtual_account_name,
        "trxId": transaction.partner_reference_no,
        "paymentRequestId": transaction.reference_no,
        "paidAmount": notice.amount,
        "virtualAccountTrxType": va.trx_type,
        "additionalInfo": {
            "channel": transaction.channel,
            "paymentTimeIso8601": notice.finished_at,
        },
    })
}
