//! The inputs every benchmark shares (the criterion benches here and the `ayolinx-bench` timing
//! harness, which includes this file), and the cryptographic floor of each operation: the bare
//! primitives on the same bytes, called on `sha2`, `hmac` and `aws-lc-rs` directly.
//!
//! The keys are the throwaway test keys of `tests/fixtures/keys`; the RSA pair stands in for both
//! the merchant's key (token requests) and Ayolinx's key (callbacks).
// Shared by several bench targets, each of which uses a part of it.
#![allow(dead_code, unreachable_pub)]

use std::error::Error;

use aws_lc_rs::rsa::KeyPair;
use aws_lc_rs::signature::{ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256};
use ayolinx_proto::api::common::UrlParam;
use ayolinx_proto::api::qris::QrisGenerateRequest;
use ayolinx_proto::api::token::AccessToken;
use ayolinx_proto::callback::sign::{SignedRequest, sign_callback};
use ayolinx_proto::callback::{CallbackVerifier, NotificationKind};
use ayolinx_proto::signature::{callback_string_to_sign, token_string_to_sign};
use ayolinx_proto::time::WireTime;
use ayolinx_proto::{
    Amount, Client, ClientConfig, Environment, ExternalId, Money, PreparedRequest, PrivateKey,
    PublicKey, Timestamp,
};
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha512;

/// The throwaway RSA-2048 private key (PKCS#8 PEM).
pub const PRIVATE_KEY_PEM: &str = include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem");
/// Its public half (SPKI PEM).
pub const PUBLIC_KEY_PEM: &str = include_str!("../../tests/fixtures/keys/rsa2048_public.pem");
/// The client key (`X-PARTNER-ID`, `X-CLIENT-KEY`).
pub const CLIENT_KEY: &str = "CKSandbox-00000000-0000-0000-0000-000000000000";
/// The client secret that signs requests (the published sandbox secret).
pub const CLIENT_SECRET: &str = "SKSandbox-c2382b29-2395-4002-9ac5-fee6a6bdc52e";
/// An access token of realistic length.
pub const ACCESS_TOKEN: &str = "gp9HjjEj813Y9JGoqwOeOPWbnt4CUpvIJbU1mMU4a11MNDZ7Sg5u9a";
/// `X-TIMESTAMP` of every request and callback: 2024-09-12T12:55:00+07:00.
pub const UNIX_TIME: i64 = 1_726_120_500;
/// `X-EXTERNAL-ID`.
pub const EXTERNAL_ID: &str = "418075533589";
/// The merchant's callback path, which Ayolinx signs.
pub const CALLBACK_PATH: &str = "/webhooks/ayolinx";
/// A realistic QRIS payment notification, as raw bytes.
pub const CALLBACK_BODY: &[u8] = include_bytes!("../../tests/fixtures/callback/qris_snap_RRN.json");

/// The QRIS generate request every prepare benchmark signs.
pub fn qris_order() -> Result<QrisGenerateRequest, Box<dyn Error>> {
    Ok(QrisGenerateRequest::new(
        "ORD-20240912-0001",
        Money::idr(Amount::from_rupiah(15_000)?),
    )
    .url_param(UrlParam::notification(
        "https://merchant.example/ayolinx/callback",
    ))
    .valid_up_to(WireTime::iso(Timestamp::from_unix(UNIX_TIME + 900)?)))
}

/// Everything the SDK side of the benchmarks works on, built once.
pub struct Fixture {
    /// The Sans-IO client (sandbox environment, PHP-style bodies).
    pub client: Client,
    /// The access token.
    pub token: AccessToken,
    /// `now`, the time of every request and callback.
    pub now: Timestamp,
    /// `X-EXTERNAL-ID`.
    pub external_id: ExternalId,
    /// The QRIS generate request.
    pub order: QrisGenerateRequest,
    /// The prepared (signed) QRIS generate request: the reference output.
    pub prepared: PreparedRequest,
    /// The callback verifier, with the public key.
    pub verifier: CallbackVerifier,
    /// The callback, signed as Ayolinx signs them.
    pub callback: SignedRequest,
    /// `client_key|X-TIMESTAMP`, the token request's string to sign.
    pub token_string_to_sign: String,
}

