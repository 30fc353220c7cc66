//! Where the demo pays: the embedded sandbox (the default, no set-up) or the server at
//! `--base-url` with the global credentials.

use ayolinx_proto::PrivateKey;
use ayolinx_proto::{PublicKey, Secret};
use ayolinx_sandbox::{Sandbox, SandboxHandle};

use crate::failure::Failure;
use crate::global::{Global, Setting};

/// The server the demo talks to, and the credentials for it.
pub(crate) struct Target {
    /// The embedded sandbox, kept alive for the demo (`None` with `--base-url`).
    pub(crate) sandbox: Option<SandboxHandle>,
    pub(crate) base_url: String,
    pub(crate) client_key: String,
    pub(crate) client_secret: Secret,
    pub(crate) private_key: PrivateKey,
    pub(crate) ayolinx_public_key: PublicKey,
}

impl Target {
    /// Starts the embedded sandbox on loopback, sending callbacks to `notify_url` and the SNAP
    /// VA calls to `merchant_base_url`.
    pub(crate) fn embedded(notify_url: &str, merchant_base_url: &str) -> Result<Self, Failure> {
        let sandbox = Sandbox::builder()
            .callback_url(notify_url)
            .merchant_va_base_url(merchant_base_url)
            .start()
            .map_err(|error| Failure::BadInput(format!("cannot start the sandbox: {error}")))?;
        let pem = sandbox.merchant_private_key_pem().ok_or_else(|| {
            Failure::BadInput("the embedded sandbox has no merchant test key".into())
        })?;
        let private_key = PrivateKey::from_pem(pem).map_err(|error| {
            Failure::BadInput(format!("the sandbox's merchant test key: {error}"))
        })?;
        Ok(Self {
            base_url: sandbox.base_url().to_owned(),
            client_key: sandbox.client_key().to_owned(),
            client_secret: sandbox.client_secret().clone(),
            ayolinx_public_key: sandbox.ayolinx_public_key().clone(),
            private_key,
            sandbox: Some(sandbox),
        })
    }

    /// The server at `base_url`, with the credentials and keys of the global options.
    pub(crate) fn remote(global: &Global, base_url: &str) -> Result<Self, Failure> {
        global.require(&[
            Setting::ClientKey,
            Setting::ClientSecret,
            Setting::PrivateKey,
            Setting::AyolinxPublicKey,
        ])?;
        Ok(Self {
            sandbox: None,
            base_url: base_url.trim_end_matches('/').to_owned(),
            client_key: global.require_client_key()?.to_owned(),
            client_secret: global.require_client_secret()?.clone(),
            private_key: global.require_private_key()?,
            ayolinx_public_key: global.require_ayolinx_public_key()?,
        })
    }
}
