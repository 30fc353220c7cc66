//! Operation names (`"qris.generate"`, …) to the core's typed operations.

use ayolinx_proto::Operation;
use ayolinx_proto::driver::Call;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::failure::Failure;

/// What the bindings need of an operation: the core's [`Call`] (which the driver runs) plus
/// reading its request from JSON and writing its answer back.
pub(crate) trait JsOperation:
    Call<Response: Serialize> + DeserializeOwned + 'static
{
}

impl<O: Call<Response: Serialize> + DeserializeOwned + 'static> JsOperation for O {}

/// The request of `O` read from its JSON body.
pub(crate) fn read_request<O: JsOperation>(request: serde_json::Value) -> Result<O, Failure> {
    O::deserialize(&request).map_err(|error| {
        Failure::new(
            "invalid_request",
            format!("request does not fit {}: {error}", O::NAME),
        )
    })
}

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
