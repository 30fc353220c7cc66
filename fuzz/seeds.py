#!/usr/bin/env python3
"""Writes the committed seed corpora, fuzz/seeds/<target>/, from the crate's fixtures and the
test vectors, in the input formats of fuzz/src/lib.rs:

- a response: two bytes of HTTP status (big-endian), then the body;
- a request: "METHOD PATH", then "Name: value" lines, then an empty line, then the body.

Run from anywhere: python3 fuzz/seeds.py  (vectors from the repository's vectors/, or
$AYOLINX_VECTORS_DIR). The output is deterministic; rerunning rewrites the same files.
"""

import base64
import hashlib
import json
import os
import shutil
import struct
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
ROOT = FUZZ.parent
FIXTURES = ROOT / "ayolinx-proto" / "tests" / "fixtures"
VECTORS = Path(os.environ.get("AYOLINX_VECTORS_DIR", ROOT / "vectors"))
SEEDS = FUZZ / "seeds"

CLIENT_KEY = "CKSandbox-00000000-0000-0000-0000-000000000000"


def write(target, name, data):
    """One seed file; names are content hashes so that reruns are stable."""
    if isinstance(data, str):
        data = data.encode()
    folder = SEEDS / target
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(data).hexdigest()[:12]
    (folder / f"{name}-{digest}").write_bytes(data)


def request(method, path, headers, body):
    head = "\n".join([f"{method} {path}"] + [f"{n}: {v}" for n, v in headers])
    return head.encode() + b"\n\n" + (body.encode() if isinstance(body, str) else body)


def response(status, body):
    return struct.pack(">H", status) + body.encode()


def pem_der(text):
    """The DER inside the first PEM block of a text."""
    lines = text.strip().splitlines()
    inner = [l for l in lines if not l.startswith("-----") and ":" not in l]
    return base64.b64decode("".join(inner))


