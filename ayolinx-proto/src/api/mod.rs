//! Every call Ayolinx provides, as typed requests and responses, one module per product.
//!
//! | name | module | path | service |
//! |---|---|---|---|
//! | `token` | [`token`] | `/v1.0/access-token/b2b` | 73 |
//! | `qris.generate` | [`qris`] | `/v1.0/qr/qr-mpm-generate` | 47 |
//! | `qris.query` | [`qris`] | `/v1.0/qr/qr-mpm-query` | 51 |
//! | `qris.cancel` | [`qris`] | `/v1.0/qr/qr-mpm-cancel` | 77 |
//! | `ewallet.pay` | [`ewallet`] | `/direct-debit/core/v1/debit/payment-host-to-host` | 54 |
//! | `ewallet.status` | [`ewallet`] | `/direct-debit/core/v1/debit/status` | 55 |
//! | `va.create` | [`va`] | `/v1.0/transfer-va/create-va` | 27 |
//! | `va.inquiry` | [`va`] | `/v1.0/transfer-va/inquiry-va` | 30 |
//! | `retail.create` | [`retail`] | `/v1.0/retail/create` | none |
//! | `retail.query` | [`retail`] | `/v1.0/retail/query` | none |
//! | `payment_link.create` | [`payment_link`] | `/v1.0/payment-link/create` | 01 |
//!
//! Requests serialise in the documented field order, and optional fields that are absent are
//! left out (never sent as `null`). Responses keep every field no documentation lists in an
//! `extra` map, read expiry fields as [`WireTime`](crate::WireTime) (epoch seconds or ISO-8601),
//! and read unknown channel and status codes into `Other`/`Unknown` arms.

pub mod common;
pub mod ewallet;
pub mod operation;
pub mod payment_link;
pub mod qris;
pub mod retail;
pub mod token;
pub mod va;

pub use operation::{Operation, OperationKind, QueryResponse, Reconcilable, Transactional};
