//! [`ResponseCode`] (the SNAP `responseCode`) and [`TransactionStatus`]
//! (`latestTransactionStatus`).

use std::fmt;

/// The `responseCode` of an Ayolinx answer, kept exactly as received.
///
/// A SNAP code has seven digits: HTTP status (3), service code (2), case code (2); `2004700` is
/// 200, service 47 (QRIS generate), case 00. Such codes are split into their parts and named from
/// the SNAP case table ([`SnapCase`]). Other codes are kept whole, never rejected: Ayolinx retail
/// answers `"00"`, and stranger codes occur.
///
/// ```
/// use ayolinx_proto::ResponseCode;
/// use ayolinx_proto::code::SnapCase;
///
/// let ok = ResponseCode::parse("2004700")?;
/// assert!(ok.is_success());
/// assert_eq!((ok.http_status(), ok.service_code(), ok.case_code()), (Some(200), Some(47), Some(0)));
///
/// let expired = ResponseCode::parse("4014701")?;
/// assert_eq!(expired.snap_case(), Some(SnapCase::InvalidToken));
/// assert!(!expired.is_success());
///
/// let retail = ResponseCode::parse("00")?;
/// assert!(retail.is_success());
/// assert_eq!(retail.http_status(), None);
/// # Ok::<(), ayolinx_proto::code::ResponseCodeError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ResponseCode {
    raw: String,
}

/// The longest response code accepted, far beyond any seen (7 digits for SNAP, 9 for the oddest).
const MAX_CODE_LEN: usize = 32;

impl ResponseCode {
    /// Takes a code as received. Fails only on text that cannot be a code: empty, longer than 32
    /// characters, or with characters other than ASCII letters, digits, `-` and `_`.
    ///
    /// ```
    /// use ayolinx_proto::ResponseCode;
    /// assert!(ResponseCode::parse("581000001").is_ok());
    /// assert!(ResponseCode::parse("").is_err());
    /// assert!(ResponseCode::parse("200 4700").is_err());
    /// ```
    pub fn parse(code: &str) -> Result<Self, ResponseCodeError> {
        if code.is_empty() {
            return Err(ResponseCodeError::Empty);
        }
        if code.len() > MAX_CODE_LEN {
            return Err(ResponseCodeError::TooLong { len: code.len() });
        }
        if !code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(ResponseCodeError::InvalidCharacter);
        }
        Ok(Self {
            raw: code.to_owned(),
        })
    }

    /// The SNAP code for an HTTP status, service and case, e.g. `(409, 47, 1)` → `4094701`.
    ///
    /// ```
    /// use ayolinx_proto::ResponseCode;
    /// assert_eq!(ResponseCode::snap(401, 73, 0)?.as_str(), "4017300");
    /// assert!(ResponseCode::snap(1000, 73, 0).is_err());
    /// # Ok::<(), ayolinx_proto::code::ResponseCodeError>(())
    /// ```
    pub fn snap(
        http_status: u16,
        service_code: u8,
        case_code: u8,
    ) -> Result<Self, ResponseCodeError> {
        if !(100..=599).contains(&http_status) || service_code > 99 || case_code > 99 {
            return Err(ResponseCodeError::NotSnap);
        }
        Ok(Self {
            raw: format!("{http_status:03}{service_code:02}{case_code:02}"),
        })
    }

    /// The code exactly as received.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    fn snap_parts(&self) -> Option<(u16, u8, u8)> {
        let bytes = self.raw.as_bytes();
        if bytes.len() != 7 || !bytes.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let number = |range: std::ops::Range<usize>| {
            bytes.get(range).map(|digits| {
                digits
                    .iter()
                    .fold(0u16, |acc, d| acc * 10 + u16::from(d - b'0'))
            })
        };
        let http = number(0..3)?;
        let service = u8::try_from(number(3..5)?).ok()?;
        let case = u8::try_from(number(5..7)?).ok()?;
        (100..=599).contains(&http).then_some((http, service, case))
    }

    /// Whether this is a seven-digit SNAP code.
    pub fn is_snap(&self) -> bool {
        self.snap_parts().is_some()
    }

    /// The HTTP status part of a SNAP code.
    pub fn http_status(&self) -> Option<u16> {
        self.snap_parts().map(|(http, _, _)| http)
    }

    /// The service code part of a SNAP code (47 QRIS generate, 73 access token, …).
    pub fn service_code(&self) -> Option<u8> {
        self.snap_parts().map(|(_, service, _)| service)
    }

    /// The case code part of a SNAP code.
    pub fn case_code(&self) -> Option<u8> {
        self.snap_parts().map(|(_, _, case)| case)
    }

    /// The named SNAP case of a SNAP code, when the (HTTP status, case) pair is in the standard's
    /// table.
    ///
    /// ```
    /// use ayolinx_proto::{code::SnapCase, ResponseCode};
    /// assert_eq!(ResponseCode::parse("4094700")?.snap_case(), Some(SnapCase::Conflict));
    /// assert_eq!(ResponseCode::parse("4094799")?.snap_case(), None);
    /// # Ok::<(), ayolinx_proto::code::ResponseCodeError>(())
    /// ```
    pub fn snap_case(&self) -> Option<SnapCase> {
        let (http, _, case) = self.snap_parts()?;
        SnapCase::from_parts(http, case)
    }

    /// Whether the call succeeded: a SNAP code `200xx00`, or a short `"00"` (Ayolinx retail).
    ///
    /// `202xx00` ("Request In Progress") is not success: the outcome is not known yet.
    ///
    /// ```
    /// use ayolinx_proto::ResponseCode;
    /// assert!(ResponseCode::parse("2007300")?.is_success());
    /// assert!(!ResponseCode::parse("2024700")?.is_success());
    /// assert!(!ResponseCode::parse("2004701")?.is_success());
    /// # Ok::<(), ayolinx_proto::code::ResponseCodeError>(())
    /// ```
    pub fn is_success(&self) -> bool {
        match self.snap_parts() {
            Some((http, _, case)) => http == 200 && case == 0,
            None => self.raw == "00",
        }
    }
}

