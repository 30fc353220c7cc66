//! [`Timestamp`]: the `X-TIMESTAMP` value, written `yyyy-MM-ddTHH:mm:ss+HH:MM`.

use std::fmt;
use std::str::FromStr;

/// Seconds east of UTC of Asia/Jakarta (WIB, `+07:00`), the offset Ayolinx expects.
pub const JAKARTA_OFFSET_SECONDS: i32 = 7 * 3600;

const SECONDS_PER_DAY: i64 = 86_400;
/// Largest whole-minute offset written as `±HH:MM` with HH below 24.
const MAX_OFFSET_SECONDS: i32 = 23 * 3600 + 59 * 60;
/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the instants a four-digit year can write.
const MIN_UNIX: i64 = -62_167_219_200;
const MAX_UNIX: i64 = 253_402_300_799;

/// An instant with whole-second precision and the UTC offset it is written in.
///
/// Written (by `Display`) as `yyyy-MM-ddTHH:mm:ss+HH:MM`: never `Z`, never fractional seconds,
/// always a numeric offset, which is what Ayolinx's `X-TIMESTAMP` expects. Made from unix seconds
/// and an offset (Asia/Jakarta `+07:00` by default), so the core never reads a clock. Parsing is
/// lenient, because what servers send back varies: `Z`, fractional seconds (dropped, rounding
/// down), `+HH:MM`, `+HHMM` and `+HH` offsets are all accepted.
///
/// Equality compares the instant and the offset; use [`Timestamp::unix_seconds`] to compare
/// instants across offsets.
///
/// ```
/// use ayolinx_proto::Timestamp;
///
/// let ts = Timestamp::from_unix(1_726_120_500)?;
/// assert_eq!(ts.to_string(), "2024-09-12T12:55:00+07:00");
///
/// let parsed: Timestamp = "2024-09-12T05:55:00.250Z".parse()?;
/// assert_eq!(parsed.unix_seconds(), ts.unix_seconds());
/// assert_eq!(parsed.to_string(), "2024-09-12T05:55:00+00:00");
/// assert_eq!(parsed.with_offset_seconds(7 * 3600)?, ts);
/// # Ok::<(), ayolinx_proto::time::TimestampError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    unix: i64,
    offset: i32,
}

impl Timestamp {
    /// The instant `unix` seconds after 1970-01-01T00:00:00Z, written in Asia/Jakarta time
    /// (`+07:00`).
    ///
    /// ```
    /// use ayolinx_proto::Timestamp;
    /// assert_eq!(Timestamp::from_unix(0)?.to_string(), "1970-01-01T07:00:00+07:00");
    /// # Ok::<(), ayolinx_proto::time::TimestampError>(())
    /// ```
    pub fn from_unix(unix: i64) -> Result<Self, TimestampError> {
        Self::from_unix_with_offset(unix, JAKARTA_OFFSET_SECONDS)
    }

