//! `ClientBuilder::from_vars`: `AYOLINX_PRIVATE_KEY` holds the PEM text itself or a file path,
//! and no error ever repeats a value read from the environment.
// Helpers outside #[test] functions fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ayolinx_ureq::{ClientBuilder, Error};

const PEM_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../ayolinx-proto/tests/fixtures/keys/rsa2048_pkcs8.pem"
);

fn pem() -> String {
    std::fs::read_to_string(PEM_PATH).unwrap()
}

/// `from_vars` with `AYOLINX_PRIVATE_KEY` set to `key` and the other settings present.
fn from_key(key: &str) -> Result<ClientBuilder, Error> {
    ClientBuilder::from_vars(|name| match name {
        "AYOLINX_BASE_URL" => Some("http://127.0.0.1:9".to_owned()),
        "AYOLINX_CLIENT_KEY" => Some("CK-1".to_owned()),
        "AYOLINX_CLIENT_SECRET" => Some("SK-1".to_owned()),
        "AYOLINX_PRIVATE_KEY" => Some(key.to_owned()),
        _ => None,
    })
}

/// The error's `Display` and `Debug`, with every line of `value` asserted absent.
fn assert_error_hides(result: Result<ClientBuilder, Error>, value: &str) -> String {
    let error = result.expect_err("the setting is refused");
    let shown = format!("{error} {error:?}");
    for line in value.lines().map(str::trim).filter(|line| line.len() > 4) {
        assert!(!shown.contains(line), "{line:?} leaked into {shown}");
    }
    assert!(shown.contains("AYOLINX_PRIVATE_KEY"), "{shown}");
    shown
}

#[test]
fn the_private_key_variable_may_hold_the_pem_text_itself() {
    from_key(&pem()).unwrap().build().unwrap();
    from_key(PEM_PATH).unwrap().build().unwrap();
}

#[test]
fn a_corrupted_pem_in_the_variable_is_named_without_a_line_of_the_key() {
    let corrupted = pem().replacen("MII", "M!I", 1);
    let shown = assert_error_hides(from_key(&corrupted), &corrupted);
    assert!(shown.contains("not a usable private key"), "{shown}");
    let truncated: String = pem().lines().take(10).collect::<Vec<_>>().join("\n");
    assert_error_hides(from_key(&truncated), &truncated);
}

#[test]
fn an_unreadable_path_is_named_without_the_path() {
    let path = "/nonexistent/secret-dir/merchant-key.pem";
    let shown = assert_error_hides(from_key(path), path);
    assert!(!shown.contains("secret-dir"), "{shown}");
    assert!(shown.contains("cannot be read"), "{shown}");
}
