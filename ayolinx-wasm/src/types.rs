//! The TypeScript declarations wasm-bindgen cannot derive: the shapes of options, requests and
//! answers (the functions and classes refer to them by name).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** How a request body is written: `"php"` (byte for byte PHP's `json_encode`, what Ayolinx hashes) or `"compact"` (plain compact JSON, raw UTF-8). */
export type BodyEncodingName = "php" | "compact";

/** The operations `AyolinxClient.prepare` and `parse` accept (`parse` also accepts `"token"`). */
export type OperationName =
  | "qris.generate" | "qris.query" | "qris.cancel"
  | "ewallet.pay" | "ewallet.status"
  | "va.create" | "va.inquiry"
  | "retail.create" | "retail.query"
  | "payment_link.create";

/** Options of `new AyolinxClient(...)`. */
export interface AyolinxClientOptions {
  /** The client key (`CK…`), sent as `X-CLIENT-KEY` and `X-PARTNER-ID`. */
  clientKey: string;
  /** The client secret (`SK…`) that signs requests with HMAC-SHA512. */
  clientSecret: string;
  /** The merchant's RSA private key (PKCS#8 or PKCS#1 PEM) that signs the token request. */
  privateKeyPem: string;
  /** `"sandbox"`, `"production"` or a base URL such as `http://127.0.0.1:8080/prefix`. */
  baseUrl: string;
  /** The body encoding; `"php"` by default. */
  bodyEncoding?: BodyEncodingName;
}

/** Options of `AyolinxClient.prepareToken`. */
export interface TokenOptions {
  /** The `X-TIMESTAMP`: a string such as `"2024-09-12T12:55:00+07:00"`, or milliseconds since the epoch. Default: `Date.now()`, written in +07:00. */
  timestamp?: string | number;
}

/** Options of `AyolinxClient.prepare`. */
export interface CallOptions extends TokenOptions {
  /** The access token from the token call. */
  accessToken: string;
  /** The `X-EXTERNAL-ID` (1 to 36 digits, unique per day). Default: a fresh one from `crypto.getRandomValues`. */
  externalId?: string;
}

/** A signed request, ready for `fetch(request.url, request)`. */
export interface PreparedRequest {
  method: "POST";
  url: string;
  /** The headers, in the documented order. */
  headers: Record<string, string>;
  /** The exact body that was hashed into the signature. Send it unchanged. */
  body: string;
}

/** Options of `new CallbackVerifier(...)`. */
export interface CallbackVerifierOptions {
  /** Ayolinx's RSA public key (SPKI or PKCS#1 PEM). */
  publicKeyPem: string;
  /** How far, in seconds either side of now, `X-TIMESTAMP` may be. Default 3600. */
  windowSeconds?: number;
  /** The path Ayolinx signs (the callback path registered with it), when a proxy rewrites paths. Default: the received path. */
  route?: string;
  /** Whether the received query string is part of the verified path. Default false. */
  includeQuery?: boolean;
}

/** A received callback, as `CallbackVerifier.verify` takes it. */
export interface InboundCallback {
  /** The HTTP method (Ayolinx always sends `POST`). */
  method: string;
  /** The request path, with its query string if any. */
  path: string;
  /** A fetch `Headers`, a `Map`, `[name, value]` pairs or a plain object. */
  headers: Headers | Map<string, string> | Iterable<[string, string]> | Record<string, string>;
  /** The raw received body bytes (or their exact text). */
  body: Uint8Array | ArrayBuffer | string;
}

/** An HTTP answer to Ayolinx. */
export interface Acknowledgement {
  status: number;
  contentType: "application/json";
  /** The exact JSON body to send. */
  body: string;
}

/** A verified payment notification. */
export interface CallbackNotification {
  /** `"QRIS"`, `"EWALLET"`, `"VIRTUAL_ACCOUNT"`, `"CONVENIENCE_STORE"`, `"PAYMENT_LINK"` or `"UNKNOWN"`. */
  kind: string;
  /** The reference the notification is about (`originalReferenceNo`, else `originalPartnerReferenceNo`, else `partnerReferenceNo`). */
  reference: string;
  /** The two-digit transaction status, `"00"` for success. */
  status: string;
  /** Whether the payment succeeded. */
  isPaid: boolean;
  /** Store each notification once under this key (`reference:status`). */
  dedupKey: string;
  /** The amount; `value` is an exact decimal string. */
  amount?: { value: string; currency: string };
  originalReferenceNo?: string;
  originalPartnerReferenceNo?: string;
  partnerReferenceNo?: string;
  latestTransactionStatus?: string;
  transactionStatusDesc?: string;
  customerNumber?: string;
  finishedTime?: string | number;
  callbackType?: string;
  paymentLinkId?: string;
  /** The `X-TIMESTAMP` it was signed at. */
  timestamp: string;
  /** The body exactly as received, every field kept. */
  json: Record<string, unknown>;
}

/** What every function and method throws: an `Error` whose `code` names the failure. */
export interface AyolinxError extends Error {
  code: string;
  /** On a refused callback: the answer to send. */
  acknowledgement?: Acknowledgement;
  /** On a failed call: the HTTP status, and whether retrying may help. */
  httpStatus?: number;
  responseCode?: string;
  responseMessage?: string;
  retryable?: boolean;
  ambiguous?: boolean;
  needsTokenRefresh?: boolean;
}
"#;
