//! [`Channel`]: the payment channel codes of `additionalInfo.channel` and `listPaymentChannel`.

use std::fmt;

macro_rules! channels {
    ($($variant:ident = $code:literal, $product:ident, $doc:literal;)*) => {
        /// A payment channel. Codes no documentation lists are kept in [`Channel::Other`], never
        /// rejected: Ayolinx runs more channels behind its API than it documents.
        ///
        /// ```
        /// use ayolinx_proto::channel::{Channel, Product};
        /// let channel: Channel = serde_json::from_str(r#""VIRTUAL_ACCOUNT_BNI""#)?;
        /// assert_eq!(channel, Channel::VirtualAccountBni);
        /// assert_eq!(channel.product(), Some(Product::VirtualAccount));
        /// let other: Channel = serde_json::from_str(r#""EMONEY_OVO_SNAP""#)?;
        /// assert_eq!(other, Channel::Other("EMONEY_OVO_SNAP".into()));
        /// assert_eq!(serde_json::to_string(&other)?, r#""EMONEY_OVO_SNAP""#);
        /// # Ok::<(), serde_json::Error>(())
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Channel {
            $(#[doc = concat!("`", $code, "`: ", $doc)] $variant,)*
            /// Any other channel code, as received.
            Other(String),
        }

        impl Channel {
            /// Every documented channel.
            pub const DOCUMENTED: &'static [Channel] = &[$(Channel::$variant,)*];

            /// The channel for a code; unknown codes become [`Channel::Other`].
            ///
            /// ```
            /// use ayolinx_proto::channel::Channel;
            /// assert_eq!(Channel::from_code("BNC_QRIS"), Channel::BncQris);
            /// ```
            pub fn from_code(code: &str) -> Self {
                match code {
                    $($code => Self::$variant,)*
                    other => Self::Other(other.to_owned()),
                }
            }

            /// The code as written on the wire.
            ///
            /// ```
            /// assert_eq!(ayolinx_proto::channel::Channel::RetailAlfamidi.as_str(), "RETAIL_ALFAMIDI");
            /// ```
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $code,)*
                    Self::Other(code) => code,
                }
            }

            /// The product a documented channel belongs to; `None` for [`Channel::Other`].
            pub fn product(&self) -> Option<Product> {
                match self {
                    $(Self::$variant => Some(Product::$product),)*
                    Self::Other(_) => None,
                }
            }
        }
    };
}

channels! {
    BncQris = "BNC_QRIS", Qris, "QRIS, acquired by Bank Neo Commerce";
    EmoneyDanaSnap = "EMONEY_DANA_SNAP", Ewallet, "DANA e-wallet";
    VirtualAccountBni = "VIRTUAL_ACCOUNT_BNI", VirtualAccount, "BNI virtual account";
    VirtualAccountCimb = "VIRTUAL_ACCOUNT_CIMB", VirtualAccount, "CIMB Niaga virtual account";
    VirtualAccountMandiri = "VIRTUAL_ACCOUNT_MANDIRI", VirtualAccount, "Mandiri virtual account";
    VirtualAccountBri = "VIRTUAL_ACCOUNT_BRI", VirtualAccount, "BRI virtual account (seen in client code only)";
    VirtualAccountBca = "VIRTUAL_ACCOUNT_BCA", VirtualAccount, "BCA virtual account (seen in client code only)";
    VirtualAccountPermata = "VIRTUAL_ACCOUNT_PERMATA", VirtualAccount, "Permata virtual account (seen in client code only)";
    RetailAlfamart = "RETAIL_ALFAMART", Retail, "Alfamart convenience stores";
    RetailPegadaian = "RETAIL_PEGADAIAN", Retail, "Pegadaian outlets";
    RetailPosIndonesia = "RETAIL_POS_INDONESIA", Retail, "Pos Indonesia offices";
    RetailAlfamidi = "RETAIL_ALFAMIDI", Retail, "Alfamidi convenience stores";
    RetailDandan = "RETAIL_DANDAN", Retail, "Dan+Dan convenience stores";
}

/// The Ayolinx product families.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Product {
    /// Dynamic QRIS (merchant-presented mode).
    Qris,
    /// E-wallet direct debit (DANA).
    Ewallet,
    /// Bank virtual accounts.
    VirtualAccount,
    /// Convenience-store and counter payments.
    Retail,
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Channel {
    type Err = std::convert::Infallible;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Ok(Self::from_code(code))
    }
}

serde_via_str!(Channel);
