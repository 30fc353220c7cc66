"""Python peer: the two operations the way Python SNAP SDKs do them (hashlib, hmac, json,
base64 and the `cryptography` package), timed on the inputs of bench/inputs.json.

    python peer.py INPUTS_JSON [ROUND_SECONDS] [ROUNDS]

Prints `prepare <ops/s>` and `verify <ops/s>`, the best of ROUNDS rounds, after checking that its
X-SIGNATURE and headers equal the Rust SDK's and that it accepts the callback.
"""

import base64
import hashlib
import hmac
import json
import sys
import time

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding


def sign_request(inputs, body, timestamp):
    """Serialise, hash, sign and build the headers of a transactional request (scheme B)."""
    # json.dumps escapes non-ASCII like PHP's json_encode; the SDKs add PHP's `\/`.
    body_bytes = json.dumps(body, separators=(",", ":")).replace("/", "\\/").encode()
    body_hash = hashlib.sha256(body_bytes).hexdigest()
    token = inputs["access_token"]
    string_to_sign = f"POST:{inputs['request']['path']}:{token}:{body_hash}:{timestamp}"
    digest = hmac.new(inputs["client_secret"].encode(), string_to_sign.encode(), hashlib.sha512).digest()
    signature = base64.b64encode(digest).decode()
    headers = {
        "Content-Type": "application/json",
        "Authorization": f"Bearer {token}",
        "X-TIMESTAMP": timestamp,
        "X-SIGNATURE": signature,
        "X-PARTNER-ID": inputs["client_key"],
        "X-EXTERNAL-ID": inputs["external_id"],
    }
    return body_bytes, headers


def verify_callback(public_key, path, body, timestamp, signature):
    """Verify a callback's RSA signature over the raw body (scheme C), then parse it."""
    body_hash = hashlib.sha256(body).hexdigest()
    string_to_sign = f"POST:{path}:{body_hash}:{timestamp}".encode()
    try:
        public_key.verify(base64.b64decode(signature, validate=True), string_to_sign, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return None
    notification = json.loads(body)
    return notification["originalReferenceNo"], notification["latestTransactionStatus"]


def best_rate(operation, round_seconds, rounds):
    """Operations per second: calibrate a batch of about round_seconds, keep the best round."""
    start, done = time.perf_counter(), 0
    while time.perf_counter() - start < 0.02:
        operation()
        done += 1
    batch = max(1, int(round_seconds / ((time.perf_counter() - start) / done)))
    best = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(batch):
            operation()
        best = max(best, batch / (time.perf_counter() - start))
    return best


def main():
    inputs = json.load(open(sys.argv[1], encoding="utf-8"))
    round_seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 0.3
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    request, callback = inputs["request"], inputs["callback"]
    timestamp = inputs["timestamp"]
    public_key = serialization.load_pem_public_key(inputs["public_key_pem"].encode())
    body = callback["body"].encode()

    body_bytes, headers = sign_request(inputs, request["body"], timestamp)
    if body_bytes.decode() != request["body_bytes"]:
        sys.exit("python peer: body bytes differ from the Rust SDK's")
    if list(headers.items()) != [tuple(pair) for pair in request["headers"]]:
        sys.exit("python peer: headers (X-SIGNATURE) differ from the Rust SDK's")
    expected = (callback["reference"], callback["status"])
    if verify_callback(public_key, callback["path"], body, callback["timestamp"], callback["signature"]) != expected:
        sys.exit("python peer: the callback does not verify")

    prepare = best_rate(lambda: sign_request(inputs, request["body"], timestamp), round_seconds, rounds)
    verify = best_rate(
        lambda: verify_callback(public_key, callback["path"], body, callback["timestamp"], callback["signature"]),
        round_seconds,
        rounds,
    )
    print(f"prepare {prepare:.0f}")
    print(f"verify {verify:.0f}")


if __name__ == "__main__":
    main()
