// The whole-call client (`AyolinxClient.call`) against a running sandbox: the scenarios the Node
// suite and the workerd worker both run. They need only `fetch` and the package, so they run
// unchanged in either. `sandbox` is the sandbox's start-up line: base_url, client_key,
// client_secret, merchant_private_key_pem. A failed expectation throws.

const TOKEN_PATH = "/v1.0/access-token/b2b";

function expect(condition, what, got) {
  if (!condition) throw new Error(`${what} (got ${JSON.stringify(got)})`);
}

/** A `fetch` that records the path and X-EXTERNAL-ID of every request, then sends it with `inner`. */
export function recordingFetch(inner) {
  const sent = [];
  const record = (url, init) => {
    sent.push({ path: new URL(url).pathname, externalId: init.headers["X-EXTERNAL-ID"] });
    return inner(url, init);
  };
  const tokenRequests = () => sent.filter((request) => request.path === TOKEN_PATH).length;
  return { fetch: record, sent, tokenRequests };
}

/** A client of the sandbox that sends with `fetch`. */
export function sandboxClient(AyolinxClient, sandbox, fetch) {
  return new AyolinxClient({
    clientKey: sandbox.client_key,
    clientSecret: sandbox.client_secret,
    privateKeyPem: sandbox.merchant_private_key_pem,
    baseUrl: sandbox.base_url,
    fetch,
  });
}

