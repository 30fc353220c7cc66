//! The two-phase access-token request: the string to sign, signed elsewhere, gives the same
//! request as `prepare_token`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: it unwraps"
)]

use ayolinx_proto::{Client, ClientConfig, Environment, PrivateKey, Secret, Timestamp};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

const PRIVATE_PEM: &str = include_str!("fixtures/keys/rsa2048_pkcs8.pem");

fn client() -> Client {
    Client::new(ClientConfig::new(
        Environment::Sandbox,
        "CKSandbox-00000000-0000-0000-0000-000000000000",
        Secret::new("SKSandbox-c2382b29-2395-4002-9ac5-fee6a6bdc52e"),
        PrivateKey::from_pem(PRIVATE_PEM).unwrap(),
    ))
}

#[test]
fn an_external_signature_makes_the_same_request_as_the_keys_own() {
    let client = client();
    let timestamp = Timestamp::parse("2024-09-18T06:36:36+07:00").unwrap();
    let string_to_sign = client.token_string_to_sign(&timestamp);
    assert_eq!(
        string_to_sign,
        "CKSandbox-00000000-0000-0000-0000-000000000000|2024-09-18T06:36:36+07:00"
    );
    let signature = STANDARD
        .decode(client.private_key().sign_base64(string_to_sign.as_bytes()))
        .unwrap();
    let signed = client.prepare_token_signed(&timestamp, &signature).unwrap();
    let own = client.prepare_token(&timestamp).unwrap();
    assert_eq!(signed.request(), own.request());
    assert_eq!(
        signed.signing_stages().to_string(),
        own.signing_stages().to_string()
    );
}

#[test]
fn an_unsafe_client_key_is_refused_before_any_signature_is_used() {
    let client = Client::new(ClientConfig::new(
        Environment::Sandbox,
        "CK\r\nX-Injected: 1",
        Secret::new("SK"),
        PrivateKey::from_pem(PRIVATE_PEM).unwrap(),
    ));
    let timestamp = Timestamp::parse("2024-09-18T06:36:36+07:00").unwrap();
    let error = client
        .prepare_token_signed(&timestamp, &[1, 2, 3])
        .unwrap_err();
    assert!(error.to_string().contains("X-CLIENT-KEY"), "{error}");
}
