//! The bad days: [`Settlement`], how a transaction ends (paid, failed, cancelled, expired) and
//! how its callbacks are delivered (an underpayment, twice, late, out of order, a success after
//! expiry or cancel), and its JSON form for `POST /sandbox/v1/transactions/{ref}/{transition}`.

use std::fmt;
use std::time::Duration;

use ayolinx_proto::Money;
use serde::Deserialize;

/// The most deliveries one settlement asks for.
const MAX_TIMES: u32 = 10;
/// The longest a settlement may hold its callbacks back.
const MAX_DELAY: Duration = Duration::from_secs(3600);

/// How a transaction ends; each sends its signed callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Transition {
    /// Paid: a success callback (`00`).
    Pay,
    /// The payment failed: a `06` callback (`FAILED`). Also after a success (a terminal change
    /// after success).
    Fail,
    /// Cancelled: a `05` callback (`CANCELED`). Also after a success.
    Cancel,
    /// Expired now, unpaid: a `06` callback (`EXPIRED`). Its expiry becomes the second before,
    /// so a success from now on (`after_close`) is paid after it.
    Expire,
}

impl Transition {
    /// The word of the control API's path: `pay`, `fail`, `cancel`, `expire`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pay => "pay",
            Self::Fail => "fail",
            Self::Cancel => "cancel",
            Self::Expire => "expire",
        }
    }

    /// The transition named by a control path word.
    pub fn from_word(word: &str) -> Option<Self> {
        [Self::Pay, Self::Fail, Self::Cancel, Self::Expire]
            .into_iter()
            .find(|transition| transition.as_str() == word)
    }
}

impl fmt::Display for Transition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A transition and how its callbacks go: what
/// [`SandboxHandle::settle`](crate::SandboxHandle::settle) and the control API play.
///
/// ```
/// use std::time::Duration;
/// use ayolinx_proto::{Amount, Money};
/// use ayolinx_sandbox::{Settlement, Transition};
///
/// // A success callback claiming 1.00, delivered twice, half a second late.
/// let underpaid = Settlement::pay()
///     .amount(Money::idr(Amount::from_rupiah(1)?))
///     .times(2)
///     .delay(Duration::from_millis(500));
/// assert_eq!(underpaid.transition, Transition::Pay);
///
/// // The same from JSON, as `POST /sandbox/v1/transactions/ORDER-1/pay` takes it.
/// let json = br#"{"amount":{"value":"1.00","currency":"IDR"},"times":2,"delay_ms":500}"#;
/// assert_eq!(Settlement::from_json(Transition::Pay, json)?, underpaid);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Settlement {
    /// How the transaction ends.
    pub transition: Transition,
    /// [`Transition::Pay`] only: the amount the success callback claims instead of the
    /// transaction's (an underpayment, or another currency).
    pub amount: Option<Money>,
    /// [`Transition::Pay`] only: pay a transaction that expired, was cancelled or failed (a
    /// success after expiry or cancel). Without it such a transaction cannot be paid.
    pub after_close: bool,
    /// How many times each callback is delivered (1 to 10; 2 is a duplicate).
    pub times: u32,
    /// How long the callbacks are held back before the first delivery (a late callback).
    pub delay: Duration,
    /// Also deliver the earlier step (`03`, `PENDING`) after this transition's callback: a
    /// later status delivered before an earlier one.
    pub out_of_order: bool,
}

impl Settlement {
    /// `transition`, its callback delivered once, at once.
    pub fn new(transition: Transition) -> Self {
        Self {
            transition,
            amount: None,
            after_close: false,
            times: 1,
            delay: Duration::ZERO,
            out_of_order: false,
        }
    }

    /// [`Transition::Pay`].
    pub fn pay() -> Self {
        Self::new(Transition::Pay)
    }

    /// [`Transition::Fail`].
    pub fn fail() -> Self {
        Self::new(Transition::Fail)
    }

    /// [`Transition::Cancel`].
    pub fn cancel() -> Self {
        Self::new(Transition::Cancel)
    }

    /// [`Transition::Expire`].
    pub fn expire() -> Self {
        Self::new(Transition::Expire)
    }

    /// The amount the success callback claims (see [`amount`](Self#structfield.amount)).
    pub fn amount(mut self, amount: Money) -> Self {
        self.amount = Some(amount);
        self
    }

    /// Pays although the transaction is closed (see
    /// [`after_close`](Self#structfield.after_close)).
    pub fn after_close(mut self) -> Self {
        self.after_close = true;
        self
    }

