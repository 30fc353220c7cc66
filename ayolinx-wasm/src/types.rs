//! The TypeScript declarations wasm-bindgen cannot derive: the shapes of options, requests and
//! answers (the functions and classes refer to them by name). Those of the callback verifier and
//! the payment guard are in every build; those of the client only where it is built.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const CALLBACK_TYPES: &'static str = r#"
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

/** What the merchant expects of one order, for `classifyPayment`. */
export interface ExpectedPayment {
  /** The `partnerReferenceNo` sent at create (your order id). */
  partnerReferenceNo: string;
  /** The amount asked, an exact decimal string (`"15000"` equals `"15000.00"`). */
  amount: string;
  /** The currency asked; `"IDR"` when absent. */
  currency?: string;
  /** The `referenceNo` the create answer returned: keep it whenever you have it, it is what tells another merchant's replayed callback for the same order id and amount from this order's. */
  referenceNo?: string;
  /** When the order expires (the `validUpTo` sent or the `expiredDate` returned): a success paid later is refused. */
  expiresAt?: string;
}

/** What the merchant has recorded for the order so far. */
export type RecordedState = "open" | "fulfilled" | "cancelled" | "expired" | "failed";

/** What a verified notification means for the order (`classifyPayment`). */
export interface PaymentVerdict {
  /** `"fulfil"` (ship now, recording the order as fulfilled in the same step), `"already_fulfilled"`, `"not_paid"` (record the status), `"out_of_order"` (an earlier step after the success) or `"refused"` (not this order's: have a person look at it); `"unknown"` is a verdict this version of the package does not name (never fulfil). */
  verdict: "fulfil" | "already_fulfilled" | "not_paid" | "out_of_order" | "refused" | "unknown";
  /** Whether to fulfil the order now. */
  fulfil: boolean;
  /** The notification's status, for `"not_paid"` and `"out_of_order"`. */
  status?: string;
  /** The field at fault, for `"refused"` (`"amount.value"`, `"originalReferenceNo"`, …). */
  field?: string;
  /** The verdict in words. */
  message: string;
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
}
"#;

#[cfg(feature = "client")]
#[wasm_bindgen(typescript_custom_section)]
const CLIENT_TYPES: &'static str = r#"
/** How a request body is written: `"php"` (byte for byte PHP's `json_encode`, what Ayolinx hashes) or `"compact"` (plain compact JSON, raw UTF-8). */
export type BodyEncodingName = "php" | "compact";

/** The operations `AyolinxClient.prepare` and `parse` accept (`parse` also accepts `"token"`). */
export type OperationName = keyof OperationRequests;

/** Fields Ayolinx or a later API version may add: kept, and allowed, everywhere. */
export interface Open {
  [field: string]: unknown;
}

/** An exact decimal amount: `"15000.00"`, or a whole number of rupiah (never a fractional number). */
export type AmountValue = string | number;

/** Money in a request: `{ value: "15000.00", currency: "IDR" }`. */
export interface MoneyInput extends Open {
  value: AmountValue;
  currency: string;
}

/** Money in an answer: the value as Ayolinx wrote it, an exact decimal string. */
export interface Money extends Open {
  value: string;
  currency: string;
}

/** A time as Ayolinx writes it: ISO-8601 (`"2024-09-12T12:55:00+07:00"`) or epoch seconds. */
export type WireTime = string | number;

/** A payment channel code, e.g. `"BNC_QRIS"`, `"EMONEY_DANA_SNAP"`, `"VIRTUAL_ACCOUNT_BCA"`. */
export type ChannelCode = string;

/** `additionalInfo` of a request: the channel, and any other field sent as given. */
export interface RequestInfo extends Open {
  channel: ChannelCode;
}

/** `additionalInfo` of an answer. */
export interface ResponseInfo extends Open {
  channel?: ChannelCode;
  traceId?: string;
  rRN?: string;
}

/** One of `urlParams`: `type` is `"NOTIFICATION"`, `"PAY_RETURN"` or another type. */
export interface UrlParam {
  type: "NOTIFICATION" | "PAY_RETURN" | (string & {});
  url: string;
}

/** Every answer: the SNAP response code and message, and every field Ayolinx sent. */
export interface SnapResponse extends Open {
  /** Seven digits: HTTP status, service code, case code (`"2004700"`). */
  responseCode: string;
  responseMessage: string;
}

