//! `ayolinx sign`: every stage of a request, token or callback signature, to compare with what
//! another implementation computed.

use std::path::{Path, PathBuf};

use ayolinx_proto::body::{self, BodyEncoding};
use ayolinx_proto::callback::sign::sign_callback;
use ayolinx_proto::client::SigningStages;
use ayolinx_proto::signature::{callback_string_to_sign, sha256_hex, token_string_to_sign};
use ayolinx_proto::{PrivateKey, Secret, Timestamp};
use ayolinx_sandbox::credentials;
use clap::{Args, Subcommand};
use serde_json::{Value, json};

use crate::clock;
use crate::encoding::Encoding;
use crate::failure::Failure;
use crate::global::{Global, Setting, parse_secret, private_key_setting, read_body_file};
use crate::output::{self, escape_controls};

const REQUEST_EXAMPLES: &str = "\
Examples:
  # The stages of the bytes in body.json, sent as they are:
  ayolinx sign request --client-secret \"$SECRET\" --path /v1.0/qr/qr-mpm-generate \\
      --token \"$TOKEN\" --timestamp 2024-09-12T12:55:00+07:00 --body-file body.json

  # The same JSON re-encoded as PHP's json_encode writes it (\\/ and \\u00e9), as Ayolinx hashes it:
  ayolinx sign request --path /v1.0/qr/qr-mpm-generate --token \"$TOKEN\" \\
      --timestamp 2024-09-12T12:55:00+07:00 --body-file body.json --encoding php --json

The client secret comes from --client-secret or AYOLINX_CLIENT_SECRET. The access token is used
but never printed: the string to sign shows it as [REDACTED].";

const SIGN_EXAMPLES: &str = "\
Examples:
  ayolinx sign request --path /v1.0/qr/qr-mpm-generate --token \"$TOKEN\" --body-file body.json
  ayolinx sign token --client-key CKSandbox-... --private-key merchant_private.pem
  ayolinx sign callback --path /webhooks/ayolinx --body-file notification.json