impl Fixture {
    /// Loads the keys and builds the inputs.
    pub fn new() -> Result<Self, Box<dyn Error>> {
        let private_key = PrivateKey::from_pem(PRIVATE_KEY_PEM)?;
        let public_key = PublicKey::from_pem(PUBLIC_KEY_PEM)?;
        let now = Timestamp::from_unix(UNIX_TIME)?;
        let callback = sign_callback(&private_key, CALLBACK_PATH, CALLBACK_BODY, &now);
        let client = Client::new(ClientConfig::new(
            Environment::Sandbox,
            CLIENT_KEY,
            CLIENT_SECRET,
            private_key,
        ));
        let token = AccessToken::new(ACCESS_TOKEN, 900, now);
        let external_id = ExternalId::new(EXTERNAL_ID)?;
        let order = qris_order()?;
        let prepared = client.prepare(&order, &token, &now, &external_id)?;
        let fixture = Self {
            client,
            token,
            now,
            external_id,
            order,
            prepared,
            verifier: CallbackVerifier::new(public_key),
            callback,
            token_string_to_sign: token_string_to_sign(CLIENT_KEY, &now.to_string()),
        };
        let kind = fixture.verify_and_parse()?;
        if kind != NotificationKind::Qris {
            return Err(format!("the callback fixture reads as {kind}, not QRIS").into());
        }
        Ok(fixture)
    }

    /// The SDK's prepare: a fully signed QRIS generate request.
    pub fn prepare(&self) -> Result<PreparedRequest, Box<dyn Error>> {
        Ok(self
            .client
            .prepare(&self.order, &self.token, &self.now, &self.external_id)?)
    }

    /// The SDK's verify and parse of the QRIS callback: signature, timestamp, JSON, typed
    /// notification.
    pub fn verify_and_parse(&self) -> Result<NotificationKind, Box<dyn Error>> {
        let callback = self
            .verifier
            .verify(&self.callback.as_inbound(), self.now)?;
        Ok(callback.into_notification()?.kind())
    }

    /// The SDK's token signature: SHA256withRSA of `client_key|X-TIMESTAMP`, base64.
    pub fn sign_token(&self) -> Result<String, Box<dyn Error>> {
        let prepared = self.client.prepare_token(&self.now)?;
        let signature = prepared.request().header("X-SIGNATURE").unwrap_or_default();
        Ok(signature.to_owned())
    }

    /// The `X-SIGNATURE` header of the prepared QRIS request.
    pub fn request_signature(&self) -> &str {
        self.prepared
            .request()
            .header("X-SIGNATURE")
            .unwrap_or_default()
    }

    /// The `X-SIGNATURE` header of the callback.
    pub fn callback_signature(&self) -> &str {
        self.callback.header("X-SIGNATURE").unwrap_or_default()
    }
}

/// The cryptographic floor of each operation: the same bytes, the bare primitives.
pub struct Floor {
    /// The client secret's bytes (the HMAC key).
    pub secret: Vec<u8>,
    /// The body bytes the SDK sends.
    pub body: Vec<u8>,
    /// The string to sign of the QRIS request, as bytes.
    pub string_to_sign: Vec<u8>,
    /// The callback's string to sign, as bytes.
    pub callback_message: Vec<u8>,
    /// The callback's decoded signature.
    pub callback_signature: Vec<u8>,
    /// The token request's string to sign, as bytes.
    pub token_message: Vec<u8>,
    /// The public key, parsed once by aws-lc-rs.
    pub public_key: ParsedPublicKey,
    /// The private key, parsed once by aws-lc-rs.
    pub key_pair: KeyPair,
    /// HMAC-SHA512 keyed with the secret once, as the SDK keeps it per client.
    pub keyed_mac: Hmac<Sha512>,
    /// The generator `KeyPair::sign` asks for (AWS-LC blinds with its own randomness).
    pub rng: aws_lc_rs::rand::SystemRandom,
}

