//! `AyolinxClient`: prepare signed requests ready for `fetch`, and parse the answers.

use ayolinx_proto::api::token::{AccessToken, AccessTokenRequest};
use ayolinx_proto::client::{BaseUrl, parse_response};
use ayolinx_proto::driver::Settings;
use ayolinx_proto::{
    Client, ClientConfig, Environment, HttpResponse, Operation, PreparedRequest, PrivateKey,
    Secret, Timestamp,
};
use std::rc::Rc;

use js_sys::Promise;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use crate::calls::{Shared, Tokens, WholeCall};
use crate::convert::{from_js, to_js};
use crate::failure::Failure;
use crate::input::{Options, bytes, text};
use crate::operations::{JsOperation, WithOperation, read_request, with_operation};
use crate::signatures::{body_text, encoding_named};
use crate::stamp::{external_id, timestamp_option};
use crate::transport::Fetch;
use crate::webcrypto::SigningKey;

/// A client for the Ayolinx Open API that does no I/O: it prepares signed requests
/// (`{ method, url, headers, body }`, ready for `fetch`) and parses the answers. The secrets
/// stay inside the wasm instance; call `free()` (or `using`) to zeroise them early.
///
/// ```js
/// const client = new AyolinxClient({ clientKey, clientSecret, privateKeyPem, baseUrl: "sandbox" });
/// const tokenRequest = await client.prepareToken();
/// const tokenAnswer = await fetch(tokenRequest.url, tokenRequest);
/// const { accessToken } = client.parse("token", tokenAnswer.status, await tokenAnswer.text());
///
/// const request = client.prepare("qris.generate",
///   { partnerReferenceNo: "ORD-1", amount: { value: "15000.00", currency: "IDR" }, additionalInfo: { channel: "BNC_QRIS" } },
///   { accessToken });
/// const answer = await fetch(request.url, request);
/// const qr = client.parse("qris.generate", answer.status, await answer.text());
/// ```
/// `Debug` shows no secret (the core's redacting `Debug`).
#[derive(Debug)]
#[wasm_bindgen]
pub struct AyolinxClient {
    client: Rc<Client>,
    /// The private key in WebCrypto, imported on the first token request.
    key: Rc<SigningKey>,
    /// What the whole calls of this client share: `fetch` and the token cache.
    shared: Rc<Shared>,
}

