//! `ayolinx sign`: every stage of a request or token signature, to compare with what another
//! implementation computed.

use std::path::PathBuf;

use ayolinx_proto::body::{self, BodyEncoding};
use ayolinx_proto::client::SigningStages;
use ayolinx_proto::signature::token_string_to_sign;
use clap::{Args, Subcommand, ValueEnum};
use serde_json::{Value, json};

use crate::clock;
use crate::failure::Failure;
use crate::global::{Global, Setting, read_body_file};
use crate::output;

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

Compare each stage with what your code (or Ayolinx's error) shows: the first stage that differs
is where the signature goes wrong.";

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

/// A body encoding, as named on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Encoding {
    /// PHP 8 json_encode with default flags.
    Php,
    /// Compact JSON, raw UTF-8.
    Compact,
}

impl From<Encoding> for BodyEncoding {
    fn from(encoding: Encoding) -> Self {
        match encoding {
            Encoding::Php => Self::PhpJson,
            Encoding::Compact => Self::Compact,
        }
    }
}

/// Prints the stages.
pub(crate) fn run(global: &Global, args: &Sign) -> Result<(), Failure> {
    match &args.what {
        SignWhat::Request(request) => run_request(global, request),
        SignWhat::Token(token) => run_token(global, token),
    }
}

fn timestamp_or_now(timestamp: Option<&String>) -> Result<String, Failure> {
    match timestamp {
        Some(timestamp) => Ok(timestamp.clone()),
        None => Ok(clock::now()?.to_string()),
    }
}

fn run_request(global: &Global, args: &SignRequest) -> Result<(), Failure> {
    let secret = global.require_client_secret()?;
    let file = read_body_file(&args.body_file)?;
    let body = match args.encoding {
        None => file,
        Some(encoding) => reencode(&file, encoding.into())?,
    };
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
            "bodyEncoding": args.encoding.map_or("as-is", |e| match e {
                Encoding::Php => "php",
                Encoding::Compact => "compact",
            }),
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
