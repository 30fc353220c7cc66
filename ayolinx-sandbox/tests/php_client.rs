//! A client written from the spec alone, in PHP, against a running sandbox: token, generate,
//! query, cancel, pay, the four refusals, and a callback it verifies itself. Needs `php`, so it
//! is built only with the `php-peer` feature (`cargo test -p ayolinx-sandbox --features php-peer
//! --test php_client`; `.ci/run` runs it after installing php-cli); fails loudly without `php`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use ayolinx_proto::callback::CallbackVerifier;
use ayolinx_sandbox::Sandbox;
use base64::Engine as _;
use support::{Receiver, now};

fn crate_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn php(args: &[&str]) -> Output {
    Command::new("php")
        .arg(crate_path("tests/php/client.php"))
        .args(args)
        .output()
        .expect("`php` must be installed to run this test (CI installs php-cli; on Debian: apt-get install php-cli)")
}

fn report(output: &Output) -> String {
    format!(
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn a_php_client_written_from_the_spec_runs_the_whole_flow() {
    let receiver = Receiver::acknowledging();
    let sandbox = Sandbox::builder()
        .token_lifetime_seconds(2)
        .start()
        .unwrap();
    let notify_url = format!("{}/php/notify", receiver.base_url);
    let key_file = crate_path("keys/merchant_private.pem");
    let output = php(&[
        "flow",
        sandbox.base_url(),
        sandbox.client_key(),
        sandbox.client_secret().expose_secret(),
        key_file.to_str().unwrap(),
        &notify_url,
    ]);
    assert!(output.status.success(), "{}", report(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout
            .lines()
            .filter(|line| line.starts_with("ok "))
            .count(),
        16,
        "{stdout}"
    );
    let order = stdout
        .lines()
        .find_map(|line| line.strip_prefix("order "))
        .unwrap()
        .to_owned();

    // The callback reaches the receiver; PHP verifies it, and so does the core.
    let callback = receiver.wait_for(1, Duration::from_secs(10))[0].clone();
    CallbackVerifier::new(sandbox.ayolinx_public_key().clone())
        .verify(&callback.inbound(), now())
        .unwrap();
    let write = |name: &str, body: &[u8]| {
        let file = std::env::temp_dir().join(format!(
            "ayolinx-sandbox-php-{}-{name}.json",
            std::process::id()
        ));
        let record = serde_json::json!({
            "target": format!("{}{}", receiver.base_url, callback.path),
            "timestamp": callback.header("X-TIMESTAMP").unwrap(),
            "signature": callback.header("X-SIGNATURE").unwrap(),
            "body_base64": base64::engine::general_purpose::STANDARD.encode(body),
        });
        std::fs::write(&file, record.to_string()).unwrap();
        file
    };
    let ayolinx_key = crate_path("keys/ayolinx_public.pem");
    let genuine = write("genuine", &callback.body);
    let output = php(&[
        "verify",
        ayolinx_key.to_str().unwrap(),
        genuine.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", report(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains(&format!("callback for {order}")));
    let mut altered = callback.body.clone();
    altered.push(b' ');
    let forged = write("forged", &altered);
    let output = php(&[
        "verify",
        ayolinx_key.to_str().unwrap(),
        forged.to_str().unwrap(),
    ]);
    assert!(
        !output.status.success(),
        "an altered body must not verify: {}",
        report(&output)
    );
    std::fs::remove_file(genuine).unwrap();
    std::fs::remove_file(forged).unwrap();
}
