//! End-to-end tests of the ayolinx crates (in `tests/`), and [`merchant`]: a merchant's app on
//! axum that nests the `ayolinx-axum` router and judges every notification with the core's
//! payment guard (served by `ayolinx_sandbox::serve`), small enough to copy.

pub mod merchant;

/// The published crates' READMEs (their crates.io pages) and the workspace's: their Rust quick
/// starts run here as doc tests, with this package's dependencies, so that they cannot rot.
#[cfg(doctest)]
mod readmes {
    #[doc = include_str!("../../README.md")]
    struct Workspace;

    #[doc = include_str!("../../ayolinx-proto/README.md")]
    struct AyolinxProto;

    #[doc = include_str!("../../ayolinx-ureq/README.md")]
    struct AyolinxUreq;

    #[doc = include_str!("../../ayolinx-axum/README.md")]
    struct AyolinxAxum;

    #[doc = include_str!("../../ayolinx-sandbox/README.md")]
    struct AyolinxSandbox;

    #[doc = include_str!("../../ayolinx-cli/README.md")]
    struct AyolinxCli;
}