    /// The instant `unix` seconds after the epoch, written with an offset of `offset_seconds`
    /// east of UTC (a whole number of minutes, less than 24 hours either way).
    ///
    /// ```
    /// use ayolinx_proto::Timestamp;
    /// let utc = Timestamp::from_unix_with_offset(1_726_120_500, 0)?;
    /// assert_eq!(utc.to_string(), "2024-09-12T05:55:00+00:00");
    /// let india = Timestamp::from_unix_with_offset(1_726_120_500, 5 * 3600 + 30 * 60)?;
    /// assert_eq!(india.to_string(), "2024-09-12T11:25:00+05:30");
    /// # Ok::<(), ayolinx_proto::time::TimestampError>(())
    /// ```
    pub fn from_unix_with_offset(unix: i64, offset_seconds: i32) -> Result<Self, TimestampError> {
        if offset_seconds % 60 != 0 || offset_seconds.abs() > MAX_OFFSET_SECONDS {
            return Err(TimestampError::InvalidOffset { offset_seconds });
        }
        let local = unix.checked_add(i64::from(offset_seconds));
        match local {
            Some(local) if (MIN_UNIX..=MAX_UNIX).contains(&local) => Ok(Self {
                unix,
                offset: offset_seconds,
            }),
            _ => Err(TimestampError::OutOfRange { unix }),
        }
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(&self) -> i64 {
        self.unix
    }

    /// The offset this timestamp is written in, in seconds east of UTC.
    pub fn offset_seconds(&self) -> i32 {
        self.offset
    }

    /// The same instant written with another offset.
    ///
    /// ```
    /// use ayolinx_proto::Timestamp;
    /// let ts: Timestamp = "2024-09-12T05:55:00Z".parse()?;
    /// assert_eq!(ts.with_offset_seconds(7 * 3600)?.to_string(), "2024-09-12T12:55:00+07:00");
    /// # Ok::<(), ayolinx_proto::time::TimestampError>(())
    /// ```
    pub fn with_offset_seconds(&self, offset_seconds: i32) -> Result<Self, TimestampError> {
        Self::from_unix_with_offset(self.unix, offset_seconds)
    }

    /// This instant moved by `seconds` (negative moves back), in the same offset.
    ///
    /// ```
    /// use ayolinx_proto::Timestamp;
    /// let ts = Timestamp::from_unix(1_726_120_500)?;
    /// assert_eq!(ts.add_seconds(3600)?.to_string(), "2024-09-12T13:55:00+07:00");
    /// # Ok::<(), ayolinx_proto::time::TimestampError>(())
    /// ```
    pub fn add_seconds(&self, seconds: i64) -> Result<Self, TimestampError> {
        let unix = self
            .unix
            .checked_add(seconds)
            .ok_or(TimestampError::OutOfRange { unix: self.unix })?;
        Self::from_unix_with_offset(unix, self.offset)
    }

    /// Seconds from `earlier` to `self` (negative when `self` is before `earlier`).
    ///
    /// ```
    /// use ayolinx_proto::Timestamp;
    /// let a: Timestamp = "2024-09-12T12:55:00+07:00".parse()?;
    /// let b: Timestamp = "2024-09-12T05:56:30Z".parse()?;
    /// assert_eq!(b.seconds_since(&a), 90);
    /// # Ok::<(), ayolinx_proto::time::TimestampError>(())
    /// ```
    pub fn seconds_since(&self, earlier: &Timestamp) -> i64 {
        // Both lie within years 0000..=9999, so the difference cannot overflow.
        self.unix.saturating_sub(earlier.unix)
    }

    /// Parses a timestamp leniently (see the type docs).
    ///
    /// ```
    /// use ayolinx_proto::Timestamp;
    /// for text in ["2024-09-12T12:55:00+07:00", "2024-09-12T12:55:00+0700", "2024-09-12T05:55:00Z", "2024-09-12T05:55:00.123456Z"] {
    ///     assert_eq!(Timestamp::parse(text)?.unix_seconds(), 1_726_120_500);
    /// }
    /// assert!(Timestamp::parse("12/09/2024 12:55").is_err());
    /// # Ok::<(), ayolinx_proto::time::TimestampError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        parse::parse(text)
    }

    fn civil(&self) -> (i64, u32, u32, u32, u32, u32) {
        let local = self.unix + i64::from(self.offset);
        let days = local.div_euclid(SECONDS_PER_DAY);
        let secs = local.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        // secs lies in 0..86_400, so the casts are lossless.
        let secs = secs as u32;
        (year, month, day, secs / 3600, secs / 60 % 60, secs % 60)
    }
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// (year, month, day) to days since 1970-01-01 (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day, hour, minute, second) = self.civil();
        let sign = if self.offset < 0 { '-' } else { '+' };
        let offset_minutes = self.offset.unsigned_abs() / 60;
        // Every timestamp's year lies in 0000..=9999 and its offset within ±23:59 (checked when
        // it is made), so the text has fixed-width fields: written digit by digit into one
        // buffer, without the formatting machinery (this runs for every signed request).
        if let Ok(year @ 0..=9999) = u32::try_from(year) {
            let mut text = *b"0000-00-00T00:00:00+00:00";
            for (range, value) in [
                (0..4, year),
                (5..7, month),
                (8..10, day),
                (11..13, hour),
                (14..16, minute),
                (17..19, second),
                (20..22, offset_minutes / 60),
                (23..25, offset_minutes % 60),
            ] {
                let mut value = value;
                for slot in text.get_mut(range).unwrap_or_default().iter_mut().rev() {
                    *slot = b'0' + (value % 10) as u8;
                    value /= 10;
                }
            }
            if let Some(slot) = text.get_mut(19) {
                *slot = if sign == '-' { b'-' } else { b'+' };
            }
            return f.write_str(std::str::from_utf8(&text).unwrap_or_default());
        }
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{sign}{:02}:{:02}",
            offset_minutes / 60,
            offset_minutes % 60
        )
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