impl fmt::Display for ResponseCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl fmt::Debug for ResponseCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.snap_case() {
            Some(case) => write!(f, "ResponseCode({} {})", self.raw, case.message()),
            None => write!(f, "ResponseCode({})", self.raw),
        }
    }
}

impl std::str::FromStr for ResponseCode {
    type Err = ResponseCodeError;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Self::parse(code)
    }
}

/// Why a text is not a response code.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseCodeError {
    /// The code was empty.
    Empty,
    /// The code is longer than 32 characters.
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// The code contains a character other than ASCII letters, digits, `-` and `_`.
    InvalidCharacter,
    /// The parts given cannot form a seven-digit SNAP code.
    NotSnap,
}

impl fmt::Display for ResponseCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("the response code is empty"),
            Self::TooLong { len } => write!(f, "the response code is {len} bytes long (at most 32)"),
            Self::InvalidCharacter => {
                f.write_str("the response code contains characters other than letters, digits, '-' and '_'")
            }
            Self::NotSnap => f.write_str(
                "a SNAP code needs an HTTP status of 100 to 599 and service and case codes of 0 to 99",
            ),
        }
    }
}

impl std::error::Error for ResponseCodeError {}

macro_rules! snap_cases {
    ($($variant:ident = ($http:literal, $case:literal, $message:literal),)*) => {
        /// The cases of the SNAP response-code table (Bank Indonesia / ASPI), the same for every
        /// service. The message is the standard's own wording, typos included.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum SnapCase {
            $(
                #[doc = concat!("`", stringify!($http), "xx", stringify!($case), "` ", $message)]
                $variant,
            )*
        }

        impl SnapCase {
            /// The case for an HTTP status and case code, if the standard names it.
            ///
            /// ```
            /// use ayolinx_proto::code::SnapCase;
            /// assert_eq!(SnapCase::from_parts(409, 1), Some(SnapCase::DuplicatePartnerReferenceNo));
            /// ```
            pub fn from_parts(http_status: u16, case_code: u8) -> Option<Self> {
                match (http_status, case_code) {
                    $(($http, $case) => Some(Self::$variant),)*
                    _ => None,
                }
            }

            /// The HTTP status of this case.
            pub fn http_status(self) -> u16 {
                match self { $(Self::$variant => $http,)* }
            }

            /// The case code of this case.
            pub fn case_code(self) -> u8 {
                match self { $(Self::$variant => $case,)* }
            }

            /// The standard's message for this case.
            ///
            /// ```
            /// assert_eq!(ayolinx_proto::code::SnapCase::InvalidToken.message(), "Invalid Token (B2B)");
            /// ```
            pub fn message(self) -> &'static str {
                match self { $(Self::$variant => $message,)* }
            }

            /// This case's code for a service, e.g. `InvalidToken.code(47)` → `4014701`.
            ///
            /// ```
            /// use ayolinx_proto::code::SnapCase;
            /// assert_eq!(SnapCase::Conflict.code(47).as_str(), "4094700");
            /// ```
            pub fn code(self, service_code: u8) -> ResponseCode {
                let service = service_code.min(99);
                ResponseCode { raw: format!("{:03}{service:02}{:02}", self.http_status(), self.case_code()) }
            }
        }
    };
}

