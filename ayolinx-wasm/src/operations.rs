//! Operation names (`"qris.generate"`, …) to the core's typed operations.

use ayolinx_proto::Operation;
use ayolinx_proto::api::Transactional;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::failure::Failure;

/// What the bindings need of an operation: the core's [`Transactional`] plus reading its request
/// from JSON and writing its answer back.
pub(crate) trait JsOperation: Transactional<Response: Serialize> + DeserializeOwned {}

impl<O: Transactional<Response: Serialize> + DeserializeOwned> JsOperation for O {}

/// Something done with one operation type, chosen by name at run time.
pub(crate) trait WithOperation {
    type Output;

    fn run<O: JsOperation>(self) -> Self::Output;
}

/// Runs `task` with the operation named `name`.
pub(crate) fn with_operation<T: WithOperation>(name: &str, task: T) -> Result<T::Output, Failure> {
    // Every operation but the token, from the core's one list.
    macro_rules! by_name {
        (
            token: $token:ty;
            $($(#[$pmeta:meta])* $product:ident $accessor:ident {
                $($(#[$mmeta:meta])* $variant:ident $method:ident($request:ty) -> $response:ty, $class:ident;)*
            })*
        ) => {
            match name {
                $($(<$request as Operation>::NAME => Ok(task.run::<$request>()),)*)*
                _ => {
                    let names = [<$token as Operation>::NAME, $($(<$request as Operation>::NAME),*),*];
                    Err(Failure::new(
                        "unknown_operation",
                        format!("unknown operation {name:?}; expected one of {}", names.join(", ")),
                    ))
                }
            }
        };
    }
    ayolinx_proto::operations!(by_name)
}