serde_via_str!(Timestamp);

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

mod parse {
    //! The lenient timestamp grammar:
    //! `YYYY-MM-DD` (`T`|`t`|` `) `hh:mm:ss` [`.` digits] (`Z`|`z`|`±hh:mm`|`±hhmm`|`±hh`).

    use super::{Timestamp, TimestampError, days_from_civil, days_in_month};

    struct Cursor<'a> {
        text: &'a [u8],
        at: usize,
    }

    impl Cursor<'_> {
        fn peek(&self) -> Option<u8> {
            self.text.get(self.at).copied()
        }

        fn expect(&mut self, wanted: &[u8], what: &'static str) -> Result<u8, TimestampError> {
            match self.peek() {
                Some(byte) if wanted.contains(&byte) => {
                    self.at += 1;
                    Ok(byte)
                }
                _ => Err(self.error(what)),
            }
        }

        fn digits(&mut self, count: usize, what: &'static str) -> Result<u32, TimestampError> {
            let mut value = 0u32;
            for _ in 0..count {
                match self.peek() {
                    Some(byte @ b'0'..=b'9') => {
                        value = value * 10 + u32::from(byte - b'0');
                        self.at += 1;
                    }
                    _ => return Err(self.error(what)),
                }
            }
            Ok(value)
        }

        fn error(&self, expected: &'static str) -> TimestampError {
            TimestampError::Malformed {
                offset: self.at,
                expected,
            }
        }
    }

    pub(super) fn parse(text: &str) -> Result<Timestamp, TimestampError> {
        let mut c = Cursor {
            text: text.as_bytes(),
            at: 0,
        };
        let year = c.digits(4, "a four-digit year")?;
        c.expect(b"-", "'-' after the year")?;
        let month = c.digits(2, "a two-digit month")?;
        c.expect(b"-", "'-' after the month")?;
        let day = c.digits(2, "a two-digit day")?;
        c.expect(b"Tt ", "'T' between the date and the time")?;
        let hour = c.digits(2, "a two-digit hour")?;
        c.expect(b":", "':' after the hour")?;
        let minute = c.digits(2, "two-digit minutes")?;
        c.expect(b":", "':' after the minutes")?;
        let second = c.digits(2, "two-digit seconds")?;
        if c.peek() == Some(b'.') {
            c.at += 1;
            c.digits(1, "a digit after the decimal point")?;
            while let Some(b'0'..=b'9') = c.peek() {
                c.at += 1;
            }
        }
        let offset = match c.expect(b"Zz+-", "an offset: 'Z' or '+hh:mm'")? {
            b'Z' | b'z' => 0,
            sign => {
                let hours = c.digits(2, "two-digit offset hours")?;
                let minutes = match c.peek() {
                    Some(b':') => {
                        c.at += 1;
                        c.digits(2, "two-digit offset minutes")?
                    }
                    Some(b'0'..=b'9') => c.digits(2, "two-digit offset minutes")?,
                    _ => 0,
                };
                if minutes > 59 {
                    return Err(TimestampError::Malformed {
                        offset: c.at - 2,
                        expected: "offset minutes below 60",
                    });
                }
                let magnitude = (hours * 3600 + minutes * 60) as i32;
                if sign == b'-' { -magnitude } else { magnitude }
            }
        };
        if c.at != c.text.len() {
            return Err(c.error("the end of the timestamp"));
        }
        let year = i64::from(year);
        if !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return Err(TimestampError::InvalidDate);
        }
        let local = days_from_civil(year, month, day) * 86_400
            + i64::from(hour * 3600 + minute * 60 + second);
        Timestamp::from_unix_with_offset(local - i64::from(offset), offset)
    }
}