snap_cases! {
    Successful = (200, 0, "Successful"),
    RequestInProgress = (202, 0, "Request In Progress"),
    BadRequest = (400, 0, "Bad Request"),
    InvalidFieldFormat = (400, 1, "Invalid Field Format"),
    InvalidMandatoryField = (400, 2, "Invalid Mandatory Field"),
    Unauthorized = (401, 0, "Unauthorized"),
    InvalidToken = (401, 1, "Invalid Token (B2B)"),
    InvalidCustomerToken = (401, 2, "Invalid Customer Token"),
    TokenNotFound = (401, 3, "Token Not Found (B2B)"),
    CustomerTokenNotFound = (401, 4, "Customer Token Not Found"),
    TransactionExpired = (403, 0, "Transaction Expired"),
    FeatureNotAllowed = (403, 1, "Feature Not Allowed"),
    ExceedsTransactionAmountLimit = (403, 2, "Exceeds Transaction Amount Limit"),
    SuspectedFraud = (403, 3, "Suspected Fraud"),
    ActivityCountLimitExceeded = (403, 4, "Activity Count Limit Exceeded"),
    DoNotHonor = (403, 5, "Do Not Honor"),
    FeatureNotAllowedAtThisTime = (403, 6, "Feature Not Allowed At This Time"),
    CardBlocked = (403, 7, "Card Blocked"),
    CardExpired = (403, 8, "Card Expired"),
    DormantAccount = (403, 9, "Dormant Account"),
    NeedToSetTokenLimit = (403, 10, "Need To Set Token Limit"),
    OtpBlocked = (403, 11, "OTP Blocked"),
    OtpLifetimeExpired = (403, 12, "OTP Lifetime Expired"),
    OtpSentToCardholder = (403, 13, "OTP Sent To Cardholer"),
    InsufficientFunds = (403, 14, "Insufficient Funds"),
    TransactionNotPermitted = (403, 15, "Transaction Not Permitted"),
    SuspendTransaction = (403, 16, "Suspend Transaction"),
    TokenLimitExceeded = (403, 17, "Token Limit Exceeded"),
    InactiveCardAccountCustomer = (403, 18, "Inactive Card/Account/Customer"),
    MerchantBlacklisted = (403, 19, "Merchant Blacklisted"),
    MerchantLimitExceed = (403, 20, "Merchant Limit Exceed"),
    SetLimitNotAllowed = (403, 21, "Set Limit Not Allowed"),
    TokenLimitInvalid = (403, 22, "Token Limit Invalid"),
    AccountLimitExceed = (403, 23, "Account Limit Exceed"),
    InvalidTransactionStatus = (404, 0, "Invalid Transaction Status"),
    TransactionNotFound = (404, 1, "Transaction Not Found"),
    InvalidRouting = (404, 2, "Invalid Routing"),
    BankNotSupportedBySwitch = (404, 3, "Bank Not Supported By Switch"),
    TransactionCancelled = (404, 4, "Transaction Cancelled"),
    MerchantNotRegisteredForCardRegistration = (404, 5, "Merchant Is Not Registered For Card Registration Services"),
    NeedToRequestOtp = (404, 6, "Need To Request OTP"),
    JourneyNotFound = (404, 7, "Journey Not Found"),
    InvalidMerchant = (404, 8, "Invalid Merchant"),
    NoIssuer = (404, 9, "No Issuer"),
    InvalidApiTransition = (404, 10, "Invalid API Transition"),
    InvalidCardAccountCustomer = (404, 11, "Invalid Card/Account/Customer/Virtual Account"),
    InvalidBillVirtualAccountReason = (404, 12, "Invalid Bill/Virtual Account"),
    InvalidAmount = (404, 13, "Invalid Amount"),
    PaidBill = (404, 14, "Paid Bill"),
    InvalidOtp = (404, 15, "Invalid OTP"),
    PartnerNotFound = (404, 16, "Partner Not Found"),
    InvalidTerminal = (404, 17, "Invalid Terminal"),
    InconsistentRequest = (404, 18, "Inconsistent Request"),
    InvalidBillVirtualAccount = (404, 19, "Invalid Bill/Virtual Account"),
    RequestedFunctionNotSupported = (405, 0, "Requested Function Is Not Supported"),
    RequestedOperationNotAllowed = (405, 1, "Requested Opearation Is Not Allowed"),
    Conflict = (409, 0, "Conflict"),
    DuplicatePartnerReferenceNo = (409, 1, "Duplicate partnerReferenceNo"),
    TooManyRequests = (429, 0, "Too Many Requests"),
    GeneralError = (500, 0, "General Error"),
    InternalServerError = (500, 1, "Internal Server Error"),
    ExternalServerError = (500, 2, "External Server Error"),
    Timeout = (504, 0, "Timeout"),
}

