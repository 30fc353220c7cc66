//! `ayolinx token`: get an access token (scheme A) and show what came back, never the token.

use ayolinx_proto::api::token::AccessToken;
use ayolinx_proto::body::BodyEncoding;
use clap::Args;
use serde_json::json;

use crate::connect;
use crate::failure::Failure;
use crate::global::Global;
use crate::progress::Status;
use crate::response;

const EXAMPLES: &str = "\
Examples:
  ayolinx token --base-url http://127.0.0.1:8080 --client-key CK... \\
      --client-secret \"$SECRET\" --private-key merchant_private.pem

The token itself is a secret and is shown as [REDACTED]; every other command gets its own.";

/// Get an access token (checks the client key, the private key and the clock).
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct Token {}

/// Requests a token and prints its type and lifetime.
pub(crate) fn run(global: &Global, _args: &Token) -> Result<(), Failure> {
    let client = connect::client(global, BodyEncoding::default())?;
    let token = {
        let _status = Status::show(global.json, "getting an access token");
        client.access_token()?
    };
    response::show(global.json, &describe(&token))
}

/// What may be shown of a token.
pub(crate) fn describe(token: &AccessToken) -> serde_json::Value {
    json!({
        "accessToken": "[REDACTED]",
        "tokenType": token.token_type(),
        "expiresIn": token.expires_in(),
        "obtainedAt": token.obtained_at().to_string(),
        "expiresAt": token.expires_at().to_string(),
    })
}