/** A POST to the sandbox's control API (`/sandbox/v1/…`). */
async function control(sandbox, fetch, path, body) {
  const answer = await fetch(`${sandbox.base_url}/sandbox/v1/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body ?? {}),
  });
  expect(answer.ok, `control ${path}`, answer.status);
}

const idr = (value) => ({ value, currency: "IDR" });
const info = (channel) => ({ additionalInfo: { channel } });
const query = (reference, channel) => ({ originalPartnerReferenceNo: reference, ...info(channel) });

/**
 * Every operation of every product, each a whole call (token, request, answer), with the
 * sandbox's control API paying and checking in between. `prefix` keeps the references unique.
 * Returns the number of token requests the client made (one: the token is cached).
 */
export async function everyOperation(AyolinxClient, sandbox, fetch, prefix) {
  const recorder = recordingFetch(fetch);
  const client = sandboxClient(AyolinxClient, sandbox, recorder.fetch);
  const status = async (operation, request) => (await client.call(operation, request)).latestTransactionStatus;

  const qrRef = `${prefix}-QR-1`;
  const qr = await client.call("qris.generate", { partnerReferenceNo: qrRef, amount: idr("15000.00"), ...info("BNC_QRIS") });
  expect(qr.qrContent.startsWith("000201"), "a QRIS payload", qr.qrContent);
  expect((await status("qris.query", query(qrRef, "BNC_QRIS"))) === "01", "a new QR is initiated", qr);
  await control(sandbox, fetch, `transactions/${qrRef}/pay`);
  const paid = await client.call("qris.query", query(qrRef, "BNC_QRIS"));
  expect(paid.latestTransactionStatus === "00" && paid.amount.value === "15000.00", "a paid QR", paid);

  const cancelRef = `${prefix}-QR-2`;
  await client.call("qris.generate", { partnerReferenceNo: cancelRef, amount: idr("20000.00"), ...info("BNC_QRIS") });
  await client.call("qris.cancel", { ...query(cancelRef, "BNC_QRIS"), reason: "customer left" });
  expect((await status("qris.query", query(cancelRef, "BNC_QRIS"))) === "05", "a cancelled QR", cancelRef);

  const walletRef = `${prefix}-EW-1`;
  const wallet = await client.call("ewallet.pay", { partnerReferenceNo: walletRef, amount: idr("30000.00"), ...info("EMONEY_DANA_SNAP") });
  expect(typeof wallet.webRedirectUrl === "string", "an e-wallet redirect", wallet);
  expect((await status("ewallet.status", query(walletRef, "EMONEY_DANA_SNAP"))) === "01", "an initiated e-wallet payment", walletRef);

  const vaRef = `${prefix}-VA-1`;
  const va = await client.call("va.create", {
    partnerServiceId: "   12345", customerNo: "0001", virtualAccountName: "Budi", trxId: vaRef,
    virtualAccountTrxType: "C", totalAmount: idr("10000.00"), ...info("VIRTUAL_ACCOUNT_BNI"),
  });
  expect(va.virtualAccountData.trxId === vaRef, "the VA's trxId", va);
  expect((await status("va.inquiry", query(vaRef, "VIRTUAL_ACCOUNT_BNI"))) === "01", "an initiated VA", vaRef);

  const retailRef = `${prefix}-RT-1`;
  const inAnHour = new Date(Date.now() + 3_600_000 + 7 * 3_600_000).toISOString().slice(0, 19) + "+07:00";
  await client.call("retail.create", {
    partnerReferenceNo: retailRef, validUpTo: inAnHour, customerName: "Budi", customerEmail: "budi@example.com",
    amount: idr("25000.00"), ...info("RETAIL_ALFAMART"),
  });
  expect((await status("retail.query", query(retailRef, "RETAIL_ALFAMART"))) === "01", "an initiated retail payment", retailRef);

  const link = await client.call("payment_link.create", {
    partnerReferenceNo: `${prefix}-PL-1`, customerName: "Budi", listItem: [{ name: "T-shirt", price: "50000.00", qty: "2" }],
  });
  expect(link.paymentLink.startsWith("http"), "a payment link", link);
  client.free();
  return recorder.tokenRequests();
}

/** 64 concurrent creates on a cold client: returns how many token requests it made. */
export async function concurrentCalls(AyolinxClient, sandbox, fetch, prefix) {
  const recorder = recordingFetch(fetch);
  const client = sandboxClient(AyolinxClient, sandbox, recorder.fetch);
  const answers = await Promise.all(Array.from({ length: 64 }, (_, i) =>
    client.call("qris.generate", { partnerReferenceNo: `${prefix}-C-${i}`, amount: idr("1000.00"), ...info("BNC_QRIS") })));
  expect(answers.every((answer) => answer.qrContent.startsWith("000201")), "64 QRIS payloads", answers.length);
  client.free();
  return recorder.tokenRequests();
}

/**
 * A query whose first answer the sandbox drops is retried with a fresh X-EXTERNAL-ID; a create
 * whose answer is dropped (it was made) is found by its query and rejected as `existing`.
 * Returns the X-EXTERNAL-IDs of the two query attempts and the create's rejection.
 */
export async function faults(AyolinxClient, sandbox, fetch, prefix) {
  const recorder = recordingFetch(fetch);
  const client = sandboxClient(AyolinxClient, sandbox, recorder.fetch);
  const reference = `${prefix}-F-1`;
  await client.call("qris.generate", { partnerReferenceNo: reference, amount: idr("5000.00"), ...info("BNC_QRIS") });
  await control(sandbox, fetch, "faults", { target: "qris.query", kind: "drop_connection", times: 1 });
  const queried = await client.call("qris.query", query(reference, "BNC_QRIS"));
  expect(queried.latestTransactionStatus === "01", "the query answered after its retry", queried);
  const queryIds = recorder.sent.filter((request) => request.path.endsWith("/qr-mpm-query")).map((request) => request.externalId);

  const lost = `${prefix}-F-2`;
  await control(sandbox, fetch, "faults", { target: "qris.generate", kind: "drop_connection", times: 1 });
  const rejection = await client.call("qris.generate", { partnerReferenceNo: lost, amount: idr("6000.00"), ...info("BNC_QRIS") })
    .then((answer) => ({ answer }), (error) => ({ code: error.code, reference: error.partnerReferenceNo, status: error.status?.latestTransactionStatus }));
  client.free();
  return { queryIds, rejection };
}
