//! Starting, configuring and stopping: the start-up line, key files, errors, stop, drop, wait.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod support;

use std::net::{IpAddr, Ipv4Addr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ayolinx_proto::api::qris::QrisGenerateRequest;
use ayolinx_proto::callback::CallbackVerifier;
use ayolinx_proto::client::BaseUrl;
use ayolinx_proto::{Client, ClientConfig, Environment, HttpResponse, PrivateKey, PublicKey};
use ayolinx_sandbox::credentials::{
    AYOLINX_PRIVATE_KEY_PEM, AYOLINX_PUBLIC_KEY_PEM, DEFAULT_CLIENT_KEY, DEFAULT_CLIENT_SECRET,
    MERCHANT_PRIVATE_KEY_PEM, MERCHANT_PUBLIC_KEY_PEM,
};
use ayolinx_sandbox::{Sandbox, SandboxError};

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("ayolinx-sandbox-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn defaults_are_the_documented_test_credentials() {
    let sandbox = Sandbox::start().unwrap();
    assert_eq!(sandbox.client_key(), DEFAULT_CLIENT_KEY);
    assert_eq!(
        sandbox.client_secret().expose_secret(),
        DEFAULT_CLIENT_SECRET
    );
    assert_eq!(
        sandbox.merchant_private_key_pem(),
        Some(MERCHANT_PRIVATE_KEY_PEM)
    );
    assert_eq!(
        sandbox.ayolinx_public_key_pem().trim(),
        AYOLINX_PUBLIC_KEY_PEM.trim()
    );
    let merchant = PrivateKey::from_pem(MERCHANT_PRIVATE_KEY_PEM).unwrap();
    assert_eq!(
        merchant.public_key().to_pem().trim(),
        MERCHANT_PUBLIC_KEY_PEM.trim()
    );
    assert!(sandbox.base_url().starts_with("http://127.0.0.1:"));
    assert!(!sandbox.base_url().ends_with('/'));
    let line = sandbox.startup_json();
    assert_eq!(line["base_url"], sandbox.base_url());
    assert_eq!(line["client_key"], DEFAULT_CLIENT_KEY);
    assert_eq!(
        line["client_secret"], DEFAULT_CLIENT_SECRET,
        "the public default may be shown"
    );
    assert_eq!(line["merchant_private_key_pem"], MERCHANT_PRIVATE_KEY_PEM);
    assert!(line.get("ayolinx_private_key_file").is_none());
    let ayolinx_secret_line = AYOLINX_PRIVATE_KEY_PEM.lines().nth(1).unwrap();
    assert!(
        !line.to_string().contains(ayolinx_secret_line),
        "the Ayolinx private key is never printed"
    );
    assert!(!format!("{sandbox:?}").contains(DEFAULT_CLIENT_SECRET));
}

#[test]
fn keys_from_files_and_a_private_secret() {
    let merchant_public = temp_file("merchant_public.pem", MERCHANT_PUBLIC_KEY_PEM.as_bytes());
    let ayolinx_private = temp_file("ayolinx_private.pem", AYOLINX_PRIVATE_KEY_PEM.as_bytes());
    let sandbox = Sandbox::builder()
        .host(IpAddr::V4(Ipv4Addr::LOCALHOST))
        .client_key("CK-mine")
        .client_secret("SK-mine-very-secret")
        .merchant_public_key_file(&merchant_public)
        .ayolinx_private_key_file(&ayolinx_private)
        .callback_url("http://127.0.0.1:9/cb")
        .time_factor(0.5)
        .start()
        .unwrap();
    let line = sandbox.startup_json();
    let text = line.to_string();
    assert!(
        !text.contains("SK-mine-very-secret"),
        "a user secret is never printed"
    );
    assert!(line.get("client_secret").is_none());
    assert_eq!(line["client_key"], "CK-mine");
    assert_eq!(
        line["merchant_public_key_file"],
        merchant_public.display().to_string()
    );
    assert_eq!(
        line["ayolinx_private_key_file"],
        ayolinx_private.display().to_string()
    );
    assert_eq!(line["callback_url"], "http://127.0.0.1:9/cb");
    assert_eq!(line["time_factor"], 0.5);
    // The file holds the public test key, so its documented private half is shown.
    assert_eq!(line["merchant_private_key_pem"], MERCHANT_PRIVATE_KEY_PEM);
    assert!(!text.contains(AYOLINX_PRIVATE_KEY_PEM.lines().nth(1).unwrap()));
    std::fs::remove_file(merchant_public).unwrap();
    std::fs::remove_file(ayolinx_private).unwrap();
}

#[test]
fn configuration_errors() {
    let missing = Sandbox::builder()
        .merchant_public_key_file("/nonexistent/key.pem")
        .start();
    assert!(matches!(missing, Err(SandboxError::KeyFile { .. })));
    let garbage = temp_file(
        "garbage.pem",
        b"-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n",
    );
    let bad = Sandbox::builder()
        .merchant_public_key_file(&garbage)
        .start();
    assert!(matches!(
        bad,
        Err(SandboxError::Key {
            which: "merchant public key",
            ..
        })
    ));
    std::fs::remove_file(garbage).unwrap();
    for factor in [-1.0, f64::NAN, f64::INFINITY] {
        assert!(matches!(
            Sandbox::builder().time_factor(factor).start(),
            Err(SandboxError::InvalidConfig { .. })
        ));
    }
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let error = Sandbox::builder().port(port).start().unwrap_err();
    assert!(matches!(error, SandboxError::Bind { .. }));
    assert!(error.to_string().contains(&port.to_string()));
}

#[test]
fn stop_and_drop_close_the_port_and_join_the_thread() {
    let sandbox = Sandbox::start().unwrap();
    let addr = sandbox.local_addr();
    assert!(TcpStream::connect(addr).is_ok());
    sandbox.stop();
    sandbox.stop();
    assert!(TcpStream::connect(addr).is_err());
    drop(sandbox);

    let sandbox = Sandbox::start().unwrap();
    let addr = sandbox.local_addr();
    drop(sandbox);
    assert!(TcpStream::connect(addr).is_err());
    // The port is free again.
    let again = Sandbox::builder().port(addr.port()).start().unwrap();
    assert_eq!(again.local_addr(), addr);
}

#[test]
fn wait_returns_once_stopped_from_another_thread() {
    let sandbox = Arc::new(Sandbox::start().unwrap());
    let stopper = {
        let sandbox = Arc::clone(&sandbox);
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            sandbox.stop();
        })
    };
    sandbox.wait();
    stopper.join().unwrap();
    assert!(TcpStream::connect(sandbox.local_addr()).is_err());
}