Compare each stage with what your code (or Ayolinx's error) shows: the first stage that differs
is where the signature goes wrong.";

const CALLBACK_EXAMPLES: &str = "\
Examples:
  # A callback as `ayolinx sandbox` signs them (its documented test Ayolinx key), to feed your
  # webhook or `ayolinx verify-callback --public-key ayolinx_public.pem`:
  ayolinx sign callback --path /webhooks/ayolinx --timestamp 2024-09-12T12:55:00+07:00 \\
      --body-file notification.json

  # With another key, the body from standard input, re-encoded as PHP's json_encode writes it:
  ayolinx sign callback --ayolinx-private-key ayolinx_private.pem --path /cb \\
      --body-file - --encoding php --json < notification.json";

const TOKEN_EXAMPLES: &str = "\
Examples:
  ayolinx sign token --client-key CKSandbox-... --private-key merchant_private.pem \\
      --timestamp 2024-09-18T06:36:36+07:00";

/// Show every stage of a signature.
#[derive(Debug, Args)]
#[command(after_help = SIGN_EXAMPLES)]
pub(crate) struct Sign {
    /// Which signature.
    #[command(subcommand)]
    what: SignWhat,
}

#[derive(Debug, Subcommand)]
enum SignWhat {
    /// Scheme B (HMAC-SHA512 with the client secret): body bytes, body hash, string to sign,
    /// signature.
    #[command(after_help = REQUEST_EXAMPLES)]
    Request(SignRequest),
    /// Scheme A (SHA256withRSA with the merchant's private key): string to sign, signature.
    #[command(after_help = TOKEN_EXAMPLES)]
    Token(SignToken),
    /// Scheme C (SHA256withRSA with Ayolinx's private key, as Ayolinx signs callbacks): body
    /// bytes, body hash, string to sign, signature, headers.
    #[command(after_help = CALLBACK_EXAMPLES)]
    Callback(SignCallback),
}

#[derive(Debug, Args)]
struct SignCallback {
    /// The merchant's callback path, as Ayolinx signs it (e.g. /webhooks/ayolinx).
    #[arg(long, value_name = "P")]
    path: String,
    /// The X-TIMESTAMP value, e.g. 2024-09-12T12:55:00+07:00 (default: now, +07:00).
    #[arg(long, value_name = "TS", value_parser = Timestamp::parse)]
    timestamp: Option<Timestamp>,
    /// The body (`-`: standard input). Without --encoding its bytes are signed exactly as they
    /// are in the file.
    #[arg(long, value_name = "F")]
    body_file: PathBuf,
    /// Re-encode the file's JSON first (see `sign request --help`).
    #[arg(long, value_enum, value_name = "ENCODING")]
    encoding: Option<Encoding>,
    /// The key to sign with, standing in for Ayolinx's: a PEM file or the PEM text (default:
    /// the sandbox's documented test key, whose public half `ayolinx sandbox` prints).
    #[arg(long, value_name = "FILE|PEM", value_parser = parse_secret)]
    ayolinx_private_key: Option<Secret>,
}

#[derive(Debug, Args)]
struct SignRequest {
    /// The HTTP method.
    #[arg(long, default_value = "POST", value_name = "M")]
    method: String,
    /// The path the server sees, without host or query (e.g. /v1.0/qr/qr-mpm-generate).
    #[arg(long, value_name = "P")]
    path: String,
    /// The access token (the bare token, without "Bearer "). Never printed.
    #[arg(long, value_name = "T")]
    token: String,
    /// The X-TIMESTAMP value, exactly as sent (default: now, +07:00).
    #[arg(long, value_name = "TS")]
    timestamp: Option<String>,
    /// The body (`-`: standard input). Without --encoding its bytes are signed exactly as they
    /// are in the file.
    #[arg(long, value_name = "F")]
    body_file: PathBuf,
    /// Re-encode the file's JSON first: php = PHP json_encode (what Ayolinx hashes: `/` as `\/`,
    /// non-ASCII as \uXXXX), compact = plain compact JSON with raw UTF-8.
    #[arg(long, value_enum, value_name = "ENCODING")]
    encoding: Option<Encoding>,
}

#[derive(Debug, Args)]
struct SignToken {
    /// The X-TIMESTAMP value, exactly as sent (default: now, +07:00).
    #[arg(long, value_name = "TS")]
    timestamp: Option<String>,
}

/// Prints the stages.
pub(crate) fn run(global: &Global, args: &Sign) -> Result<(), Failure> {
    match &args.what {
        SignWhat::Request(request) => run_request(global, request),
        SignWhat::Token(token) => run_token(global, token),
        SignWhat::Callback(callback) => run_callback(global, callback),
    }
}

fn timestamp_or_now(timestamp: Option<&String>) -> Result<String, Failure> {
    match timestamp {
        Some(timestamp) => Ok(timestamp.clone()),
        None => Ok(clock::now()?.to_string()),
    }
}

/// The body file's bytes, re-encoded when `encoding` asks.
fn body_bytes(path: &Path, encoding: Option<Encoding>) -> Result<Vec<u8>, Failure> {
    let file = read_body_file(path)?;
    match encoding {
        None => Ok(file),
        Some(encoding) => reencode(&file, encoding.into()),
    }
}

/// How the body was encoded, as `--json` names it.
fn encoding_name(encoding: Option<Encoding>) -> &'static str {
    encoding.map_or("as-is", Encoding::name)
}

fn run_request(global: &Global, args: &SignRequest) -> Result<(), Failure> {
    let secret = global.require_client_secret()?;
    let body = body_bytes(&args.body_file, args.encoding)?;
    let timestamp = timestamp_or_now(args.timestamp.as_ref())?;
    let stages = SigningStages::hmac_request(
        &args.method,
        &args.path,
        &args.token,
        secret,
        &body,
        &timestamp,
    );
    if global.json {
        output::print_pretty(&json!({
            "scheme": "B",
            "method": stages.method,
            "path": stages.url,
            "headers": stages.headers.iter().map(|(name, value)| json!([name, value])).collect::<Vec<_>>(),
            "body": String::from_utf8_lossy(&stages.body),
            "bodyEncoding": encoding_name(args.encoding),
            "bodySha256Hex": stages.body_sha256_hex,
            "stringToSign": stages.string_to_sign,
            "signature": stages.signature,
        }))
    } else {
        output::print_text(&stages.to_string());
        Ok(())
    }
}

