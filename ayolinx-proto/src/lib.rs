//! The Sans-IO core of the Ayolinx payment SDK (skeleton).
pub mod body;
pub mod keys;
pub mod signature;
pub use keys::{KeyError, PrivateKey, PublicKey};
