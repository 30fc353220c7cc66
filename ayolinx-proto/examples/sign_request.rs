//! Signs an Ayolinx access-token request and a QRIS generate request with the throwaway test keys,
//! printing every stage (body bytes, body hash, string to sign, signature), then verifies a
//! callback signed the way Ayolinx signs them.
//!
//! ```text
//! cargo run -p ayolinx-proto --example sign_request [-- PRIVATE_KEY_PEM]
//! ```
//!
//! Without an argument it uses `vectors/keys/test_merchant_private_pkcs8.pem`, the project's
//! throwaway test key. Never a real key.
#![allow(clippy::print_stdout, clippy::disallowed_methods)] // an example prints and reads a file

use std::error::Error;
use std::path::PathBuf;

use ayolinx_proto::body::{self, BodyEncoding};
use ayolinx_proto::signature::{
    callback_string_to_sign, hmac_sha512_base64, request_string_to_sign, sha256_hex,
    token_string_to_sign,
};
use ayolinx_proto::{ExternalId, PrivateKey, Secret, Timestamp};

fn main() -> Result<(), Box<dyn Error>> {
    let key_path = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../vectors/keys/test_merchant_private_pkcs8.pem")
        });
    let pem = std::fs::read_to_string(&key_path)
        .map_err(|e| format!("cannot read the private key {}: {e}", key_path.display()))?;
    let private_key = PrivateKey::from_pem(&pem)?;
    let client_key = "CKSandbox-00000000-0000-0000-0000-000000000000";
    let client_secret = Secret::new("SKSandbox-c2382b29-2395-4002-9ac5-fee6a6bdc52e");
    let timestamp = Timestamp::from_unix(1_726_120_500)?; // fixed, so the output is reproducible
    let x_timestamp = timestamp.to_string();

    println!("== Scheme A: access token request (SHA256withRSA, merchant key)");
    let token_sts = token_string_to_sign(client_key, &x_timestamp);
    println!("X-TIMESTAMP     {x_timestamp}");
    println!("X-CLIENT-KEY    {client_key}");
    println!("string to sign  {token_sts}");
    println!(
        "X-SIGNATURE     {}",
        private_key.sign_base64(token_sts.as_bytes())
    );

    println!("\n== Scheme B: POST /v1.0/qr/qr-mpm-generate (HMAC-SHA512, client secret)");
    let path = "/v1.0/qr/qr-mpm-generate";
    let access_token = Secret::new("gp9HjjEj813Y9JGoqwOeOPWbnt4CUpvIJbU1mMU4a11MNDZ7Sg5u9a");
    let request = serde_json::json!({
        "partnerReferenceNo": "ORD-20240912-0001",
        "amount": {"currency": "IDR", "value": "15000.00"},
        "additionalInfo": {"channel": "BNC_QRIS"},
        "urlParams": [{"type": "NOTIFICATION", "url": "https://merchant.example/webhooks/ayolinx"}],
        "validUpTo": "2024-09-12T13:25:00+07:00"
    });
    let body_bytes = body::encode(&request, BodyEncoding::PhpJson)?;
    let sts = request_string_to_sign(
        "POST",
        path,
        access_token.expose_secret(),
        &body_bytes,
        &x_timestamp,
    );
    let signature = hmac_sha512_base64(client_secret.expose_secret().as_bytes(), sts.as_bytes());
    println!("X-TIMESTAMP     {x_timestamp}");
    println!(
        "X-EXTERNAL-ID   {}",
        ExternalId::generate(&timestamp, [0x5a; 16])
    );
    println!("body (as sent)  {}", String::from_utf8_lossy(&body_bytes));
    println!("sha256(body)    {}", sha256_hex(&body_bytes));
    println!(
        "string to sign  {}",
        sts.replace(access_token.expose_secret(), "[ACCESS TOKEN]")
    );
    println!("X-SIGNATURE     {signature}");

    println!("\n== Scheme C: a callback, signed as Ayolinx signs it, verified by the merchant");
    let callback_path = "/webhooks/ayolinx";
    let callback_body = br#"{"originalReferenceNo":"AYO-REF-1","originalPartnerReferenceNo":"ORD-20240912-0001","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"15000.00"}}"#;
    let callback_sts = callback_string_to_sign("POST", callback_path, callback_body, &x_timestamp);
    // The test key stands in for Ayolinx's key here.
    let callback_signature = private_key.sign_base64(callback_sts.as_bytes());
    println!("string to sign  {callback_sts}");
    println!("X-SIGNATURE     {callback_signature}");
    let verdict = private_key
        .public_key()
        .verify_base64(callback_sts.as_bytes(), &callback_signature);
    println!("verified        {verdict:?}");
    verdict?;
    Ok(())
}
