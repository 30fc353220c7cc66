//! End-to-end tests of the ayolinx crates, in `tests/`: the clients against the sandbox, and the
//! sandbox's callbacks against the `ayolinx-axum` merchant router. This library holds nothing.
