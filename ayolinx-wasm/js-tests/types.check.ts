// Compiled by `tsc --noEmit --strict` in types.test.js: the README's uses of the API type-check
// against the installed package's declarations (resolved through its `exports`), with a request
// and a response type per operation, and misuses do not.
import {
  AyolinxClient,
  type AyolinxError,
  CallbackVerifier,
  classifyPayment,
  type CallbackNotification,
  type PaymentVerdict,
  encodeBody,
  type PreparedRequest,
  type QrisGenerateResponse,
  requestSignature,
  signSha256WithRsa,
  tokenSignature,
  type TransactionStatusResponse,
  verifyCallbackSignature,
  verifySha256WithRsa,
} from "ayolinx-wasm";
import * as callbacks from "ayolinx-wasm/callbacks";

declare const pem: string;

const body: string = encodeBody({ partnerReferenceNo: "ORD-1" }, "php");
const signature: string = requestSignature("SK", "POST", "/p", "tok", new Uint8Array(2), "2024-09-12T12:55:00+07:00");
const token: string = await tokenSignature(pem, "CK", "2024-09-12T12:55:00+07:00");
const genuine: boolean = await verifyCallbackSignature(pem, "POST", "/cb", body, "2024-09-12T12:55:00+07:00", signature + token);
const primitive: boolean = await verifySha256WithRsa(pem, new Uint8Array(1), await signSha256WithRsa(pem, "message"));

const client = new AyolinxClient({ clientKey: "CK", clientSecret: "SK", privateKeyPem: pem, baseUrl: "sandbox" });
const tokenRequest: PreparedRequest = await client.prepareToken();
const request: PreparedRequest = client.prepare("qris.generate", {
  partnerReferenceNo: "ORD-1",
  amount: { value: "15000.00", currency: "IDR" },
  additionalInfo: { channel: "BNC_QRIS", terminalId: "T-1" }, // fields beyond the core's are allowed
  urlParams: [{ type: "NOTIFICATION", url: "https://merchant.example/cb" }],
}, { accessToken: "tok", timestamp: Date.now() });
const init: RequestInit = request;
const accessToken: string = client.parse("token", 200, "{}").accessToken;
const qr: QrisGenerateResponse = client.parse("qris.generate", 200, "{}");
const qrContent: string = qr.qrContent;
const unknownField: unknown = qr.someFieldAyolinxAddsLater;
const status: TransactionStatusResponse = client.parse("va.inquiry", 200, new Uint8Array());
const paidValue: string | undefined = status.amount?.value;
client.prepare("va.create", {
  partnerServiceId: "  12345", customerNo: "1", virtualAccountName: "A", trxId: "T", virtualAccountTrxType: "C",
  totalAmount: { value: 10000, currency: "IDR" }, additionalInfo: { channel: "VIRTUAL_ACCOUNT_BCA" },
}, { accessToken: "tok" });

const counted: AyolinxClient = new AyolinxClient({ clientKey: "CK", clientSecret: "SK", privateKeyPem: pem, baseUrl: "sandbox", fetch: (url, init) => fetch(url, init) });
const whole: QrisGenerateResponse = await counted.call("qris.generate", {
  partnerReferenceNo: "ORD-2", amount: { value: "15000.00", currency: "IDR" }, additionalInfo: { channel: "BNC_QRIS" },
});
const found: TransactionStatusResponse = await counted.call("retail.query", { originalPartnerReferenceNo: "ORD-3", additionalInfo: { channel: "RETAIL_ALFAMART" } });

const verifier = new CallbackVerifier({ publicKeyPem: pem, windowSeconds: 60 });
const notification: CallbackNotification = await verifier.verify({ method: "POST", path: "/cb", headers: new Headers(), body: new Uint8Array() });
const paid: boolean = notification.isPaid;
const value: string | undefined = notification.amount?.value;
const verdict: PaymentVerdict = classifyPayment({ partnerReferenceNo: "ORD-1", amount: "15000.00", referenceNo: "AYO-1" }, notification, "open");
const ship: boolean = verdict.fulfil;
try {
  await verifier.verify({ method: "POST", path: "/cb", headers: { "X-TIMESTAMP": "t" }, body: "{}" }, Date.now());
} catch (error) {
  const answer = (error as AyolinxError).acknowledgement ?? CallbackVerifier.acknowledgement("could_not_store");
  const code: number = answer.status;
  void code;
}

// The callbacks entry: the same verifier and guard, with their own declarations.
const small = new callbacks.CallbackVerifier({ publicKeyPem: pem });
const smallNotification: callbacks.CallbackNotification = await small.verify({ method: "POST", path: "/cb", headers: new Headers(), body: "{}" });
const smallVerdict: callbacks.PaymentVerdict = callbacks.classifyPayment({ partnerReferenceNo: "ORD-1", amount: "1.00" }, smallNotification, "open");
const smallCode: string = (new Error() as unknown as callbacks.AyolinxError).code;
// @ts-expect-error: the callbacks entry has no client
new callbacks.AyolinxClient({ clientKey: "CK", clientSecret: "SK", privateKeyPem: pem, baseUrl: "sandbox" });
// @ts-expect-error: an AyolinxError of the callbacks entry has no call fields
const noStatus = (new Error() as unknown as callbacks.AyolinxError).httpStatus;

// @ts-expect-error: the encoding is "php" or "compact"
encodeBody({}, "json");
// @ts-expect-error: an unknown operation
client.prepare("qris.nope", {}, { accessToken: "tok" });
// @ts-expect-error: prepare needs the access token
client.prepare("qris.query", { originalPartnerReferenceNo: "ORD-1", additionalInfo: { channel: "BNC_QRIS" } }, {});
// @ts-expect-error: a QRIS request needs its amount
client.prepare("qris.generate", { partnerReferenceNo: "ORD-1", additionalInfo: { channel: "BNC_QRIS" } }, { accessToken: "tok" });
// @ts-expect-error: a reference is a string
client.prepare("qris.query", { originalPartnerReferenceNo: 1, additionalInfo: { channel: "BNC_QRIS" } }, { accessToken: "tok" });
// @ts-expect-error: the answer to a query has no qrContent
const notQr: string = client.parse("qris.query", 200, "{}").qrContent;
// @ts-expect-error: a token signature is a Promise
const notAwaited: string = tokenSignature(pem, "CK", "2024-09-12T12:55:00+07:00");
// @ts-expect-error: not an outcome
CallbackVerifier.acknowledgement("ok");
// @ts-expect-error: not a recorded state
classifyPayment({ partnerReferenceNo: "ORD-1", amount: "15000.00" }, notification, "shipped");
// @ts-expect-error: an amount is an exact decimal string, never a number
classifyPayment({ partnerReferenceNo: "ORD-1", amount: 15000 }, notification, "open");
// @ts-expect-error: a whole call answers with a Promise
const notAwaitedCall: QrisGenerateResponse = counted.call("qris.generate", { partnerReferenceNo: "ORD-1", amount: { value: "1.00", currency: "IDR" } });
// @ts-expect-error: an unknown operation
counted.call("qris.nope", {});
// @ts-expect-error: the client options need a private key
new AyolinxClient({ clientKey: "CK", clientSecret: "SK", baseUrl: "sandbox" });

void [smallVerdict, smallCode, noStatus, whole, found, notAwaitedCall, tokenRequest, init, accessToken, qrContent, unknownField, paidValue, genuine, primitive, paid, value, ship, notQr, notAwaited];
