//! The calls grouped by product: `client.qris().generate(..).await`,
//! `client.va().create(..).await`, …, declared by the core from its one list of operations.

use crate::{Client, Error};

ayolinx_proto::client_products!(async);