def main():
    if SEEDS.exists():
        shutil.rmtree(SEEDS)
    signatures = json.loads((VECTORS / "ayolinx-signatures.json").read_text())
    callbacks = sorted((FIXTURES / "callback").glob("*.json"))

    # Responses: success and failure answers of every operation, plus non-JSON and edge cases.
    answers = [
        (200, '{"responseCode":"2007300","responseMessage":"Successful","accessToken":"tok","tokenType":"Bearer","expiresIn":"900"}'),
        (200, '{"responseCode":"2007300","accessToken":"t","tokenType":"Bearer","expiresIn":3600}'),
        (401, '{"responseCode":"4017300","responseMessage":"Unauthorized. Signature"}'),
        (200, '{"responseCode":"2004700","responseMessage":"Successful","referenceNo":"A1","partnerReferenceNo":"ORD-1","qrContent":"000201","expiredDate":1726121400}'),
        (409, '{"responseCode":"4094701","responseMessage":"Duplicate partnerReferenceNo"}'),
        (200, '{"responseCode":"2005100","responseMessage":"Successful","originalPartnerReferenceNo":"ORD-1","latestTransactionStatus":"00","transactionStatusDesc":"Success","amount":{"currency":"IDR","value":"15000.00"},"additionalInfo":{"x":[1,2.5,null]}}'),
        (200, '{"responseCode":"2007700","responseMessage":"Successful","originalPartnerReferenceNo":"ORD-1","cancelTime":"2024-09-12T12:56:00+07:00"}'),
        (200, '{"responseCode":"2005400","responseMessage":"Successful","referenceNo":"R","webRedirectUrl":"https://pay.example/x","appRedirectUrl":"app://x"}'),
        (200, '{"responseCode":"2005500","responseMessage":"Successful","latestTransactionStatus":"03","amount":{"value":"1.00","currency":"IDR"}}'),
        (200, '{"responseCode":"2002700","responseMessage":"Success","virtualAccountData":{"partnerServiceId":"    2056","customerNo":"1","virtualAccountNo":"    20561","totalAmount":{"value":"11500.00","currency":"IDR"},"expiredDate":"2024-09-13T12:55:00+07:00"}}'),
        (200, '{"responseCode":"2003000","virtualAccountData":{"paymentFlagStatus":"00"}}'),
        (200, '{"responseCode":"00","responseMessage":"Success","paymentCode":"123","expiredDate":1726121400}'),
        (200, '{"responseCode":"2000100","responseMessage":"Successful","paymentUrl":"https:\\/\\/link.example\\/p","expiryTime":"1726121400"}'),
        (502, "<html><body>502 Bad Gateway</body></html>"),
        (200, ""),
        (200, "[1,2]"),
        (200, '{"responseCode":2004700}'),
        (200, '{"responseCode":"2004700","qrContent":'),
    ]
    for i, (status, body) in enumerate(answers):
        write("parse_response", f"answer{i:02d}", response(status, body))

    # Callbacks (scheme C): the vectors' signed requests, and every callback fixture body.
    for v in signatures["callback_sha256withrsa"]:
        headers = [("Content-Type", "application/json"), ("X-TIMESTAMP", v["timestamp"]),
                   ("X-SIGNATURE", v["signature"])]
        write("callback_verifier", v["name"], request(v["method"], v["path"], headers, v["body"]))
    for path in callbacks:
        headers = [("X-TIMESTAMP", "2024-09-12T12:55:42+07:00"), ("X-SIGNATURE", "AAAA")]
        write("callback_verifier", path.stem, request("POST", "/callback?x=1", headers, path.read_bytes()))
        write("notification", path.stem, path.read_bytes())

    # Merchant token requests (scheme D's token call): the vectors' token signatures.
    for v in signatures["token_sha256withrsa"]:
        headers = [("Content-Type", "application/json"), ("X-TIMESTAMP", v["timestamp"]),
                   ("X-CLIENT-KEY", v["client_key"]), ("X-SIGNATURE", v["signature"])]
        body = '{"grantType":"client_credentials","additionalInfo":{}}'
        write("token_endpoint", v["name"], request("POST", "/v1.0/access-token/b2b", headers, body))

    # VA payments (scheme D, HMAC): the vectors' HMAC requests carrying a VA payment body.
    va_body = (FIXTURES / "callback" / "va_snap_payment.json").read_bytes()
    for v in signatures["request_hmac_sha512"]:
        headers = [("Content-Type", "application/json"), ("Authorization", f"Bearer {v['access_token']}"),
                   ("X-TIMESTAMP", v["timestamp"]), ("X-SIGNATURE", v["signature"]),
                   ("X-PARTNER-ID", CLIENT_KEY), ("X-EXTERNAL-ID", "418075533589")]
        write("va_payment", v["name"], request(v["method"], v["path"], headers, v["body"]))
        write("va_payment", v["name"] + "-va", request("POST", "/v1.0/transfer-va/payment", headers, va_body))

    # Keys: every fixture key as PEM, and the DER inside it; the vectors' keys too.
    key_files = sorted((FIXTURES / "keys").glob("*.pem")) + sorted((VECTORS / "keys").glob("*.pem"))
    for path in key_files:
        text = path.read_text()
        target = "public_key" if "PUBLIC" in text.splitlines()[0] else "private_key"
        if "8192" in path.name or "9216" in path.name:
            continue  # keep the seeds small: the 2048-bit keys cover the same structure
        write(target, path.stem + "-pem", text)
        write(target, path.stem + "-der", pem_der(text))
    for path in sorted((FIXTURES / "keys").glob("*.der")):
        write("private_key", path.stem, path.read_bytes())
        write("public_key", path.stem, path.read_bytes())

    # Value parsers.
    times = {v["timestamp"] for group in ("request_hmac_sha512", "token_sha256withrsa", "callback_sha256withrsa")
             for v in signatures[group]}
    times |= {"2024-09-12T12:55:00Z", "2024-09-12 12:55:00.123+0700", "2024-02-29t23:59:59-03", "9999-12-31T23:59:59+14:00"}
    for i, text in enumerate(sorted(times)):
        write("timestamp", f"t{i:02d}", text)
    for i, text in enumerate(["15000.00", "0.10", "1", "9999999999999999.99", "10.5", "010.00", "1e3"]):
        write("amount", f"a{i:02d}", text)
    for i, text in enumerate(["2004700", "4017300", "00", "581000001", "5005401", "2002700", "X-1_a"]):
        write("response_code", f"c{i:02d}", text)
    for i, text in enumerate(["418075533589", "0042", "1" * 36, "240912125500123456789012345678901234"]):
        write("external_id", f"e{i:02d}", text)

    for line in (FIXTURES / "qris" / "payloads.tsv").read_text().splitlines():
        name, _, payload = line.split("\t")
        write("qris_payload", name, payload)

    # The round trip draws its value from the bytes (arbitrary); the PHP fixture inputs give it
    # varied bytes to start from.
    for line in (FIXTURES / "php" / "inputs.txt").read_text().splitlines():
        if line and not line.startswith("#") and " " in line:
            name, document = line.split(" ", 1)
            write("php_json_round_trip", name, document)


if __name__ == "__main__":
    main()