impl Floor {
    /// The floor inputs of a fixture, checked against the SDK's outputs.
    pub fn new(fixture: &Fixture) -> Result<Self, Box<dyn Error>> {
        let request = fixture.prepared.request();
        let string_to_sign = format!(
            "POST:/v1.0/qr/qr-mpm-generate:{ACCESS_TOKEN}:{}:{}",
            ayolinx_proto::signature::sha256_hex(&request.body),
            fixture.now
        );
        let callback_message = callback_string_to_sign(
            "POST",
            CALLBACK_PATH,
            CALLBACK_BODY,
            &fixture.now.to_string(),
        );
        let callback_signature =
            base64::engine::general_purpose::STANDARD.decode(fixture.callback_signature())?;
        let der = pem_body(PUBLIC_KEY_PEM)?;
        let floor = Self {
            secret: CLIENT_SECRET.as_bytes().to_vec(),
            body: request.body.clone(),
            string_to_sign: string_to_sign.into_bytes(),
            callback_message: callback_message.into_bytes(),
            callback_signature,
            token_message: fixture.token_string_to_sign.clone().into_bytes(),
            public_key: ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, der)
                .map_err(|e| format!("aws-lc-rs refused the public key: {e}"))?,
            key_pair: KeyPair::from_pkcs8(&pem_body(PRIVATE_KEY_PEM)?)
                .map_err(|e| format!("aws-lc-rs refused the private key: {e}"))?,
            keyed_mac: <Hmac<Sha512> as KeyInit>::new_from_slice(CLIENT_SECRET.as_bytes())?,
            rng: system_random(),
        };
        for (_, tag) in [floor.prepare(), floor.prepare_keyed()] {
            if base64::engine::general_purpose::STANDARD.encode(tag) != fixture.request_signature()
            {
                return Err("the floor's HMAC differs from the SDK's X-SIGNATURE".into());
            }
        }
        if !floor.verify() {
            return Err("the floor's RSA verify rejects the callback".into());
        }
        let signature = base64::engine::general_purpose::STANDARD.encode(floor.sign()?);
        if signature != fixture.sign_token()? {
            return Err("the floor's RSA signature differs from the SDK's".into());
        }
        Ok(floor)
    }

    /// Floor of prepare: SHA-256 of the body and HMAC-SHA512 of the string to sign.
    pub fn prepare(&self) -> ([u8; 32], [u8; 64]) {
        let hash = body_sha256(&self.body);
        let mut mac = <Hmac<Sha512> as KeyInit>::new_from_slice(&self.secret)
            .unwrap_or_else(|_| <Hmac<Sha512> as KeyInit>::new(&Default::default()));
        mac.update(&self.string_to_sign);
        (hash, mac.finalize().into_bytes().into())
    }

    /// Floor of prepare for a client that keys its HMAC once: SHA-256 of the body and
    /// HMAC-SHA512 of the string to sign from a copy of the keyed state.
    pub fn prepare_keyed(&self) -> ([u8; 32], [u8; 64]) {
        let hash = body_sha256(&self.body);
        let mut mac = self.keyed_mac.clone();
        mac.update(&self.string_to_sign);
        (hash, mac.finalize().into_bytes().into())
    }

    /// Floor of verify: the bare RSA-2048 PKCS#1 v1.5 SHA-256 verification.
    pub fn verify(&self) -> bool {
        self.public_key
            .verify_sig(&self.callback_message, &self.callback_signature)
            .is_ok()
    }

    /// Floor of the token signature: the bare RSA-2048 PKCS#1 v1.5 SHA-256 signature.
    pub fn sign(&self) -> Result<Vec<u8>, Box<dyn Error>> {
        let mut signature = vec![0; self.key_pair.public_modulus_len()];
        self.key_pair
            .sign(
                &RSA_PKCS1_SHA256,
                &self.rng,
                &self.token_message,
                &mut signature,
            )
            .map_err(|e| format!("aws-lc-rs refused to sign: {e}"))?;
        Ok(signature)
    }
}

/// The generator `KeyPair::sign` takes. The core never builds one (its clippy.toml bans it); a
/// benchmark of the bare primitive has to.
#[allow(clippy::disallowed_methods)]
fn system_random() -> aws_lc_rs::rand::SystemRandom {
    aws_lc_rs::rand::SystemRandom::new()
}

/// SHA-256 from AWS-LC, the implementation the SDK hashes bodies with on native targets.
fn body_sha256(body: &[u8]) -> [u8; 32] {
    let mut hash = [0; 32];
    hash.copy_from_slice(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, body).as_ref());
    hash
}

/// The DER inside a PEM (no checks beyond base64: the fixtures are known good).
pub fn pem_body(pem: &str) -> Result<Vec<u8>, Box<dyn Error>> {
    let base64: String = pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    Ok(base64::engine::general_purpose::STANDARD.decode(base64)?)
}
