//! Money: [`Amount`] (an exact decimal with two places, never a float), [`Currency`] and
//! [`Money`], the `{"currency":"IDR","value":"15000.00"}` object of every Ayolinx message.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An amount of money as an exact count of minor units (hundredths), written with two decimals.
///
/// Built from integer minor units, whole rupiah, or a validated decimal string. It has no float
/// constructor and no float conversion. The largest amount is SNAP's `String(16,2)` maximum,
/// 9999999999999999.99.
///
/// Parsing accepts what Ayolinx and the SNAP samples show: `"15000.00"`, `"15000"`,
/// `"15000.5"`. It rejects signs, exponents, spaces, grouping separators, leading zeros and more
/// than two decimals. It always writes two decimals. Deserialising also accepts a JSON integer
/// (some servers send `15000`), but never a JSON float.
///
/// ```
/// use ayolinx_proto::Amount;
///
/// let a = Amount::from_minor_units(1_500_050)?;
/// assert_eq!(a.to_string(), "15000.50");
/// assert_eq!("15000.5".parse::<Amount>()?, a);
/// assert_eq!(Amount::from_rupiah(15_000)?.to_string(), "15000.00");
/// assert!("1.5e4".parse::<Amount>().is_err());
/// # Ok::<(), ayolinx_proto::money::AmountError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Amount {
    minor_units: u64,
}

impl Amount {
    /// The largest amount, in minor units: 9999999999999999.99.
    pub const MAX_MINOR_UNITS: u64 = 999_999_999_999_999_999;
    /// Zero.
    pub const ZERO: Amount = Amount { minor_units: 0 };

    /// An amount of `minor_units` hundredths (sen for IDR).
    ///
    /// ```
    /// use ayolinx_proto::Amount;
    /// assert_eq!(Amount::from_minor_units(1)?.to_string(), "0.01");
    /// assert!(Amount::from_minor_units(u64::MAX).is_err());
    /// # Ok::<(), ayolinx_proto::money::AmountError>(())
    /// ```
    pub fn from_minor_units(minor_units: u64) -> Result<Self, AmountError> {
        if minor_units > Self::MAX_MINOR_UNITS {
            return Err(AmountError::TooLarge);
        }
        Ok(Self { minor_units })
    }

    /// An amount of whole rupiah (or whole units of another currency).
    ///
    /// ```
    /// assert_eq!(ayolinx_proto::Amount::from_rupiah(20_000)?.to_string(), "20000.00");
    /// # Ok::<(), ayolinx_proto::money::AmountError>(())
    /// ```
    pub fn from_rupiah(rupiah: u64) -> Result<Self, AmountError> {
        rupiah
            .checked_mul(100)
            .ok_or(AmountError::TooLarge)
            .and_then(Self::from_minor_units)
    }

    /// The amount in minor units.
    ///
    /// ```
    /// assert_eq!("10001.00".parse::<ayolinx_proto::Amount>()?.minor_units(), 1_000_100);
    /// # Ok::<(), ayolinx_proto::money::AmountError>(())
    /// ```
    pub fn minor_units(&self) -> u64 {
        self.minor_units
    }