/** `qris.generate`: a QRIS code to show. */
export interface QrisGenerateRequest extends Open {
  partnerReferenceNo: string;
  amount: MoneyInput;
  additionalInfo: RequestInfo;
  urlParams?: UrlParam[];
  validUpTo?: WireTime;
}

/** The answer to `qris.generate`. */
export interface QrisGenerateResponse extends SnapResponse {
  /** The EMV QRIS payload to render as a QR code. */
  qrContent: string;
  partnerReferenceNo?: string;
  expiredDate?: WireTime;
  referenceNo?: string;
  qrUrl?: string;
  additionalInfo?: ResponseInfo;
}

/** A status query (`qris.query`, `ewallet.status`, `va.inquiry`, `retail.query`). */
export interface QueryRequest extends Open {
  originalPartnerReferenceNo: string;
  additionalInfo: RequestInfo;
}

/** The answer to a status query. */
export interface TransactionStatusResponse extends SnapResponse {
  originalReferenceNo?: string;
  originalPartnerReferenceNo?: string;
  /** Two digits, `"00"` for paid. */
  latestTransactionStatus?: string;
  transactionStatusDesc?: string;
  amount?: Money;
  finishedTime?: WireTime;
  additionalInfo?: ResponseInfo;
}

/** `qris.cancel`: voids an unpaid QR. */
export interface QrisCancelRequest extends Open {
  originalPartnerReferenceNo: string;
  additionalInfo: RequestInfo;
  reason?: string;
}

/** The answer to `qris.cancel`. */
export interface QrisCancelResponse extends SnapResponse {
  originalReferenceNo?: string;
  originalPartnerReferenceNo?: string;
  additionalInfo?: ResponseInfo;
}

/** `ewallet.pay`: a direct-debit payment in an e-wallet. */
export interface EwalletPaymentRequest extends Open {
  partnerReferenceNo: string;
  amount: MoneyInput;
  additionalInfo: RequestInfo;
  validUpTo?: WireTime;
  urlParams?: UrlParam[];
}

/** The answer to `ewallet.pay`. */
export interface EwalletPaymentResponse extends SnapResponse {
  webRedirectUrl?: string;
  referenceNo?: string;
  partnerReferenceNo?: string;
  additionalInfo?: ResponseInfo;
}

/** `va.create`: a virtual account to pay into. */
export interface VaCreateRequest extends Open {
  partnerServiceId: string;
  customerNo: string;
  virtualAccountNo?: string;
  virtualAccountName: string;
  virtualAccountEmail?: string;
  virtualAccountPhone?: string;
  trxId: string;
  virtualAccountTrxType: string;
  totalAmount: MoneyInput;
  expiredDate?: WireTime;
  additionalInfo: RequestInfo;
}

/** `virtualAccountData` of the answer to `va.create`. */
export interface VirtualAccountData extends Open {
  partnerServiceId?: string;
  customerNo?: string;
  virtualAccountNo?: string;
  virtualAccountName?: string;
  trxId?: string;
  totalAmount?: Money;
  expiredDate?: WireTime;
  additionalInfo?: ResponseInfo;
}

/** The answer to `va.create`. */
export interface VaCreateResponse extends SnapResponse {
  virtualAccountData?: VirtualAccountData;
}

/** `retail.create`: a payment code for a convenience store. */
export interface RetailCreateRequest extends Open {
  partnerReferenceNo: string;
  validUpTo: WireTime;
  customerName: string;
  customerEmail: string;
  customerPhone?: string;
  amount: MoneyInput;
  urlParams?: UrlParam[];
  additionalInfo: RequestInfo;
}

/** The answer to `retail.create`. */
export interface RetailCreateResponse extends SnapResponse {
  partnerReferenceNo?: string;
  expiryDate?: WireTime;
  vaNumber?: string;
  paymentUrl?: string;
}

/** One of `listItem` of a payment link. */
export interface LinkItem extends Open {
  name: string;
  price: AmountValue;
  qty: string;
}

/** `payment_link.create`: a hosted payment page. */
export interface PaymentLinkCreateRequest extends Open {
  partnerReferenceNo: string;
  customerName?: string;
  customerEmail?: string;
  customerPhoneNumber?: string;
  customerPhoneNumberCountryCode?: string;
  listItem?: LinkItem[];
  listPaymentChannel?: ChannelCode[];
  description?: string;
  expiryTime?: WireTime;
  urlParams?: UrlParam[];
}

