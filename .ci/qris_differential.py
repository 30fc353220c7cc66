"""Differential test of `ayolinx qris decode` against qriskit, an independent QRIS parser (PyPI).

Over the real-world-shaped fixtures of ayolinx-proto/tests/fixtures/qris/payloads.tsv and every
single-character change, deletion and cut of them: both readers must agree on whether the
payload's structure and CRC hold and, when they do, on every field (tag and value, and the
fields of templates 26-51 and 62). Rules qriskit reports but `decode` does not check (required
tags, value formats, tag order) are left out; the one rule `decode` adds (EMV lengths are 01-99,
so no empty value) is applied to qriskit's reading.

Usage: python3 .ci/qris_differential.py PATH/TO/ayolinx
"""

import json
import subprocess
import sys
from pathlib import Path

import qriskit
from qriskit import spec, tlv
from qriskit.errors import QRISParseError
from qriskit.model import children_of

STRUCTURAL = {"pfi.invalid", "crc.missing", "crc.not_last", "crc.mismatch", "tag.duplicate"}
FIXTURES = Path(__file__).resolve().parent.parent / "ayolinx-proto/tests/fixtures/qris/payloads.tsv"


def ours_template(tag):
    return tag == "62" or "26" <= tag <= "51"


def theirs(payload):
    """qriskit's reading: None when the structure or CRC does not hold, else the fields."""
    try:
        qris = qriskit.parse(payload)
        issues = qriskit.validate(qris)
    except (QRISParseError, ValueError):
        return None
    for issue in issues:
        if issue.severity != "error":
            continue
        if issue.code in STRUCTURAL:
            return None
        if issue.code == "template.malformed" and ours_template(issue.path or ""):
            return None
    fields = []
    for node in qris.nodes:
        if node.value == "":
            return None
        template = []
        if ours_template(node.tag):
            children = children_of(node.value) or ()
            if any(child.value == "" for child in children):
                return None
            template = [(child.tag, child.value) for child in children]
        fields.append((node.tag, node.value, template))
    return fields


def ours(binary, payload):
    """`ayolinx qris decode --json`: None when it refuses (exit 1), else the fields."""
    run = subprocess.run([binary, "qris", "decode", "--json", payload], capture_output=True, text=True)
    if run.returncode == 1:
        return None
    if run.returncode != 0:
        raise SystemExit(f"decode exited {run.returncode} on {payload!r}: {run.stderr}")
    answer = json.loads(run.stdout)
    return [
        (f["tag"], f["value"], [(c["tag"], c["value"]) for c in f.get("template", [])])
        for f in answer["fields"]
    ]


def sealed(text):
    """`text` with its last four characters replaced by the right CRC, when it ends like one."""
    if len(text) >= 8 and text[-8:-4] == "6304":
        return text[:-4] + qriskit.crc.crc16(text[:-4])
    return None


def variants(payload):
    """The payload, every single-character change and deletion (each as it is and with its CRC
    made right again, so that the structure itself is compared), and every cut."""
    yield payload
    for at in range(len(payload) - 4):
        for changed in [payload[:at] + to + payload[at + 1 :] for to in {"0", "9", "A"} - {payload[at]}] + [
            payload[:at] + payload[at + 1 :]
        ]:
            yield changed
            resealed = sealed(changed)
            if resealed:
                yield resealed
        yield payload[:at]


def main():
    binary = sys.argv[1]
    checked = disagreements = accepted = 0
    seen = set()
    for line in FIXTURES.read_text().splitlines():
        name, verdict, payload = line.split("\t")
        first = ours(binary, payload)
        if (first is not None) != (verdict == "valid"):
            print(f"{name}: decode says {'valid' if first else 'invalid'}, the fixture says {verdict}")
            disagreements += 1
        for text in variants(payload):
            if text in seen:
                continue
            seen.add(text)
            a, b = ours(binary, text), theirs(text)
            checked += 1
            accepted += a is not None
            if a != b:
                disagreements += 1
                if disagreements <= 20:
                    print(f"disagree on {text!r}:\n  decode:  {a}\n  qriskit: {b}")
    print(f"qris differential: {checked} payloads, {accepted} valid, {disagreements} disagreements (qriskit {qriskit.__version__})")
    sys.exit(1 if disagreements else 0)


if __name__ == "__main__":
    main()