/// The file's JSON, parsed (key order kept) and written again in `encoding`.
fn reencode(file: &[u8], encoding: BodyEncoding) -> Result<Vec<u8>, Failure> {
    let value: Value = serde_json::from_slice(file).map_err(|error| {
        Failure::BadInput(format!(
            "--encoding re-encodes the body file's JSON, but it is not JSON: {error}"
        ))
    })?;
    body::encode(&value, encoding)
        .map_err(|error| Failure::BadInput(format!("cannot encode the body: {error}")))
}

fn run_token(global: &Global, args: &SignToken) -> Result<(), Failure> {
    global.require(&[Setting::ClientKey, Setting::PrivateKey])?;
    let client_key = global.require_client_key()?;
    let key = global.require_private_key()?;
    let timestamp = timestamp_or_now(args.timestamp.as_ref())?;
    let string_to_sign = token_string_to_sign(client_key, &timestamp);
    let signature = key
        .try_sign_base64(string_to_sign.as_bytes())
        .map_err(|error| Failure::BadInput(format!("cannot sign with the private key: {error}")))?;
    if global.json {
        output::print_pretty(&json!({
            "scheme": "A",
            "timestamp": timestamp,
            "stringToSign": string_to_sign,
            "signature": signature,
        }))
    } else {
        output::print_text(&format!(
            "scheme:         A (SHA256withRSA, merchant private key)\n\
             header:         X-TIMESTAMP: {timestamp}\n\
             header:         X-CLIENT-KEY: {client_key}\n\
             string to sign: {string_to_sign}\n\
             signature:      {signature}"
        ));
        Ok(())
    }
}

fn run_callback(global: &Global, args: &SignCallback) -> Result<(), Failure> {
    let (key, which) = match &args.ayolinx_private_key {
        Some(value) => (
            private_key_setting("--ayolinx-private-key", value)?,
            "--ayolinx-private-key",
        ),
        None => (
            PrivateKey::from_pem(credentials::AYOLINX_PRIVATE_KEY_PEM).map_err(|error| {
                Failure::BadInput(format!("the sandbox's Ayolinx test key: {error}"))
            })?,
            "the sandbox's documented Ayolinx test key",
        ),
    };
    let body = body_bytes(&args.body_file, args.encoding)?;
    let timestamp = match args.timestamp {
        Some(timestamp) => timestamp,
        None => clock::now()?,
    };
    let signed = sign_callback(&key, &args.path, &body, &timestamp);
    let x_timestamp = signed.header("X-TIMESTAMP").unwrap_or_default();
    let body_sha256_hex = sha256_hex(&body);
    let string_to_sign = callback_string_to_sign("POST", &args.path, &body, x_timestamp);
    let signature = signed.header("X-SIGNATURE").unwrap_or_default();
    let fingerprint = key.public_key().fingerprint_sha256();
    if global.json {
        return output::print_pretty(&json!({
            "scheme": "C",
            "key": which,
            "publicKeyFingerprintSha256": fingerprint,
            "method": "POST",
            "path": args.path,
            "headers": signed.headers.iter().map(|(name, value)| json!([name, value])).collect::<Vec<_>>(),
            "body": String::from_utf8_lossy(&body),
            "bodyEncoding": encoding_name(args.encoding),
            "bodySha256Hex": body_sha256_hex,
            "stringToSign": string_to_sign,
            "signature": signature,
        }));
    }
    let headers: String = signed
        .headers
        .iter()
        .map(|(name, value)| format!("header:         {name}: {value}\n"))
        .collect();
    output::print_text(&format!(
        "scheme:         C (SHA256withRSA, Ayolinx's private key: {which})\n\
         key:            public key fingerprint (SHA-256) {fingerprint}\n\
         method:         POST\n\
         path:           {}\n\
         body:           {}\n\
         body sha256:    {body_sha256_hex}\n\
         string to sign: {string_to_sign}\n\
         signature:      {signature}\n\
         {}",
        escape_controls(&args.path),
        escape_controls(&String::from_utf8_lossy(&body)),
        headers.trim_end()
    ));
    Ok(())
}
