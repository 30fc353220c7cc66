//! End-to-end tests of the ayolinx crates (in `tests/`), and [`merchant`]: a merchant's webhook
//! server on axum built on `ayolinx-proto` alone (served by `ayolinx_sandbox::serve`), small
//! enough to copy.

pub mod merchant;
