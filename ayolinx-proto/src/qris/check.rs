//! [`Payload::check_payment`]: a dynamic QR for exactly the money asked for.

use super::error::QrisError;
use super::parse::Payload;
use crate::{Amount, Currency, Money};

/// The ISO 4217 numeric code tag `53` carries for a currency, when this crate knows it.
fn numeric_code(currency: &Currency) -> Option<&'static str> {
    match currency {
        Currency::Idr => Some("360"),
        Currency::Other(_) => None,
    }
}

impl Payload {
    /// Checks that this is the QR for one payment of `money` in Indonesia: dynamic (`01` is
    /// `12`), currency `53` `360` (IDR), country `58` `ID`, and amount `54` equal to `money`
    /// (compared exactly: `"15000"` equals `"15000.00"`).
    ///
    /// # Errors
    ///
    /// The first of [`QrisError::NotDynamic`], [`QrisError::WrongCurrency`],
    /// [`QrisError::WrongCountry`] and [`QrisError::WrongAmount`] that applies.
    ///
    /// ```
    /// use ayolinx_proto::qris::{Payload, QrisError};
    /// use ayolinx_proto::{Amount, Money};
    ///
    /// let payload = Payload::parse("00020101021253033605405150005802ID6304B376")?;
    /// assert_eq!(payload.check_payment(&Money::idr(Amount::from_rupiah(15_000)?)), Ok(()));
    /// assert!(matches!(
    ///     payload.check_payment(&Money::idr(Amount::from_rupiah(20_000)?)),
    ///     Err(QrisError::WrongAmount { .. })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_payment(&self, money: &Money) -> Result<(), QrisError> {
        let found = |tag| self.value(tag).map(str::to_owned);
        if !self.is_dynamic() {
            return Err(QrisError::NotDynamic { found: found("01") });
        }
        let expected_currency = numeric_code(&money.currency);
        if expected_currency.is_none() || self.value("53") != expected_currency {
            return Err(QrisError::WrongCurrency {
                expected: expected_currency
                    .unwrap_or(money.currency.as_str())
                    .to_owned(),
                found: found("53"),
            });
        }
        if self.value("58") != Some("ID") {
            return Err(QrisError::WrongCountry { found: found("58") });
        }
        let amount = self.value("54").and_then(|text| Amount::parse(text).ok());
        if amount != Some(money.value) {
            return Err(QrisError::WrongAmount {
                expected: money.value,
                found: found("54"),
            });
        }
        Ok(())
    }
}