/** The answer to `payment_link.create`. */
export interface PaymentLinkCreateResponse extends SnapResponse {
  paymentLink: string;
  partnerReferenceNo?: string;
  expiryDate?: WireTime;
}

/** The answer to the access-token request. */
export interface AccessTokenResponse extends Open {
  responseCode?: string;
  responseMessage: string;
  accessToken: string;
  tokenType?: string;
  /** Seconds, as Ayolinx wrote them (a string or a number). */
  expiresIn: string | number;
}

/** The request body of each operation, by name. */
export interface OperationRequests {
  "qris.generate": QrisGenerateRequest;
  "qris.query": QueryRequest;
  "qris.cancel": QrisCancelRequest;
  "ewallet.pay": EwalletPaymentRequest;
  "ewallet.status": QueryRequest;
  "va.create": VaCreateRequest;
  "va.inquiry": QueryRequest;
  "retail.create": RetailCreateRequest;
  "retail.query": QueryRequest;
  "payment_link.create": PaymentLinkCreateRequest;
}

/** The parsed answer of each operation (and of `"token"`), by name. */
export interface OperationResponses {
  token: AccessTokenResponse;
  "qris.generate": QrisGenerateResponse;
  "qris.query": TransactionStatusResponse;
  "qris.cancel": QrisCancelResponse;
  "ewallet.pay": EwalletPaymentResponse;
  "ewallet.status": TransactionStatusResponse;
  "va.create": VaCreateResponse;
  "va.inquiry": TransactionStatusResponse;
  "retail.create": RetailCreateResponse;
  "retail.query": TransactionStatusResponse;
  "payment_link.create": PaymentLinkCreateResponse;
}

// The typed forms of `AyolinxClient.prepare` and `parse` (merged into the class).
export interface AyolinxClient {
  /**
   * The request of `operation` for `request` (its documented JSON body, money as strings),
   * signed with the client secret: `{ method, url, headers, body }`. Throws an `AyolinxError`
   * (`"unknown_operation"`, `"invalid_request"`, `"invalid_argument"`, `"invalid_external_id"`, …).
   */
  prepare<O extends OperationName>(operation: O, request: OperationRequests[O], options: CallOptions): PreparedRequest;
  /**
   * The answer to `operation` (or `"token"`) with HTTP `status` and body `bodyText`, with every
   * field Ayolinx sent. Throws an `AyolinxError` when the call did not succeed (`"business"`,
   * `"not_json"`, `"malformed_json"`, `"empty_body"`, `"unexpected_shape"`).
   */
  parse<O extends keyof OperationResponses>(operation: O, status: number, bodyText: string | Uint8Array): OperationResponses[O];
  /**
   * The whole call of `operation` for `request`, sent with the client's `fetch`: the token
   * (cached, one refresh shared by concurrent calls), retries with a fresh `X-TIMESTAMP` and
   * `X-EXTERNAL-ID`, a lost create reconciled by its query. Rejects with an `AyolinxError` as
   * `parse` throws it, or `"transport"`, `"existing"` (with `status`), `"outcome_unknown"`,
   * `"token_refused"`, `"token_unavailable"`.
   */
  call<O extends OperationName>(operation: O, request: OperationRequests[O]): Promise<OperationResponses[O]>;
}

/** The `fetch` a client sends with: the global one, or any function of that shape. */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: Uint8Array<ArrayBuffer>; signal?: AbortSignal }) => Promise<Response>;

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
  /** What `call` sends with; the global `fetch` by default. */
  fetch?: FetchLike;
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

// The fields an `AyolinxError` of the client has besides `code` (merged into the interface).
export interface AyolinxError {
  /** On a failed call: the HTTP status, and whether retrying may help. */
  httpStatus?: number;
  responseCode?: string;
  responseMessage?: string;
  retryable?: boolean;
  ambiguous?: boolean;
  needsTokenRefresh?: boolean;
  /** On `"existing"` and `"outcome_unknown"` from `call`: the transaction's reference. */
  partnerReferenceNo?: string;
  /** On `"existing"` from `call`: the status query's answer for the transaction that exists. */
  status?: TransactionStatusResponse;
}
"#;
