//! The three SNAP signatures and the body encoder as plain functions: `tokenSignature`,
//! `requestSignature`, `verifyCallbackSignature` and `encodeBody`.

use ayolinx_proto::body::{self, BodyEncoding};
use ayolinx_proto::signature::{
    callback_string_to_sign, hmac_sha512_base64, request_string_to_sign, token_string_to_sign,
};
use ayolinx_proto::{PrivateKey, PublicKey, Timestamp};
use base64::Engine as _;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use wasm_bindgen::prelude::*;

use crate::convert::from_js;
use crate::failure::Failure;
use crate::input::{bytes, text};
use crate::webcrypto::{cached_signing_key, cached_verifying_key};

/// The core's reading of a signature header: the standard alphabet, padding optional, nothing
/// else. A value it refuses cannot be a genuine signature, so it verifies as `false`.
const SIGNATURE_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Checks an `X-TIMESTAMP` value, which is then signed exactly as given.
fn checked_timestamp(value: &JsValue) -> Result<String, Failure> {
    let timestamp = text(value, "timestamp")?;
    Timestamp::parse(&timestamp).map_err(|error| Failure::timestamp("timestamp", &error))?;
    Ok(timestamp)
}

/// The body bytes as text: they are JSON written by the core, so always UTF-8.
pub(crate) fn body_text(body: Vec<u8>) -> String {
    String::from_utf8(body)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

/// The `X-SIGNATURE` of an access-token request: SHA256withRSA over
/// `clientKey|timestamp` with the merchant's private key (PKCS#8 or PKCS#1 PEM), base64.
///
/// `timestamp` is the `X-TIMESTAMP` header value, e.g. `"2024-09-18T06:36:36+07:00"`; it is
/// checked and signed exactly as given. The RSA runs in the host's WebCrypto; the key is
/// imported once and reused by later calls with the same key. Rejects with an `Error` whose
/// `code` is `"invalid_key"`, `"invalid_timestamp"`, `"invalid_argument"` or `"no_webcrypto"`.
///
/// ```js
/// const signature = await tokenSignature(privateKeyPem, "CKSandbox-…", "2024-09-18T06:36:36+07:00");
/// ```
#[wasm_bindgen(js_name = tokenSignature)]
pub async fn token_signature(
    #[wasm_bindgen(js_name = privateKeyPem, unchecked_param_type = "string")]
    private_key_pem: JsValue,
    #[wasm_bindgen(js_name = clientKey, unchecked_param_type = "string")] client_key: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] timestamp: JsValue,
) -> Result<String, JsValue> {
    let key = PrivateKey::from_pem(&text(&private_key_pem, "privateKeyPem")?)
        .map_err(|error| Failure::key("privateKeyPem", &error))?;
    let string_to_sign = token_string_to_sign(
        &text(&client_key, "clientKey")?,
        &checked_timestamp(&timestamp)?,
    );
    sign_base64(key, string_to_sign.as_bytes()).await
}

/// SHA256withRSA signature of `message` with `key` (WebCrypto, the key imported once), base64.
async fn sign_base64(key: PrivateKey, message: &[u8]) -> Result<String, JsValue> {
    let signature = cached_signing_key(key, "privateKeyPem")
        .sign(message)
        .await?;
    Ok(STANDARD.encode(signature))
}

/// Whether `signature` (base64, the core's reading) is a SHA256withRSA signature of `message`
/// under `key`; `false` for one that is not base64 or not the key's length.
async fn verify_base64(key: PublicKey, message: &[u8], signature: &str) -> Result<bool, JsValue> {
    let length = key.bits().div_ceil(8);
    match SIGNATURE_BASE64.decode(signature) {
        Ok(signature) if signature.len() == length => {
            cached_verifying_key(key, "publicKeyPem")
                .verify(message, &signature)
                .await
        }
        _ => Ok(false),
    }
}

/// The SHA256withRSA (RSASSA-PKCS1-v1_5, SHA-256) signature of any `message` (a string, signed
/// as its UTF-8 bytes, or a `Uint8Array`) with `privateKeyPem`, base64: the primitive under
/// `tokenSignature`, for other strings to sign and for checking the package against test
/// vectors. Rejects like `tokenSignature`.
///
/// ```js
/// const signature = await signSha256WithRsa(privateKeyPem, "CK|2024-09-18T06:36:36+07:00");
/// ```
#[wasm_bindgen(js_name = signSha256WithRsa)]
pub async fn sign_sha256_with_rsa(
    #[wasm_bindgen(js_name = privateKeyPem, unchecked_param_type = "string")]
    private_key_pem: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] message: JsValue,
) -> Result<String, JsValue> {
    let key = PrivateKey::from_pem(&text(&private_key_pem, "privateKeyPem")?)
        .map_err(|error| Failure::key("privateKeyPem", &error))?;
    sign_base64(key, &bytes(&message, "message")?).await
}

/// Whether `signature` (base64) is a SHA256withRSA signature of any `message` (a string, as its
/// UTF-8 bytes, or a `Uint8Array`) under `publicKeyPem`: the primitive under
/// `verifyCallbackSignature`. Resolves to `false` for any signature that does not verify.
///
/// ```js
/// const holds = await verifySha256WithRsa(publicKeyPem, message, signature);
/// ```
#[wasm_bindgen(js_name = verifySha256WithRsa)]
pub async fn verify_sha256_with_rsa(
    #[wasm_bindgen(js_name = publicKeyPem, unchecked_param_type = "string")]
    public_key_pem: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] message: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] signature: JsValue,
) -> Result<bool, JsValue> {
    let key = PublicKey::from_pem(&text(&public_key_pem, "publicKeyPem")?)
        .map_err(|error| Failure::key("publicKeyPem", &error))?;
    let message = bytes(&message, "message")?;
    verify_base64(key, &message, &text(&signature, "signature")?).await
}

