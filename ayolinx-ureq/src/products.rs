//! The calls grouped by product: `client.qris().generate(..)`, `client.va().create(..)`, …,
//! declared by the core from its one list of operations.

use crate::{Client, Error};

ayolinx_proto::client_products!(blocking);