/// Why a [`Timestamp`] could not be made or parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimestampError {
    /// The text does not follow `yyyy-MM-ddTHH:mm:ss` plus an offset.
    Malformed {
        /// Byte offset where parsing stopped.
        offset: usize,
        /// What was expected there.
        expected: &'static str,
    },
    /// The fields are well-formed but name no real date or time (month 13, 30 February, 24:00).
    InvalidDate,
    /// The offset is not a whole number of minutes below 24 hours.
    InvalidOffset {
        /// The offset given, in seconds east of UTC.
        offset_seconds: i32,
    },
    /// The instant is outside years 0000 to 9999 in its offset.
    OutOfRange {
        /// The unix seconds given.
        unix: i64,
    },
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed { offset, expected } => write!(
                f,
                "malformed timestamp: expected {expected} at byte {offset} (the format is yyyy-MM-ddTHH:mm:ss+07:00)"
            ),
            Self::InvalidDate => f.write_str("the timestamp names no real date or time"),
            Self::InvalidOffset { offset_seconds } => write!(
                f,
                "UTC offset of {offset_seconds} s is not a whole number of minutes within ±23:59"
            ),
            Self::OutOfRange { unix } => {
                write!(f, "unix time {unix} is outside the years 0000 to 9999")
            }
        }
    }
}

impl std::error::Error for TimestampError {}

/// A date-time field as Ayolinx writes it, kept exactly as given.
///
/// Ayolinx's sources disagree on the form of `validUpTo`, `expiredDate`, `expiryDate` and
/// similar fields: epoch seconds as a string (`"1746249942"`), epoch seconds as a number, or
/// ISO-8601 with an offset. A `WireTime` accepts all three, writes back exactly what it was given
/// (so nothing is lost in a round trip), and offers the instant when it can be read.
/// Unreadable text is kept too, with no instant: a malformed date never makes a whole message
/// unreadable.
///
/// ```
/// use ayolinx_proto::time::WireTime;
/// use ayolinx_proto::Timestamp;
///
/// let epoch: WireTime = serde_json::from_str(r#""1746249942""#)?;
/// let iso: WireTime = serde_json::from_str(r#""2025-05-03T12:25:42+07:00""#)?;
/// assert_eq!(epoch.unix_seconds(), Some(1_746_249_942));
/// assert_eq!(iso.unix_seconds(), Some(1_746_249_942));
/// assert_eq!(serde_json::to_string(&epoch)?, r#""1746249942""#);
///
/// let ts = Timestamp::from_unix(1_746_249_942)?;
/// assert_eq!(serde_json::to_string(&WireTime::iso(ts))?, r#""2025-05-03T12:25:42+07:00""#);
/// assert_eq!(serde_json::to_string(&WireTime::epoch_seconds_text(ts))?, r#""1746249942""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WireTime {
    given: Given,
    instant: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Given {
    Number(i64),
    Text(String),
}

impl WireTime {
    /// ISO-8601 with the timestamp's offset: `2025-05-03T12:25:42+07:00`.
    pub fn iso(timestamp: Timestamp) -> Self {
        Self {
            given: Given::Text(timestamp.to_string()),
            instant: Some(timestamp),
        }
    }

    /// Epoch seconds written as a JSON string: `"1746249942"`.
    pub fn epoch_seconds_text(timestamp: Timestamp) -> Self {
        Self {
            given: Given::Text(timestamp.unix_seconds().to_string()),
            instant: Some(timestamp),
        }
    }

