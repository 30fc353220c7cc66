//! [`Op`]: the Ayolinx operations the sandbox serves, named, routed and coded by the core, and
//! declared from the core's one list of operations (`ayolinx_proto::operations!`).

use ayolinx_proto::api::Operation;

macro_rules! ops {
    (
        token: $token:ty;
        $($(#[$pmeta:meta])* $product:ident $accessor:ident {
            $($(#[$mmeta:meta])* $variant:ident $method:ident($request:ty) -> $response:ty, $class:ident;)*
        })*
    ) => {
        /// One of the calls of section 8 of the Ayolinx API.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum Op {
            Token,
            $($($variant,)*)*
        }

        impl Op {
            /// How many operations there are, the token's included.
            const COUNT: usize = <[&str]>::len(&["Token", $($(stringify!($variant),)*)*]);

            pub(crate) const ALL: [Op; Op::COUNT] = [Op::Token, $($(Op::$variant,)*)*];

            /// The core's `Operation::NAME`, e.g. `qris.generate`.
            pub(crate) fn name(self) -> &'static str {
                match self {
                    Self::Token => <$token as Operation>::NAME,
                    $($(Self::$variant => <$request as Operation>::NAME,)*)*
                }
            }

            /// The path, e.g. `/v1.0/qr/qr-mpm-generate`.
            pub(crate) fn path(self) -> &'static str {
                match self {
                    Self::Token => <$token as Operation>::PATH,
                    $($(Self::$variant => <$request as Operation>::PATH,)*)*
                }
            }

            /// The SNAP service code (`None` for retail, which answers `"00"`).
            pub(crate) fn service_code(self) -> Option<u8> {
                match self {
                    Self::Token => <$token as Operation>::SERVICE_CODE,
                    $($(Self::$variant => <$request as Operation>::SERVICE_CODE,)*)*
                }
            }
        }
    };
}

ayolinx_proto::operations!(ops);

impl Op {
    /// The operation with this name.
    pub(crate) fn from_name(name: &str) -> Option<Op> {
        Self::ALL.into_iter().find(|op| op.name() == name)
    }
}
