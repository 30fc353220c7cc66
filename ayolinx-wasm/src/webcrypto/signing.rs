//! Signing with a merchant private key in WebCrypto, checked against the key's public half on
//! import.

use ayolinx_proto::PrivateKey;
use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;

use super::{ALGORITHM, HostKey, import, refused, run, verify_with};

#[wasm_bindgen]
extern "C" {
    /// `crypto.subtle.sign`.
    #[wasm_bindgen(js_namespace = ["crypto", "subtle"], js_name = sign, catch)]
    fn subtle_sign(algorithm: &str, key: &JsValue, data: &[u8]) -> Result<Promise, JsValue>;
}

/// What a freshly imported private key signs, to check it before its first real signature.
const PROBE: &[u8] = b"ayolinx-wasm: the key signs what its public key verifies";

/// Why a private key WebCrypto refused (or whose probe did not verify) is unusable: the reason
/// the native backends give.
const PRIVATE_REFUSED: &str = "the RSA backend's consistency check rejected the private key (n, e, d, p, q, dP, dQ and qInv must agree)";

/// Raw RSASSA-PKCS1-v1_5 SHA-256 signature of `message` under an imported private key.
async fn sign_with(key: &JsValue, message: &[u8]) -> Result<Vec<u8>, JsValue> {
    let signature = run(subtle_sign(ALGORITHM, key, message)).await?;
    Ok(Uint8Array::new(&signature).to_vec())
}

/// A merchant private key, for signing.
pub(crate) type SigningKey = HostKey<PrivateKey>;

impl SigningKey {
    /// The import, started on the first call. It resolves to the `CryptoKey` once the key has
    /// signed a probe that its public key (from the core) verifies: the host's RSA is then known
    /// to agree with the numbers the core read, which is the consistency check the native
    /// backends make on loading.
    fn import(&self) -> Promise {
        let pkcs8 = self.key.expose_pkcs8_der();
        let spki = self.key.public_key().to_der();
        let what = self.what;
        crate::host::promise(async move {
            let refusal = || refused(what, PRIVATE_REFUSED);
            let private = import("pkcs8", &pkcs8, "sign", refusal).await?;
            drop(pkcs8);
            let public = import("spki", &spki, "verify", refusal).await?;
            let probe = sign_with(&private, PROBE).await?;
            if verify_with(&public, PROBE, &probe).await? {
                Ok(private)
            } else {
                Err(refusal())
            }
        })
    }

    /// Raw SHA256withRSA signature of `message`.
    pub(crate) async fn sign(&self, message: &[u8]) -> Result<Vec<u8>, JsValue> {
        let key = self.imported.get(|| self.import()).await?;
        sign_with(&key, message).await
    }
}
