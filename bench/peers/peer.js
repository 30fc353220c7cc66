// Node peer: the two operations the way Node SNAP SDKs do them (`crypto`, JSON), timed on the
// inputs of bench/inputs.json.
//
//     node peer.js INPUTS_JSON [ROUND_SECONDS] [ROUNDS]
//
// Prints `prepare <ops/s>` and `verify <ops/s>`, the best of ROUNDS rounds, after checking that
// its X-SIGNATURE and headers equal the Rust SDK's and that it accepts the callback.
'use strict';

const crypto = require('crypto');
const fs = require('fs');

// Serialise, hash, sign and build the headers of a transactional request (scheme B).
function signRequest(inputs, body, timestamp) {
  // JSON.stringify, made PHP-like the way the SDKs do: `\/` and `\uXXXX` for non-ASCII.
  const bodyText = JSON.stringify(body)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  const bodyHash = crypto.createHash('sha256').update(bodyText).digest('hex');
  const token = inputs.access_token;
  const stringToSign = `POST:${inputs.request.path}:${token}:${bodyHash}:${timestamp}`;
  const signature = crypto.createHmac('sha512', inputs.client_secret).update(stringToSign).digest('base64');
  const headers = {
    'Content-Type': 'application/json',
    Authorization: `Bearer ${token}`,
    'X-TIMESTAMP': timestamp,
    'X-SIGNATURE': signature,
    'X-PARTNER-ID': inputs.client_key,
    'X-EXTERNAL-ID': inputs.external_id,
  };
  return { bodyText, headers };
}

// Verify a callback's RSA signature over the raw body (scheme C), then parse it.
function verifyCallback(publicKey, path, body, timestamp, signature) {
  const bodyHash = crypto.createHash('sha256').update(body).digest('hex');
  const stringToSign = `POST:${path}:${bodyHash}:${timestamp}`;
  const ok = crypto.verify('sha256', Buffer.from(stringToSign), publicKey, Buffer.from(signature, 'base64'));
  if (!ok) return null;
  const notification = JSON.parse(body.toString('utf8'));
  return [notification.originalReferenceNo, notification.latestTransactionStatus];
}

// Operations per second: calibrate a batch of about roundSeconds, keep the best round.
function bestRate(operation, roundSeconds, rounds) {
  const now = () => Number(process.hrtime.bigint()) / 1e9;
  let start = now();
  let done = 0;
  while (now() - start < 0.02) {
    operation();
    done += 1;
  }
  const batch = Math.max(1, Math.floor(roundSeconds / ((now() - start) / done)));
  let best = 0;
  for (let r = 0; r < rounds; r += 1) {
    start = now();
    for (let i = 0; i < batch; i += 1) operation();
    best = Math.max(best, batch / (now() - start));
  }
  return best;
}

function main() {
  const inputs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const roundSeconds = Number(process.argv[3] || 0.3);
  const rounds = Number(process.argv[4] || 7);
  const { request, callback, timestamp } = { ...inputs, timestamp: inputs.timestamp };
  const publicKey = crypto.createPublicKey(inputs.public_key_pem);
  const body = Buffer.from(callback.body, 'utf8');

  const { bodyText, headers } = signRequest(inputs, request.body, timestamp);
  if (bodyText !== request.body_bytes) throw new Error("node peer: body bytes differ from the Rust SDK's");
  if (JSON.stringify(Object.entries(headers)) !== JSON.stringify(request.headers)) {
    throw new Error("node peer: headers (X-SIGNATURE) differ from the Rust SDK's");
  }
  const verified = verifyCallback(publicKey, callback.path, body, callback.timestamp, callback.signature);
  if (JSON.stringify(verified) !== JSON.stringify([callback.reference, callback.status])) {
    throw new Error('node peer: the callback does not verify');
  }

  const prepare = bestRate(() => signRequest(inputs, request.body, timestamp), roundSeconds, rounds);
  const verify = bestRate(
    () => verifyCallback(publicKey, callback.path, body, callback.timestamp, callback.signature),
    roundSeconds,
    rounds,
  );
  console.log(`prepare ${prepare.toFixed(0)}`);
  console.log(`verify ${verify.toFixed(0)}`);
}

main();
