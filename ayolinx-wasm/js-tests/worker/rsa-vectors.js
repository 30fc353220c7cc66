// The RSA vectors through the package, in any runtime: the shared known answers (token and
// callback signatures, schemes A and C) and Project Wycheproof's RSASSA-PKCS1-v1_5 SHA-256
// files. The Node suite calls these directly; the workerd test posts the vectors to the worker,
// which calls them with the package as a Worker imports it. Each returns what it counted and a
// list of failures (empty when every vector passed).

const hexBytes = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
const base64 = (bytes) => btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(""));

/** Wycheproof verification: valid accepted, invalid refused, acceptable counted either way. */
export async function wycheproofVerify(pkg, file) {
  const counts = { valid: 0, invalid: 0, acceptable: 0, tests: 0 };
  const failures = [];
  for (const group of file.testGroups) {
    if (group.sha !== "SHA-256") throw new Error(`unexpected hash ${group.sha}`);
    // The same key as SPKI PEM, and as base64 of its SPKI and PKCS#1 DER.
    const forms = [group.publicKeyPem, base64(hexBytes(group.publicKeyDer)), base64(hexBytes(group.publicKeyAsn))];
    for (const test of group.tests) {
      const message = hexBytes(test.msg);
      const signature = base64(hexBytes(test.sig));
      const verdicts = await Promise.all(forms.map((key) => pkg.verifySha256WithRsa(key, message, signature)));
      if (verdicts.some((verdict) => verdict !== verdicts[0])) failures.push(`#${test.tcId}: the key forms disagree`);
      const accepted = verdicts[0];
      counts.tests++;
      if (test.result === "acceptable") counts.acceptable++;
      else if (test.result === "valid" && accepted) counts.valid++;
      else if (test.result === "invalid" && !accepted) counts.invalid++;
      else failures.push(`#${test.tcId} ${test.result} but ${accepted ? "accepted" : "refused"} (${test.comment})`);
    }
  }
  if (counts.tests !== file.numberOfTests) failures.push(`${counts.tests} of ${file.numberOfTests} tests run`);
  return { counts, failures };
}

/** Wycheproof signature generation: every SHA-256 signature reproduced from PKCS#1 PEM and PKCS#8 DER. */
export async function wycheproofSign(pkg, file) {
  const counts = { tests: 0, otherHash: 0 };
  const failures = [];
  for (const group of file.testGroups) {
    if (group.sha !== "SHA-256") {
      counts.otherHash += group.tests.length;
      continue;
    }
    const keys = [group.privateKeyPem, base64(hexBytes(group.privateKeyPkcs8))];
    for (const test of group.tests) {
      const message = hexBytes(test.msg);
      const expected = base64(hexBytes(test.sig));
      for (const key of keys) {
        const signature = await pkg.signSha256WithRsa(key, message);
        if (signature !== expected) failures.push(`#${test.tcId}: a different signature`);
      }
      if (!(await pkg.verifySha256WithRsa(group.keyPem, message, expected))) failures.push(`#${test.tcId}: not verified`);
      counts.tests++;
    }
  }
  if (counts.tests === 0 || counts.tests + counts.otherHash !== file.numberOfTests) failures.push("not every test counted");
  return { counts, failures };
}

/** The shared known answers: `keys` maps the vectors' key names to their PEM text. */
export async function knownAnswers(pkg, vectors, keys) {
  const failures = [];
  const check = (ok, what) => ok || failures.push(what);
  const encoder = new TextEncoder();
  let tokens = 0;
  for (const v of vectors.token_sha256withrsa) {
    for (const key of [keys[v.key], keys.merchant_private_pkcs1]) {
      check(await pkg.tokenSignature(key, v.client_key, v.timestamp) === v.signature, `${v.name}: token signature`);
    }
    check(await pkg.signSha256WithRsa(keys[v.key], v.string_to_sign) === v.signature, `${v.name}: the string to sign`);
    tokens++;
  }
  let callbacks = 0;
  for (const v of vectors.callback_sha256withrsa) {
    for (const key of [keys[v.public_key], keys.merchant_public_pkcs1]) {
      const verify = (path, body) => pkg.verifyCallbackSignature(key, v.method, path, body, v.timestamp, v.signature);
      check(await verify(v.path, v.body) === true, `${v.name}: genuine`);
      check(await verify(v.path, encoder.encode(v.body)) === true, `${v.name}: genuine bytes`);
      check(await verify(v.path, `${v.body} `) === false, `${v.name}: changed body`);
      check(await verify(`${v.path}/`, v.body) === false, `${v.name}: changed path`);
    }
    const verifier = new pkg.CallbackVerifier({ publicKeyPem: keys[v.public_key] });
    const request = {
      method: v.method,
      path: v.path,
      headers: { "X-TIMESTAMP": v.timestamp, "X-SIGNATURE": v.signature },
      body: encoder.encode(v.body),
    };
    const notification = await verifier.verify(request, Date.parse(v.timestamp));
    check(notification.reference === "AYO-REF-1", `${v.name}: reference`);
    check(notification.amount?.value === "15000.00", `${v.name}: amount`);
    const refusal = await verifier.verify({ ...request, body: v.body.replace("15000", "15001") }, Date.parse(v.timestamp))
      .then(() => "accepted", (error) => error.code);
    check(refusal === "bad_signature", `${v.name}: a tampered body is ${refusal}`);
    callbacks++;
  }
  return { counts: { tokens, callbacks }, failures };
}
