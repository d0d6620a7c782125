"""Benchmark: apology letters signed per second (person, then agency), with a PKCS#12 file and
with a SoftHSM2 token, printed beside the rate of making the unsigned PDFs.

    python benchmarks/bench_sign.py            # N = 40 letters

A throw-away CA is made for the run (tests/signing_helpers.py); the SoftHSM2 part needs the
Debian package softhsm2 (skipped, and said, without it). Each signing is the real command
``minutes-gen sign FILES… --as person|agency`` (one key opening, one PIN, for all files).
"""

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_batch import AGENCY, AS_OF, make_register  # noqa: E402
from signing_helpers import AGENCY as AGENCY_NAME, PASSWORD, PERSON, ThrowawayCA, seal_image, signature_image  # noqa: E402

SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"
PIN = "246810"
SIGNER_NAME = "Nguyễn Đình Tương"  # the signer printed in the sample agency's letters


def minutes_gen(*args, env=None) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "minutes_gen", *map(str, args)], check=True, capture_output=True,
                   env={**os.environ, **(env or {})})
    return time.perf_counter() - start


def token(folder: Path, ca: ThrowawayCA) -> dict | None:
    if not (os.path.exists(SOFTHSM) and shutil.which("softhsm2-util")):
        return None
    import pkcs11
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicNumbers

    (folder / "tokens").mkdir()
    (folder / "softhsm2.conf").write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(folder / "softhsm2.conf")
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "do-thu", "--pin", PIN, "--so-pin", "13579246"],
                   check=True, capture_output=True)
    with pkcs11.lib(SOFTHSM).get_token(token_label="do-thu").open(user_pin=PIN, rw=True) as session:
        public, _ = session.generate_keypair(pkcs11.KeyType.RSA, 2048, label="con-dau", id=b"\x01", store=True)
        numbers = RSAPublicNumbers(int.from_bytes(public[pkcs11.Attribute.PUBLIC_EXPONENT], "big"),
                                   int.from_bytes(public[pkcs11.Attribute.MODULUS], "big"))
        certificate = ca.issue(AGENCY_NAME, numbers.public_key())
        session.create_object({pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
                               pkcs11.Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
                               pkcs11.Attribute.TOKEN: True, pkcs11.Attribute.LABEL: "con-dau",
                               pkcs11.Attribute.ID: b"\x01", pkcs11.Attribute.SUBJECT: certificate.subject.public_bytes(),
                               pkcs11.Attribute.VALUE: certificate.public_bytes(serialization.Encoding.DER)})
    return {"--pkcs11-module": SOFTHSM, "--token": "do-thu", "--key": "con-dau"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="số văn bản (mặc định 40)")
    parser.add_argument("--dir", type=Path, default=Path.cwd(), help="thư mục tạm (mặc định: thư mục hiện tại)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-sign-") as folder:
        folder = Path(folder)
        ca = ThrowawayCA(folder)
        person, agency = ca.pkcs12(PERSON, "nguoi-ky.p12"), ca.pkcs12(AGENCY_NAME, "co-quan.p12")
        signature, seal = signature_image(folder / "chu-ky.png"), seal_image(folder / "con-dau.png")
        make_register(folder / "so.csv", args.n)
        pdf_seconds = minutes_gen("apology", folder / "so.csv", "--agency", AGENCY, "-o", folder / "vb", "--as-of", AS_OF,
                                  "--pdf")
        letters = sorted((folder / "vb").glob("*.pdf"))
        secret = {"MINUTES_GEN_P12_PASSWORD": PASSWORD, "MINUTES_GEN_PIN": PIN}
        rows = []
        for label, agency_key in (("PKCS#12", ["--p12", agency]), ("SoftHSM2 (PKCS#11)", token(folder, ca))):
            if agency_key is None:
                rows.append((label, None))
                continue
            if isinstance(agency_key, dict):
                agency_key = [item for pair in agency_key.items() for item in pair]
            copies = folder / label.split()[0]
            copies.mkdir()
            files = [shutil.copy(letter, copies / letter.name) for letter in letters]
            seconds = minutes_gen("sign", *files, "--as", "person", "--name", SIGNER_NAME, "--image", signature,
                                  "--p12", person, env=secret)
            seconds += minutes_gen("sign", *files, "--as", "agency", "--name", SIGNER_NAME, "--image", seal,
                                   "--agency-name", "Sở Lao động, Thương binh và Xã hội", *agency_key, env=secret)
            rows.append((label, seconds))
    print(f"máy: {platform.machine()}, {os.cpu_count()} lõi, Python {platform.python_version()}; {args.n} văn bản xin lỗi")
    print(f"tạo PDF chưa ký (minutes-gen apology --pdf): {args.n / pdf_seconds:6.1f} văn bản/giây")
    for label, seconds in rows:
        if seconds is None:
            print(f"ký số người ký + cơ quan, {label}: bỏ qua (chưa cài softhsm2)")
        else:
            print(f"ký số người ký + cơ quan, {label}: {args.n / seconds:6.1f} văn bản/giây "
                  f"({seconds:.1f} giây cho {args.n} văn bản, cả hai lệnh sign)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