#[test]
fn keys_given_in_code_swap_the_roles() {
    // The Ayolinx test pair stands in for the merchant's, and the merchant pair for Ayolinx's.
    let receiver = support::Receiver::acknowledging();
    let sandbox = Sandbox::builder()
        .merchant_public_key(PublicKey::from_pem(AYOLINX_PUBLIC_KEY_PEM).unwrap())
        .ayolinx_private_key(PrivateKey::from_pem(MERCHANT_PRIVATE_KEY_PEM).unwrap())
        .callback_url(format!("{}/cb", receiver.base_url))
        .start()
        .unwrap();
    assert_eq!(sandbox.merchant_private_key_pem(), None);
    assert!(
        sandbox
            .startup_json()
            .get("merchant_private_key_pem")
            .is_none()
    );
    assert_eq!(
        sandbox.ayolinx_public_key_pem().trim(),
        MERCHANT_PUBLIC_KEY_PEM.trim()
    );
    let client = Client::new(ClientConfig::new(
        Environment::Custom(BaseUrl::parse(sandbox.base_url()).unwrap()),
        sandbox.client_key(),
        sandbox.client_secret().clone(),
        PrivateKey::from_pem(AYOLINX_PRIVATE_KEY_PEM).unwrap(),
    ));
    let agent = support::agent();
    let now = support::now();
    let answer = support::send(&agent, client.prepare_token(&now).unwrap().request()).unwrap();
    let token = client
        .parse_token(&HttpResponse::new(answer.status, answer.body), now)
        .unwrap();
    let order = QrisGenerateRequest::new("ORD-SWAP", support::idr(1_000));
    let prepared = client
        .prepare(&order, &token, &now, &support::external_id())
        .unwrap();
    assert_eq!(
        support::send(&agent, prepared.request()).unwrap().status,
        200
    );
    sandbox.pay("ORD-SWAP").unwrap();
    let callback = &receiver.wait_for(1, Duration::from_secs(10))[0];
    CallbackVerifier::new(PublicKey::from_pem(MERCHANT_PUBLIC_KEY_PEM).unwrap())
        .verify(&callback.inbound(), support::now())
        .unwrap();

    // Paying after a stop records the payment and sends nothing, without panicking.
    let prepared = client
        .prepare(
            &QrisGenerateRequest::new("ORD-LATE", support::idr(1_000)),
            &token,
            &now,
            &support::external_id(),
        )
        .unwrap();
    assert_eq!(
        support::send(&agent, prepared.request()).unwrap().status,
        200
    );
    sandbox.stop();
    assert_eq!(sandbox.pay("ORD-LATE").unwrap().status, "paid");
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(receiver.requests().len(), 1);
}