#[wasm_bindgen]
impl AyolinxClient {
    /// A client from `{ clientKey, clientSecret, privateKeyPem, baseUrl, bodyEncoding?, fetch? }`.
    ///
    /// `baseUrl` is `"sandbox"`, `"production"` or a URL (`http://127.0.0.1:8080/prefix`; its path
    /// is part of every signed path). `bodyEncoding` is `"php"` (the default, what Ayolinx hashes)
    /// or `"compact"`. `fetch` is what [`call`](Self::call) sends with (default: the global
    /// `fetch`; a worker may pass a service binding's, a test a counting one). Throws (`code` `"invalid_argument"`, `"invalid_key"`,
    /// `"invalid_base_url"`) when an option is missing or unusable.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "AyolinxClientOptions")] options: JsValue,
    ) -> Result<AyolinxClient, Failure> {
        let (options, fetch) = take_fetch(&options)?;
        let options = Options::read(
            &options,
            "options",
            &[
                "clientKey",
                "clientSecret",
                "privateKeyPem",
                "baseUrl",
                "bodyEncoding",
            ],
            false,
        )?;
        let environment = match options.required_text("baseUrl")? {
            "sandbox" => Environment::Sandbox,
            "production" => Environment::Production,
            url => Environment::Custom(BaseUrl::parse(url)?),
        };
        const KEY: &str = "options.privateKeyPem";
        let private_key = PrivateKey::from_pem(options.required_text("privateKeyPem")?)
            .map_err(|error| Failure::key(KEY, &error))?;
        let mut config = ClientConfig::new(
            environment,
            options.required_text("clientKey")?,
            Secret::new(options.required_text("clientSecret")?),
            private_key,
        );
        if let Some(encoding) = options.text("bodyEncoding")? {
            config = config.with_body_encoding(encoding_named(encoding)?);
        }
        let client = Rc::new(Client::new(config));
        let key = SigningKey::new(client.private_key().clone(), KEY);
        let shared = Shared {
            core: Rc::clone(&client),
            key: Rc::clone(&key),
            fetch,
            settings: Settings::default(),
            tokens: Tokens::default(),
        };
        Ok(Self {
            client,
            key,
            shared: Rc::new(shared),
        })
    }

    /// The access-token request, signed with the private key: a Promise of
    /// `{ method, url, headers, body }`.
    ///
    /// `options.timestamp` (an `X-TIMESTAMP` string or milliseconds since the epoch) defaults to
    /// `Date.now()` at the call, written in `+07:00`. The RSA runs in the host's WebCrypto; the
    /// key is imported on the first call and reused. Rejects with an `Error` whose `code` is
    /// `"invalid_argument"`, `"invalid_timestamp"`, `"invalid_key"` or `"no_webcrypto"`.
    #[wasm_bindgen(js_name = prepareToken, unchecked_return_type = "Promise<PreparedRequest>")]
    pub fn prepare_token(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "TokenOptions")] options: Option<JsValue>,
    ) -> Promise {
        let timestamp = Options::read(
            &options.unwrap_or_default(),
            "options",
            &["timestamp"],
            true,
        )
        .and_then(|options| timestamp_option(options.value("timestamp")));
        let client = Rc::clone(&self.client);
        let key = Rc::clone(&self.key);
        crate::host::promise(async move {
            let timestamp = timestamp?;
            let string_to_sign = client.token_string_to_sign(&timestamp);
            let signature = key.sign(string_to_sign.as_bytes()).await?;
            let request = client
                .prepare_token_signed(&timestamp, &signature)
                .map_err(Failure::from)?;
            Ok(prepared(request))
        })
    }

    /// The request of `operation` (`"qris.generate"`, `"va.create"`, …) for `request` (the
    /// documented JSON body as an object, money as strings), signed with the client secret:
    /// `{ method, url, headers, body }`.
    ///
    /// `options.accessToken` is required; `options.timestamp` defaults to `Date.now()` and
    /// `options.externalId` to a fresh id from `crypto.getRandomValues`. The body is encoded once;
    /// those bytes are hashed and sent. Throws (`code` `"unknown_operation"`, `"invalid_request"`,
    /// `"invalid_argument"`, `"invalid_external_id"`, …) on unusable input.
    #[wasm_bindgen(skip_typescript)] // typed per operation in types.rs
    pub fn prepare(
        &self,
        operation: JsValue,
        request: JsValue,
        options: JsValue,
    ) -> Result<JsValue, Failure> {
        let name = text(&operation, "operation")?;
        if name == AccessTokenRequest::NAME {
            return Err(Failure::argument(
                "the access-token request is prepared with prepareToken()",
            ));
        }
        let options = Options::read(
            &options,
            "options",
            &["accessToken", "timestamp", "externalId"],
            false,
        )?;
        let timestamp = timestamp_option(options.value("timestamp"))?;
        let task = Prepare {
            client: &self.client,
            request: from_js(&request, "request")?,
            // Only the token's text is used to sign; its lifetime does not matter here.
            token: AccessToken::new(options.required_text("accessToken")?, 0, timestamp),
            external_id: external_id(options.text("externalId")?, &timestamp)?,
            timestamp,
        };
        with_operation(&name, task)?
    }

    /// The whole call of `operation` (`"qris.generate"`, `"va.create"`, …) for `request` (as
    /// for [`prepare`](Self::prepare)): a Promise of its answer (as [`parse`](Self::parse)
    /// gives it), after the token, the request and its retries went through `fetch`.
    ///
    /// The client caches the access token and shares one refresh among concurrent calls; every
    /// attempt has a fresh `X-TIMESTAMP` and `X-EXTERNAL-ID`; a retryable failure is retried
    /// after a backoff, a refused token refreshed once, and a create whose answer was lost is
    /// looked up by its status query (code `"existing"` with its `status` when it exists,
    /// `"outcome_unknown"` when that cannot be known: query later, do not create again). Rejects
    /// like `parse` for a refused call, with `code` `"transport"` when `fetch` failed, and like
    /// `prepare` for unusable input.
    #[wasm_bindgen(skip_typescript)] // typed per operation in types.rs
    pub fn call(&self, operation: JsValue, request: JsValue) -> Promise {
        let started = text(&operation, "operation").and_then(|name| {
            let task = WholeCall {
                shared: Rc::clone(&self.shared),
                request: from_js(&request, "request")?,
            };
            with_operation(&name, task)
        });
        started.unwrap_or_else(|failure| Promise::reject(&failure.into()))
    }

    /// The answer to `operation` (`"token"` or any operation name) with HTTP `status` and body
    /// `bodyText` (a string or `Uint8Array`), as a plain object with every field Ayolinx sent.
    ///
    /// Throws an `Error` when the call did not succeed: `code` `"business"` (with `httpStatus`,
    /// `responseCode`, `responseMessage`, `body`), `"not_json"`, `"malformed_json"`,
    /// `"empty_body"` or `"unexpected_shape"`; every one says whether it is `retryable`,
    /// `ambiguous` (query before creating again) and whether it `needsTokenRefresh`.
    #[wasm_bindgen(skip_typescript)] // typed per operation in types.rs
    pub fn parse(
        &self,
        operation: JsValue,
        status: JsValue,
        #[wasm_bindgen(js_name = bodyText)] body_text: JsValue,
    ) -> Result<JsValue, Failure> {
        let name = text(&operation, "operation")?;
        let status = status
            .as_f64()
            .filter(|status| status.fract() == 0.0 && (100.0..=599.0).contains(status))
            .ok_or_else(|| Failure::argument("status must be an HTTP status from 100 to 599"))?;
        // Exact: a whole number from 100 to 599.
        let response = HttpResponse::new(status as u16, bytes(&body_text, "bodyText")?);
        if name == AccessTokenRequest::NAME {
            return answer(parse_response::<AccessTokenRequest>(&response)?);
        }
        with_operation(&name, Parse(&response))?
    }
}

