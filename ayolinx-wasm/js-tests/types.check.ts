// Compiled by `tsc --noEmit --strict` in types.test.js: the README's uses of the API type-check
// against pkg/ayolinx_wasm.d.ts, and misuses do not.
import {
  AyolinxClient,
  type AyolinxError,
  CallbackVerifier,
  type CallbackNotification,
  encodeBody,
  initSync,
  type PreparedRequest,
  requestSignature,
  tokenSignature,
  verifyCallbackSignature,
} from "../pkg/ayolinx_wasm.js";

declare const wasm: WebAssembly.Module;
declare const pem: string;
initSync({ module: wasm });

const body: string = encodeBody({ partnerReferenceNo: "ORD-1" }, "php");
const signature: string = requestSignature("SK", "POST", "/p", "tok", new Uint8Array(2), "2024-09-12T12:55:00+07:00");
const token: string = tokenSignature(pem, "CK", "2024-09-12T12:55:00+07:00");
const genuine: boolean = verifyCallbackSignature(pem, "POST", "/cb", body, "2024-09-12T12:55:00+07:00", signature + token);

const client = new AyolinxClient({ clientKey: "CK", clientSecret: "SK", privateKeyPem: pem, baseUrl: "sandbox" });
const tokenRequest: PreparedRequest = client.prepareToken();
const request: PreparedRequest = client.prepare("qris.generate", { partnerReferenceNo: "ORD-1" }, { accessToken: "tok", timestamp: Date.now() });
const init: RequestInit = request;
const parsed: Record<string, unknown> = client.parse("token", 200, "{}");

const verifier = new CallbackVerifier({ publicKeyPem: pem, windowSeconds: 60 });
const notification: CallbackNotification = verifier.verify({ method: "POST", path: "/cb", headers: new Headers(), body: new Uint8Array() });
const paid: boolean = notification.isPaid;
const value: string | undefined = notification.amount?.value;
try {
  verifier.verify({ method: "POST", path: "/cb", headers: { "X-TIMESTAMP": "t" }, body: "{}" }, Date.now());
} catch (error) {
  const answer = (error as AyolinxError).acknowledgement ?? CallbackVerifier.acknowledgement("could_not_store");
  const status: number = answer.status;
  void status;
}

// @ts-expect-error: the encoding is "php" or "compact"
encodeBody({}, "json");
// @ts-expect-error: an unknown operation
client.prepare("qris.nope", {}, { accessToken: "tok" });
// @ts-expect-error: prepare needs the access token
client.prepare("qris.query", {}, {});
// @ts-expect-error: not an outcome
CallbackVerifier.acknowledgement("ok");
// @ts-expect-error: the client options need a private key
new AyolinxClient({ clientKey: "CK", clientSecret: "SK", baseUrl: "sandbox" });

void [tokenRequest, init, parsed, genuine, paid, value];
