//! The public surface both clients share, declared once: the product views derived from the
//! [`operations!`](crate::operations) list, and the builder setters over a
//! [`ClientSetup`](crate::driver::ClientSetup). A client crate expands them where its own
//! `Client`, `Error` and builder are in scope, so that `ayolinx-ureq` and `ayolinx-reqwest`
//! have the same names, the same methods and the same docs, one blocking, one `async`.

/// Declares, in the crate that expands it, a product view per product of the
/// [`operations!`](crate::operations) list (`Qris`, `Ewallet`, `Va`, `Retail`, `PaymentLink`),
/// the client's accessor for each (`client.qris()`), and one method per call, each going
/// through `Client::send`. `blocking` makes the methods plain functions, `async` makes them
/// `async fn`s that await `send`. `Client` and `Error` are the expanding crate's.
///
/// ```
/// mod blocking {
///     use ayolinx_proto::api::Operation;
///     use ayolinx_proto::driver::{Error, TransportFailure};
///
///     /// A client that answers every call with the operation's name in an error.
///     #[derive(Debug)]
///     pub struct Client;
///     impl Client {
///         pub fn send<O: Operation>(&self, _: &O) -> Result<O::Response, Error> {
///             Err(Error::Transport { operation: O::NAME, kind: TransportFailure::NotSent, message: "offline".into() })
///         }
///     }
///     ayolinx_proto::client_products!(blocking);
/// }
/// use ayolinx_proto::api::qris::QrisQueryRequest;
///
/// let error = blocking::Client.qris().query(&QrisQueryRequest::new("ORD-1")).unwrap_err();
/// assert!(error.to_string().contains("qris.query"));
/// ```
#[macro_export]
macro_rules! client_products {
    (blocking) => {
        $crate::operations!($crate::client_products { @products blocking });
    };
    (async) => {
        $crate::operations!($crate::client_products { @products async });
    };
    (
        @products $mode:tt
        token: $token:ty;
        $($(#[$meta:meta])* $product:ident $accessor:ident {
            $($(#[$mmeta:meta])* $variant:ident $method:ident($request:ty) -> $response:ty, $class:ident;)*
        })*
    ) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy)]
        pub struct $product<'a> {
            client: &'a Client,
        }

        impl Client {
            #[doc = concat!("The ", stringify!($accessor), " calls.")]
            pub fn $accessor(&self) -> $product<'_> {
                $product { client: self }
            }
        }

        impl $product<'_> {
            $($crate::client_products!(@method $mode $(#[$mmeta])* $method($request) -> $response);)*
        }
    )*};
    (@method blocking $(#[$meta:meta])* $method:ident($request:ty) -> $response:ty) => {
        $(#[$meta])*
        pub fn $method(&self, request: &$request) -> Result<$response, Error> {
            self.client.send(request)
        }
    };
    (@method async $(#[$meta:meta])* $method:ident($request:ty) -> $response:ty) => {
        $(#[$meta])*
        pub async fn $method(&self, request: &$request) -> Result<$response, Error> {
            self.client.send(request).await
        }
    };
}

/// Declares, inside a client's `impl ClientBuilder`, the constructor `new` and the setters every
/// client has, over the builder's `setup` field (a [`ClientSetup`](crate::driver::ClientSetup))
/// and its `clock`, `randomness` and `token_store` fields; `clock` and `store` name the client's
/// own `Clock` and `TokenStore` traits (blocking or async). `new` calls the builder's own
/// `with_setup(ClientSetup) -> Self`, which sets the client's defaults.
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
/// use ayolinx_proto::driver::{ClientSetup, Randomness};
///
/// pub trait Clock: Send + Sync {}
/// pub trait TokenStore: Send + Sync {}
/// struct SystemClock;
/// impl Clock for SystemClock {}
/// struct Zeros;
/// impl Randomness for Zeros {
///     fn fill(&self, dest: &mut [u8]) -> std::io::Result<()> {
///         Ok(dest.fill(0))
///     }
/// }
///
/// pub struct ClientBuilder {
///     setup: ClientSetup,
///     clock: Arc<dyn Clock>,
///     randomness: Arc<dyn Randomness>,
///     token_store: Option<Arc<dyn TokenStore>>,
/// }
/// impl ClientBuilder {
///     fn with_setup(setup: ClientSetup) -> Self {
///         Self { setup, clock: Arc::new(SystemClock), randomness: Arc::new(Zeros), token_store: None }
///     }
///
///     ayolinx_proto::client_builder_methods!(clock: Clock, store: TokenStore);
/// }
///
/// # let pem = include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem");
/// # let key = ayolinx_proto::PrivateKey::from_pem(pem)?;
/// let builder = ClientBuilder::new("http://127.0.0.1:9", "CK-1", "SK-1", key)
///     .read_timeout(Duration::from_secs(3))
///     .deadline(Some(Duration::from_secs(10)));
/// assert_eq!(builder.setup.read_timeout, Duration::from_secs(3));
/// assert_eq!(builder.setup.settings.deadline, Some(Duration::from_secs(10)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[macro_export]
macro_rules! client_builder_methods {
    (clock: $clock:path, store: $store:path) => {
        /// Settings for a base URL (an `https://` URL, or `http://` to a loopback host; see
        /// [`SANDBOX_BASE_URL`](ayolinx_proto::client::SANDBOX_BASE_URL)), client key, client
        /// secret and the merchant's private key.
        ///
        /// Defaults: refresh the token 60 s before it expires, 5 s connect timeout, 30 s for
        /// each attempt, no overall deadline, answers up to 1 MiB,
        /// [`RetryPolicy::default`](ayolinx_proto::retry::RetryPolicy::default), PHP body
        /// encoding, the system clock, the OS random source, an in-memory token store and the
        /// default transport.
        pub fn new(
            base_url: impl ::core::convert::Into<::std::string::String>,
            client_key: impl ::core::convert::Into<::std::string::String>,
            client_secret: impl ::core::convert::Into<$crate::Secret>,
            private_key: $crate::PrivateKey,
        ) -> Self {
            Self::with_setup($crate::driver::ClientSetup::new(
                base_url,
                client_key,
                client_secret,
                private_key,
            ))
        }

        /// Refresh the token once fewer than this many seconds of its lifetime remain.
        pub fn token_refresh_margin_seconds(mut self, seconds: u64) -> Self {
            self.setup.settings = self
                .setup
                .settings
                .with_token_refresh_margin_seconds(seconds);
            self
        }

        /// The longest wait for a connection (the default transport's: a transport or HTTP
        /// client of your own keeps its own).
        pub fn connect_timeout(mut self, timeout: ::core::time::Duration) -> Self {
            self.setup.connect_timeout = timeout;
            self
        }

        /// The longest wait for one whole attempt: connecting, sending, and reading the answer
        /// (and for another caller's token refresh).
        pub fn read_timeout(mut self, timeout: ::core::time::Duration) -> Self {
            self.setup.read_timeout = timeout;
            self
        }

        /// The largest answer the default transport reads; a larger one is a transport failure.
        pub fn max_response_bytes(mut self, bytes: u64) -> Self {
            self.setup.max_response_bytes = bytes;
            self
        }

        /// How many attempts, and how long between them.
        pub fn retry_policy(mut self, policy: $crate::retry::RetryPolicy) -> Self {
            self.setup.settings = self.setup.settings.with_policy(policy);
            self
        }

        /// The longest a whole call may take, retries, waits and reconciliation included
        /// (measured with the clock, to the millisecond); `None` (the default) leaves it to the
        /// retry policy.
        pub fn deadline(
            mut self,
            deadline: ::core::option::Option<::core::time::Duration>,
        ) -> Self {
            self.setup.settings = self.setup.settings.with_deadline(deadline);
            self
        }

        /// The body encoding (see
        /// [`BodyEncoding`](ayolinx_proto::body::BodyEncoding)).
        pub fn body_encoding(mut self, encoding: $crate::body::BodyEncoding) -> Self {
            self.setup.body_encoding = encoding;
            self
        }

        /// Another clock (tests).
        pub fn clock(mut self, clock: ::std::sync::Arc<dyn $clock>) -> Self {
            self.clock = clock;
            self
        }

        /// Another random source (tests).
        pub fn randomness(
            mut self,
            randomness: ::std::sync::Arc<dyn $crate::driver::Randomness>,
        ) -> Self {
            self.randomness = randomness;
            self
        }

        /// Another token store (one shared by many instances), instead of the in-memory
        /// default.
        pub fn token_store(mut self, store: ::std::sync::Arc<dyn $store>) -> Self {
            self.token_store = ::core::option::Option::Some(store);
            self
        }
    };
}