/// The options without `fetch` (a function, which the JSON reading of options refuses), and
/// the `fetch` to send with.
fn take_fetch(options: &JsValue) -> Result<(JsValue, Fetch), Failure> {
    let given = js_sys::Reflect::get(options, &"fetch".into()).unwrap_or_default();
    if given.is_undefined() {
        return Ok((options.clone(), Fetch::new(given)?));
    }
    let rest = js_sys::Object::assign(&js_sys::Object::new(), options.unchecked_ref());
    // Deleting an own property of a fresh plain object cannot fail.
    let _ = js_sys::Reflect::delete_property(&rest, &"fetch".into());
    Ok((rest.into(), Fetch::new(given)?))
}

/// A prepared request as `{ method, url, headers, body }`.
fn prepared(prepared: PreparedRequest) -> JsValue {
    let request = prepared.into_request();
    let headers: Map<String, Value> = request
        .headers
        .into_iter()
        .map(|(name, value)| (name.into_owned(), Value::String(value.into_owned())))
        .collect();
    let mut out = Map::new();
    out.insert("method".into(), request.method.into_owned().into());
    out.insert("url".into(), request.url.into());
    out.insert("headers".into(), headers.into());
    out.insert("body".into(), body_text(request.body).into());
    to_js(&Value::Object(out))
}

/// A typed answer as a plain object.
fn answer(response: impl serde::Serialize) -> Result<JsValue, Failure> {
    serde_json::to_value(response)
        .map(|value| to_js(&value))
        .map_err(|error| Failure::new("unexpected_shape", error.to_string()))
}

struct Prepare<'a> {
    client: &'a Client,
    request: Value,
    token: AccessToken,
    timestamp: Timestamp,
    external_id: ayolinx_proto::ExternalId,
}

impl WithOperation for Prepare<'_> {
    type Output = Result<JsValue, Failure>;

    fn run<O: JsOperation>(self) -> Self::Output {
        let operation: O = read_request(self.request)?;
        let prepared_request =
            self.client
                .prepare(&operation, &self.token, &self.timestamp, &self.external_id)?;
        Ok(prepared(prepared_request))
    }
}

struct Parse<'a>(&'a HttpResponse);

impl WithOperation for Parse<'_> {
    type Output = Result<JsValue, Failure>;

    fn run<O: JsOperation>(self) -> Self::Output {
        answer(parse_response::<O>(self.0)?)
    }
}
