// A Cloudflare-style ES module worker using ayolinx-wasm, as workerd runs it: the .wasm is a
// module binding (a WebAssembly.Module), instantiated synchronously with initSync.
//   POST /webhooks/ayolinx  verifies a signed callback and answers the acknowledgement
//   POST /sign              prepares a signed QRIS request from the JSON body
import { AyolinxClient, CallbackVerifier, initSync } from "./ayolinx_wasm.js";
import wasm from "./ayolinx_wasm_bg.wasm";

initSync({ module: wasm });

async function callback(request, env) {
  const url = new URL(request.url);
  let answer;
  const headers = {};
  try {
    const verifier = new CallbackVerifier({ publicKeyPem: env.AYOLINX_PUBLIC_KEY });
    const notification = verifier.verify({
      method: request.method,
      path: url.pathname + url.search,
      headers: request.headers,
      body: new Uint8Array(await request.arrayBuffer()),
    });
    headers["x-dedup-key"] = notification.dedupKey; // store it once; here it is only echoed
    answer = CallbackVerifier.acknowledgement("stored");
  } catch (error) {
    if (!error.acknowledgement) throw error;
    headers["x-refused"] = error.code;
    answer = error.acknowledgement;
  }
  headers["content-type"] = answer.contentType;
  return new Response(answer.body, { status: answer.status, headers });
}

async function sign(request, env) {
  const client = new AyolinxClient({
    clientKey: env.CLIENT_KEY,
    clientSecret: env.CLIENT_SECRET,
    privateKeyPem: env.PRIVATE_KEY,
    baseUrl: "sandbox",
  });
  try {
    // Timestamp from Date.now(), X-EXTERNAL-ID from crypto.getRandomValues.
    const prepared = client.prepare("qris.generate", await request.json(), { accessToken: "tok" });
    return Response.json(prepared);
  } catch (error) {
    return Response.json({ code: error.code, message: error.message }, { status: 400 });
  } finally {
    client.free();
  }
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === "/sign") return sign(request, env);
    return callback(request, env);
  },
};