    /// Parses a decimal string (see the type docs for what is accepted).
    ///
    /// ```
    /// use ayolinx_proto::Amount;
    /// assert_eq!(Amount::parse("0.10")?.minor_units(), 10);
    /// assert!(Amount::parse("010.00").is_err());
    /// assert!(Amount::parse("10.001").is_err());
    /// # Ok::<(), ayolinx_proto::money::AmountError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Self, AmountError> {
        // A byte loop: amounts are a few characters, too short for a `memchr` search to pay.
        let (whole, fraction) = match text.bytes().position(|byte| byte == b'.') {
            Some(point) => (text.get(..point).unwrap_or_default(), text.get(point + 1..)),
            None => (text, None),
        };
        if whole.is_empty() {
            return Err(AmountError::Malformed {
                reason: "no digits before the decimal point",
            });
        }
        if !whole.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AmountError::Malformed {
                reason: "only digits and one decimal point are allowed (no sign, exponent, spaces or separators)",
            });
        }
        if whole.len() > 1 && whole.starts_with('0') {
            return Err(AmountError::Malformed {
                reason: "leading zeros",
            });
        }
        if whole.len() > 16 {
            return Err(AmountError::TooLarge);
        }
        let mut cents = 0u64;
        if let Some(fraction) = fraction {
            if fraction.is_empty()
                || fraction.len() > 2
                || !fraction.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(AmountError::Malformed {
                    reason: "one or two digits must follow the decimal point",
                });
            }
            for (i, digit) in fraction.bytes().enumerate() {
                cents += u64::from(digit - b'0') * if i == 0 { 10 } else { 1 };
            }
        }
        let whole = whole
            .bytes()
            .fold(0u64, |acc, digit| acc * 10 + u64::from(digit - b'0'));
        Self::from_minor_units(whole * 100 + cents)
    }

    /// The sum of two amounts, or an error when it exceeds the maximum.
    ///
    /// ```
    /// use ayolinx_proto::Amount;
    /// let total = Amount::from_rupiah(10_000)?.checked_add(Amount::from_minor_units(50)?)?;
    /// assert_eq!(total.to_string(), "10000.50");
    /// # Ok::<(), ayolinx_proto::money::AmountError>(())
    /// ```
    pub fn checked_add(self, other: Amount) -> Result<Amount, AmountError> {
        Self::from_minor_units(self.minor_units + other.minor_units)
    }

    /// The amount times a whole quantity, or an error when it exceeds the maximum.
    ///
    /// ```
    /// use ayolinx_proto::Amount;
    /// assert_eq!(Amount::from_rupiah(20_000)?.checked_mul(3)?.to_string(), "60000.00");
    /// # Ok::<(), ayolinx_proto::money::AmountError>(())
    /// ```
    pub fn checked_mul(self, quantity: u64) -> Result<Amount, AmountError> {
        self.minor_units
            .checked_mul(quantity)
            .ok_or(AmountError::TooLarge)
            .and_then(Self::from_minor_units)
    }
}

impl Amount {
    /// The decimal text (`15000.00`, `0.01`) written at the end of `buf`, without the formatting
    /// machinery (this runs for every amount in a request body). 24 bytes hold any `u64`.
    fn decimal_text(self, buf: &mut [u8; 24]) -> &str {
        let len = buf.len();
        let mut rest = self.minor_units;
        let mut start = len;
        for (position, slot) in buf.iter_mut().enumerate().rev() {
            // Two digits of cents, the point, then at least one digit of the whole part.
            let from_end = len - 1 - position;
            start = position;
            if from_end == 2 {
                *slot = b'.';
                continue;
            }
            *slot = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 && from_end > 2 {
                break;
            }
        }
        // Digits and a point are ASCII, so this is always `Some` and `Ok`.
        buf.get(start..)
            .and_then(|text| std::str::from_utf8(text).ok())
            .unwrap_or_default()
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.decimal_text(&mut [0; 24]))
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({self})")
    }
}

impl FromStr for Amount {
    type Err = AmountError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.decimal_text(&mut [0; 24]))
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AmountVisitor)
    }
}

struct AmountVisitor;

impl serde::de::Visitor<'_> for AmountVisitor {
    type Value = Amount;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount as a decimal string such as \"15000.00\", or a whole number")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Amount, E> {
        Amount::parse(text).map_err(E::custom)
    }

    fn visit_u64<E: serde::de::Error>(self, whole: u64) -> Result<Amount, E> {
        Amount::from_rupiah(whole).map_err(E::custom)
    }

    fn visit_i64<E: serde::de::Error>(self, whole: i64) -> Result<Amount, E> {
        u64::try_from(whole)
            .map_err(|_| {
                E::custom(AmountError::Malformed {
                    reason: "negative amount",
                })
            })
            .and_then(|whole| self.visit_u64(whole))
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Amount, E> {
        Err(E::custom(AmountError::Malformed {
            reason: "a JSON float cannot carry an exact amount; send it as a string such as \"15000.00\"",
        }))
    }
}

/// Why an [`Amount`] could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AmountError {
    /// The text is not a plain decimal with at most two decimals.
    Malformed {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The amount exceeds 9999999999999999.99.
    TooLarge,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed { reason } => write!(f, "invalid amount: {reason}"),
            Self::TooLarge => f.write_str("amount exceeds the maximum of 9999999999999999.99"),
        }
    }
}

