//! The calls grouped by product: `client.qris().generate(..).await`, `client.va().create(..).await`, ….

use crate::{Client, Error};

/// Declares the products of the core's one list of operations: for each, a borrowed view of
/// the client with one method per call.
macro_rules! products {
    (
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
            $(
                $(#[$mmeta])*
                pub async fn $method(&self, request: &$request) -> Result<$response, Error> {
                    self.client.send(request).await
                }
            )*
        }
    )*};
}

ayolinx_proto::operations!(products);