impl fmt::Display for SnapCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// `latestTransactionStatus`: where a transaction stands (Ayolinx's callback status table).
///
/// Codes outside the table (SNAP's `08` Expired and `09` Rejected, or anything new) are kept in
/// [`TransactionStatus::Unknown`], never rejected.
///
/// ```
/// use ayolinx_proto::TransactionStatus;
/// let paid: TransactionStatus = serde_json::from_str(r#""00""#)?;
/// assert_eq!(paid, TransactionStatus::Success);
/// assert!(paid.is_final());
/// let later: TransactionStatus = serde_json::from_str(r#""09""#)?;
/// assert_eq!(later, TransactionStatus::Unknown("09".into()));
/// assert_eq!(serde_json::to_string(&later)?, r#""09""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransactionStatus {
    /// `00` Success.
    Success,
    /// `01` Initiated.
    Initiated,
    /// `02` Paying: the payment is in progress.
    Paying,
    /// `03` Pending.
    Pending,
    /// `04` Refunded.
    Refunded,
    /// `05` Canceled.
    Canceled,
    /// `06` Failed.
    Failed,
    /// `07` Not found.
    NotFound,
    /// Any other code, as received.
    Unknown(String),
}

impl TransactionStatus {
    /// The status for a code; unknown codes become [`TransactionStatus::Unknown`].
    ///
    /// ```
    /// use ayolinx_proto::TransactionStatus;
    /// assert_eq!(TransactionStatus::from_code("05"), TransactionStatus::Canceled);
    /// ```
    pub fn from_code(code: &str) -> Self {
        match code {
            "00" => Self::Success,
            "01" => Self::Initiated,
            "02" => Self::Paying,
            "03" => Self::Pending,
            "04" => Self::Refunded,
            "05" => Self::Canceled,
            "06" => Self::Failed,
            "07" => Self::NotFound,
            other => Self::Unknown(other.to_owned()),
        }
    }

    /// The code as written on the wire.
    ///
    /// ```
    /// assert_eq!(ayolinx_proto::TransactionStatus::Paying.code(), "02");
    /// ```
    pub fn code(&self) -> &str {
        match self {
            Self::Success => "00",
            Self::Initiated => "01",
            Self::Paying => "02",
            Self::Pending => "03",
            Self::Refunded => "04",
            Self::Canceled => "05",
            Self::Failed => "06",
            Self::NotFound => "07",
            Self::Unknown(code) => code,
        }
    }

    /// Whether the transaction can no longer change: success, refunded, canceled, failed or not
    /// found. Initiated, paying, pending and unknown codes may still move.
    ///
    /// ```
    /// use ayolinx_proto::TransactionStatus;
    /// assert!(!TransactionStatus::Initiated.is_final());
    /// assert!(TransactionStatus::Failed.is_final());
    /// ```
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Self::Success | Self::Refunded | Self::Canceled | Self::Failed | Self::NotFound
        )
    }

    /// Whether the money arrived.
    pub fn is_paid(&self) -> bool {
        matches!(self, Self::Success)
    }
}

impl std::str::FromStr for TransactionStatus {
    type Err = std::convert::Infallible;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Ok(Self::from_code(code))
    }
}

impl fmt::Display for TransactionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

serde_via_str!(ResponseCode, TransactionStatus);