/// The `X-SIGNATURE` of any other request: HMAC-SHA512 with the client secret over
/// `METHOD:path:accessToken:sha256hex(body):timestamp`, base64.
///
/// `body` is the exact body sent: a string (hashed as its UTF-8 bytes) or a `Uint8Array`. Sign
/// the bytes you send; `encodeBody` writes them. Throws an `Error` with `code`
/// `"invalid_timestamp"` or `"invalid_argument"`.
///
/// ```js
/// const body = encodeBody({ partnerReferenceNo: "ORD-1" }, "php");
/// const signature = requestSignature(clientSecret, "POST", "/v1.0/qr/qr-mpm-generate", accessToken, body, "2024-09-12T12:55:00+07:00");
/// ```
#[wasm_bindgen(js_name = requestSignature)]
pub fn request_signature(
    #[wasm_bindgen(js_name = clientSecret, unchecked_param_type = "string")] client_secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] method: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] path: JsValue,
    #[wasm_bindgen(js_name = accessToken, unchecked_param_type = "string")] access_token: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] body: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] timestamp: JsValue,
) -> Result<String, Failure> {
    let client_secret = ayolinx_proto::Secret::new(text(&client_secret, "clientSecret")?);
    let access_token = ayolinx_proto::Secret::new(text(&access_token, "accessToken")?);
    let string_to_sign = request_string_to_sign(
        &text(&method, "method")?,
        &text(&path, "path")?,
        access_token.expose_secret(),
        &bytes(&body, "body")?,
        &checked_timestamp(&timestamp)?,
    );
    Ok(hmac_sha512_base64(
        client_secret.expose_secret().as_bytes(),
        string_to_sign.as_bytes(),
    ))
}

/// Whether `signature` (the `X-SIGNATURE` of a callback) is Ayolinx's SHA256withRSA signature
/// over `METHOD:path:sha256hex(body):timestamp` under `publicKeyPem` (SPKI or PKCS#1 PEM).
///
/// `body` must be the **raw received bytes** (a `Uint8Array`, or the exact text); `timestamp` the
/// `X-TIMESTAMP` header as received. Resolves to `false` for any signature that does not
/// verify, malformed or not; rejects (`code` `"invalid_key"`, `"invalid_argument"`,
/// `"no_webcrypto"`) only for unusable arguments. This checks the signature only:
/// `CallbackVerifier` also checks the method, the timestamp window and the body, and says why a
/// callback is refused. The RSA runs in the host's WebCrypto, the key imported once.
///
/// ```js
/// const genuine = await verifyCallbackSignature(publicKeyPem, "POST", "/webhooks/ayolinx", rawBody, headers.get("x-timestamp"), headers.get("x-signature"));
/// ```
#[wasm_bindgen(js_name = verifyCallbackSignature)]
pub async fn verify_callback_signature(
    #[wasm_bindgen(js_name = publicKeyPem, unchecked_param_type = "string")]
    public_key_pem: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] method: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] path: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] body: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] timestamp: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] signature: JsValue,
) -> Result<bool, JsValue> {
    let key = PublicKey::from_pem(&text(&public_key_pem, "publicKeyPem")?)
        .map_err(|error| Failure::key("publicKeyPem", &error))?;
    let string_to_sign = callback_string_to_sign(
        &text(&method, "method")?,
        &text(&path, "path")?,
        &bytes(&body, "body")?,
        &text(&timestamp, "timestamp")?,
    );
    verify_base64(
        key,
        string_to_sign.as_bytes(),
        &text(&signature, "signature")?,
    )
    .await
}

/// The exact body bytes (as text) that are hashed and sent for `value`.
///
/// `"php"` writes byte for byte what PHP 8's `json_encode` writes (compact, `/` as `\/`,
/// non-ASCII as `\uXXXX`), which Ayolinx hashes; `"compact"` writes plain compact JSON with raw
/// UTF-8. Key order is kept. Money must be a string (`"15000.00"`). Throws an `Error` with `code`
/// `"unsupported_value"` (NaN, infinities, integers beyond 2^53, `undefined` in an array,
/// functions, `Date`/`Map`/class instances, lone surrogates), `"too_deep"`, `"invalid_body"` or
/// `"invalid_argument"`, naming the path of the bad value.
///
/// ```js
/// encodeBody({ url: "https://a.id/x", name: "café" }, "php"); // '{"url":"https:\/\/a.id\/x","name":"caf\u00e9"}'
/// ```
#[wasm_bindgen(js_name = encodeBody)]
pub fn encode_body(
    #[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue,
    #[wasm_bindgen(unchecked_param_type = "BodyEncodingName")] encoding: JsValue,
) -> Result<String, Failure> {
    let encoding = encoding_named(&text(&encoding, "encoding")?)?;
    let json = from_js(&value, "$")?;
    let body = body::encode(&json, encoding).map_err(|error| Failure::body(&error))?;
    Ok(body_text(body))
}

/// `"php"` or `"compact"`.
pub(crate) fn encoding_named(name: &str) -> Result<BodyEncoding, Failure> {
    match name {
        "php" => Ok(BodyEncoding::PhpJson),
        "compact" => Ok(BodyEncoding::Compact),
        _ => Err(Failure::argument(format!(
            "encoding must be \"php\" or \"compact\", got {name:?}"
        ))),
    }
}