    /// Delivers each callback `times` times.
    pub fn times(mut self, times: u32) -> Self {
        self.times = times;
        self
    }

    /// Holds the callbacks back for `delay`.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Delivers the earlier `03` step after this transition's callback.
    pub fn out_of_order(mut self) -> Self {
        self.out_of_order = true;
        self
    }

    /// The control API path that plays this settlement for `partner_reference_no` (percent-
    /// encoded), to append to the sandbox's base URL.
    ///
    /// ```
    /// use ayolinx_sandbox::Settlement;
    /// assert_eq!(Settlement::fail().control_path("ORD 1"), "/sandbox/v1/transactions/ORD%201/fail");
    /// ```
    pub fn control_path(&self, partner_reference_no: &str) -> String {
        format!(
            "/sandbox/v1/transactions/{}/{}",
            crate::server::checkout::encode_segment(partner_reference_no),
            self.transition
        )
    }

    /// The control call's JSON body: the settings that differ from the defaults.
    ///
    /// ```
    /// use std::time::Duration;
    /// use ayolinx_sandbox::{Settlement, Transition};
    /// let late_twice = Settlement::cancel().times(2).delay(Duration::from_millis(500));
    /// assert_eq!(late_twice.to_json().to_string(), r#"{"times":2,"delay_ms":500}"#);
    /// assert_eq!(Settlement::from_json(Transition::Cancel, late_twice.to_json().to_string().as_bytes())?, late_twice);
    /// # Ok::<(), String>(())
    /// ```
    pub fn to_json(&self) -> serde_json::Value {
        let mut body = serde_json::Map::new();
        if let Some(amount) = &self.amount {
            body.insert("amount".into(), serde_json::json!(amount));
        }
        if self.after_close {
            body.insert("after_close".into(), true.into());
        }
        if self.times != 1 {
            body.insert("times".into(), self.times.into());
        }
        if !self.delay.is_zero() {
            let millis = u64::try_from(self.delay.as_millis()).unwrap_or(u64::MAX);
            body.insert("delay_ms".into(), millis.into());
        }
        if self.out_of_order {
            body.insert("out_of_order".into(), true.into());
        }
        body.into()
    }

    /// The settlement a control call's body asks for: empty, or a JSON object with any of
    /// `amount` (`{"value":"1.00","currency":"IDR"}`), `after_close`, `times`, `delay_ms`,
    /// `out_of_order`.
    ///
    /// # Errors
    ///
    /// A message naming what is wrong: not such an object, an unknown field, or a setting
    /// [`check`](Self::check) refuses.
    pub fn from_json(transition: Transition, body: &[u8]) -> Result<Self, String> {
        let body = if body.iter().all(u8::is_ascii_whitespace) {
            SettlementBody::default()
        } else {
            // An object, not a list: serde would read a struct from either.
            serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(body)
                .and_then(|object| serde_json::from_value(object.into()))
                .map_err(|error| format!("not a settlement (a JSON object): {error}"))?
        };
        let settlement = Self {
            transition,
            amount: body.amount,
            after_close: body.after_close,
            times: body.times.unwrap_or(1),
            delay: Duration::from_millis(body.delay_ms),
            out_of_order: body.out_of_order,
        };
        settlement.check()?;
        Ok(settlement)
    }

    /// Whether the settings hold together: `amount` and `after_close` only on a payment,
    /// `times` from 1 to 10, a delay of at most an hour.
    ///
    /// # Errors
    ///
    /// The setting at fault, in a sentence.
    pub fn check(&self) -> Result<(), String> {
        if self.transition != Transition::Pay && (self.amount.is_some() || self.after_close) {
            return Err(format!(
                "amount and after_close apply to pay only, not to {}",
                self.transition
            ));
        }
        if !(1..=MAX_TIMES).contains(&self.times) {
            return Err(format!(
                "times is {}: deliver each callback 1 to {MAX_TIMES} times",
                self.times
            ));
        }
        if self.delay > MAX_DELAY {
            return Err(format!(
                "delay_ms is {}: at most {}",
                self.delay.as_millis(),
                MAX_DELAY.as_millis()
            ));
        }
        Ok(())
    }
}

/// The JSON body of a control call.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettlementBody {
    #[serde(default)]
    amount: Option<Money>,
    #[serde(default)]
    after_close: bool,
    #[serde(default)]
    times: Option<u32>,
    #[serde(default)]
    delay_ms: u64,
    #[serde(default)]
    out_of_order: bool,
}