impl std::error::Error for AmountError {}

/// An ISO 4217 currency code. Ayolinx deals in `IDR`; any other code is kept as given.
///
/// ```
/// use ayolinx_proto::Currency;
/// assert_eq!(Currency::from("IDR"), Currency::Idr);
/// assert_eq!(Currency::from("USD"), Currency::Other("USD".into()));
/// assert_eq!(Currency::Idr.as_str(), "IDR");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Currency {
    /// Indonesian rupiah.
    #[default]
    Idr,
    /// Any other code, as received.
    Other(String),
}

impl Currency {
    /// The code as written on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Idr => "IDR",
            Self::Other(code) => code,
        }
    }
}

impl From<&str> for Currency {
    fn from(code: &str) -> Self {
        match code {
            "IDR" => Self::Idr,
            other => Self::Other(other.to_owned()),
        }
    }
}

impl std::str::FromStr for Currency {
    type Err = std::convert::Infallible;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Ok(Self::from(code))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The money object of every Ayolinx message: `{"currency":"IDR","value":"15000.00"}`, in that
/// field order.
///
/// ```
/// use ayolinx_proto::{Amount, Money};
/// let money = Money::idr(Amount::from_rupiah(15_000)?);
/// assert_eq!(serde_json::to_string(&money)?, r#"{"currency":"IDR","value":"15000.00"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Money {
    /// The currency, `IDR` for every documented Ayolinx product.
    pub currency: Currency,
    /// The exact amount.
    pub value: Amount,
}

/// Reads money only from an object: the derived reading would also take an array
/// (`["IDR", "20000.00"]`), which other readers of the same body (`amount.value` in JavaScript or
/// PHP) see as no amount at all. Keys other than `currency` and `value` are ignored; each of the
/// two must be there once.
///
/// ```
/// use ayolinx_proto::Money;
/// let money: Money = serde_json::from_str(r#"{"value": "20000.00", "currency": "IDR", "note": 1}"#)?;
/// assert_eq!(money.value.to_string(), "20000.00");
/// let error = serde_json::from_str::<Money>(r#"["IDR", "20000.00"]"#).unwrap_err();
/// assert!(error.to_string().contains("expected an object with a currency and a value"), "{error}");
/// # Ok::<(), serde_json::Error>(())
/// ```
impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("Money", &["currency", "value"], MoneyVisitor)
    }
}

/// A key of a money object.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum MoneyKey {
    Currency,
    Value,
    #[serde(other)]
    Other,
}

struct MoneyVisitor;

impl<'de> serde::de::Visitor<'de> for MoneyVisitor {
    type Value = Money;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object with a currency and a value")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Money, A::Error> {
        use serde::de::Error;
        let (mut currency, mut value) = (None, None);
        while let Some(key) = map.next_key()? {
            match key {
                MoneyKey::Currency if currency.is_some() => {
                    return Err(A::Error::duplicate_field("currency"));
                }
                MoneyKey::Currency => currency = Some(map.next_value()?),
                MoneyKey::Value if value.is_some() => {
                    return Err(A::Error::duplicate_field("value"));
                }
                MoneyKey::Value => value = Some(map.next_value()?),
                MoneyKey::Other => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(Money {
            currency: currency.ok_or_else(|| A::Error::missing_field("currency"))?,
            value: value.ok_or_else(|| A::Error::missing_field("value"))?,
        })
    }
}

impl Money {
    /// An amount in rupiah.
    ///
    /// ```
    /// use ayolinx_proto::{Amount, Currency, Money};
    /// let money = Money::idr("10001.00".parse::<Amount>()?);
    /// assert_eq!(money.currency, Currency::Idr);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn idr(value: Amount) -> Self {
        Self {
            currency: Currency::Idr,
            value,
        }
    }
}

serde_via_str!(Currency);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_text_fits_any_u64() {
        for minor_units in [0, 1, 10, 100, 12_345, u64::MAX] {
            let text = Amount { minor_units }.decimal_text(&mut [0; 24]).to_owned();
            assert_eq!(
                text,
                format!("{}.{:02}", minor_units / 100, minor_units % 100)
            );
        }
    }
}