    /// Epoch seconds written as a JSON number: `1746249942`.
    pub fn epoch_seconds_number(timestamp: Timestamp) -> Self {
        Self {
            given: Given::Number(timestamp.unix_seconds()),
            instant: Some(timestamp),
        }
    }

    /// Reads a field's text: epoch seconds if it is all digits, otherwise a lenient ISO-8601
    /// timestamp, otherwise kept as it is with no instant.
    ///
    /// Epoch seconds are believed from 2001-09-09 (1,000,000,000) on: a shorter run of digits is
    /// some other format (`20240912`, a date), and read as seconds it would be an instant in
    /// 1970, long before any expiry a payment is checked against.
    ///
    /// ```
    /// use ayolinx_proto::time::WireTime;
    /// assert_eq!(WireTime::from_text("1726120542").unix_seconds(), Some(1_726_120_542));
    /// assert_eq!(WireTime::from_text("20240912").unix_seconds(), None);
    /// assert_eq!(WireTime::from_text("20240912").as_text(), Some("20240912"));
    /// assert_eq!(WireTime::from_text("tomorrow").unix_seconds(), None);
    /// assert_eq!(WireTime::from_text("tomorrow").as_text(), Some("tomorrow"));
    /// ```
    pub fn from_text(text: &str) -> Self {
        let instant = if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            text.parse::<i64>().ok().and_then(epoch_instant)
        } else {
            Timestamp::parse(text).ok()
        };
        Self {
            given: Given::Text(text.to_owned()),
            instant,
        }
    }

    /// Reads a JSON number as epoch seconds, believed from 2001-09-09 (1,000,000,000) on, as in
    /// [`from_text`](WireTime::from_text).
    ///
    /// ```
    /// use ayolinx_proto::time::WireTime;
    /// assert_eq!(WireTime::from_number(1_726_120_542).unix_seconds(), Some(1_726_120_542));
    /// assert_eq!(WireTime::from_number(20_240_912).unix_seconds(), None);
    /// ```
    pub fn from_number(seconds: i64) -> Self {
        Self {
            given: Given::Number(seconds),
            instant: epoch_instant(seconds),
        }
    }

    /// The instant, when the field could be read as one.
    pub fn timestamp(&self) -> Option<Timestamp> {
        self.instant
    }

    /// Seconds since the epoch, when the field could be read as an instant.
    pub fn unix_seconds(&self) -> Option<i64> {
        self.instant.map(|ts| ts.unix_seconds())
    }

    /// The text as given, when the field was a JSON string.
    pub fn as_text(&self) -> Option<&str> {
        match &self.given {
            Given::Text(text) => Some(text),
            Given::Number(_) => None,
        }
    }
}

/// The first epoch second with ten digits, 2001-09-09T01:46:40Z.
const EARLIEST_EPOCH_SECONDS: i64 = 1_000_000_000;

/// The instant of epoch seconds read from a field, when they are plausibly seconds.
fn epoch_instant(seconds: i64) -> Option<Timestamp> {
    (seconds >= EARLIEST_EPOCH_SECONDS)
        .then(|| Timestamp::from_unix(seconds).ok())
        .flatten()
}

impl fmt::Display for WireTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.given {
            Given::Number(n) => write!(f, "{n}"),
            Given::Text(text) => f.write_str(text),
        }
    }
}

impl serde::Serialize for WireTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.given {
            Given::Number(n) => serializer.serialize_i64(*n),
            Given::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> serde::Deserialize<'de> for WireTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = WireTime;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("epoch seconds (a string or an integer) or an ISO-8601 date-time")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<WireTime, E> {
                Ok(WireTime::from_text(text))
            }

            fn visit_i64<E: serde::de::Error>(self, seconds: i64) -> Result<WireTime, E> {
                Ok(WireTime::from_number(seconds))
            }

            fn visit_u64<E: serde::de::Error>(self, seconds: u64) -> Result<WireTime, E> {
                i64::try_from(seconds)
                    .map(WireTime::from_number)
                    .map_err(|_| E::custom("epoch seconds out of range"))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}
