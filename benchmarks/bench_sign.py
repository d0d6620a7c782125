"""Benchmark: apology letters signed per second, per signature (the person's, then the agency's),
with a PKCS#12 file and with a SoftHSM2 token: minutes-gen beside a plain pyHanko loop on the
same files, in the same run.

    python benchmarks/bench_sign.py            # N = 200 letters

The letters are made first (``minutes-gen apology --pdf``). A throw-away CA is made for the run
(tests/signing_helpers.py); the SoftHSM2 part needs the Debian package softhsm2 (skipped, and
said, without it). For each key and each signature, on copies of the same files:
  (a) a plain pyHanko loop, one process, key opened once: per file the same place, field and
      appearance as minutes-gen, but pyHanko's defaults — the image read and compressed, the
      whole font cut, the room for the CMS estimated by a dry run, the key loaded per signature
      (``signing_helpers.plain_pyhanko_sign``);
  (b) the real command ``minutes-gen sign FILES… --as person|agency`` (one key opening, one
      PIN, for all files), timed from outside, process start included;
  (c) both signatures of each file in one pass, as ``apology --pdf --sign person,agency`` signs
      (``signing.run.sign_files``, in this process, one core);
  (d) the same over 2 workers (``signing.workers.sign_in_workers``: each started afresh, opening
      the keys itself — its own token session — with the password and PIN read once), which a
      run uses only when the machine's cores are free: whether they pay at this load.
Every file of (a) and (b) is checked to carry the same signatures (field, box, room for the
CMS, images and fonts shown, bytes intact): figures of different outputs would mean nothing.
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
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_batch import AGENCY, AS_OF, make_register  # noqa: E402
from signing_helpers import (AGENCY as AGENCY_NAME, PASSWORD, PERSON, ThrowawayCA, plain_pyhanko_sign,  # noqa: E402
                             seal_image, signature_facts, signature_image)

SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"
PIN = "246810"
SIGNER_NAME = "Nguyễn Đình Tương"  # the signer printed in the sample agency's letters
SEAL_NAME = "Sở Lao động, Thương binh và Xã hội"


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


def copies(letters: list[Path], folder: Path) -> list[Path]:
    folder.mkdir()
    return [Path(shutil.copy(letter, folder / letter.name)) for letter in letters]


def plain_loop(files: list[Path], role: str, signer, appearance) -> float:
    """(a): every file signed the plain pyHanko way, one after another; the seconds it took."""
    start = time.perf_counter()
    for path in files:
        path.write_bytes(plain_pyhanko_sign(path.read_bytes(), role, signer, appearance, SIGNER_NAME))
    return time.perf_counter() - start


def one_pass(files: list[Path], signers: dict) -> float:
    """(c): both signatures of each file in one pass (keys opened before, as a run does)."""
    from minutes_gen.signing.run import sign_files
    from minutes_gen.signing.stamp import prepare_stamp

    start = time.perf_counter()
    stamps = [prepare_stamp(role, signer, appearance) for role, (signer, appearance) in signers.items()]
    results = sign_files(files, stamps, SIGNER_NAME, False)
    seconds = time.perf_counter() - start
    assert all(not text for _, text in results.values()), results
    return seconds


def in_workers(files: list[Path], folder: Path, key, keys: dict) -> float:
    """(d): as (c), over 2 workers, keys opened in each from a signing profile."""
    import yaml

    from minutes_gen.signing.profile import load_signing_request
    from minutes_gen.signing.workers import sign_in_workers

    agency = {"pkcs11_module": key["--pkcs11-module"], "token": key["--token"], "key": key["--key"]} \
        if isinstance(key, dict) else {"p12": str(key)}
    profile = {"person": {"image": str(keys["signature"]), "p12": str(keys["person"])},
               "agency": {"image": str(keys["seal"]), "name": SEAL_NAME, "seal_mm": 36, **agency}}
    (folder / "ky-so.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    start = time.perf_counter()
    request = load_signing_request("person,agency", folder / "ky-so.yaml")
    results = sign_in_workers(files, request, {"person": PASSWORD, "agency": PIN if isinstance(key, dict) else PASSWORD},
                              SIGNER_NAME, False, 2, lambda done, total, stage: None)
    seconds = time.perf_counter() - start
    assert all(not text for _, text in results.values()), results
    return seconds


def agency_options(key) -> list:
    return [item for pair in key.items() for item in pair] if isinstance(key, dict) else ["--p12", key]


def opened(key):
    """The plain loop's agency signer: pyHanko's own, opened once."""
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11, signers

    if not isinstance(key, dict):
        return signers.SimpleSigner.load_pkcs12(str(key), passphrase=PASSWORD.encode()), None
    session = pkcs11.open_pkcs11_session(SOFTHSM, token_criteria=TokenCriteria(label=key["--token"]), user_pin=PIN)
    return pkcs11.PKCS11Signer(session, cert_label=key["--key"], key_label=key["--key"]), session


def compare(label: str, key, letters: list[Path], folder: Path, keys: dict) -> tuple:
    """(a), (b), (c) for one agency key; the seconds of each, per signature."""
    from pyhanko.sign import signers

    from minutes_gen.signing.keys import kept_key_signer
    from minutes_gen.signing.stamp import Appearance

    person = Appearance(keys["signature"])
    agency = Appearance(keys["seal"], SEAL_NAME, 36.0)
    plain, fast, both, parallel = (copies(letters, folder / f"{label}-{kind}") for kind in ("a", "b", "c", "d"))
    person_signer = signers.SimpleSigner.load_pkcs12(str(keys["person"]), passphrase=PASSWORD.encode())
    agency_signer, session = opened(key)
    secret = {"MINUTES_GEN_P12_PASSWORD": PASSWORD, "MINUTES_GEN_PIN": PIN}
    try:
        a = (plain_loop(plain, "person", person_signer, person), plain_loop(plain, "agency", agency_signer, agency))
        b = (minutes_gen("sign", *fast, "--as", "person", "--name", SIGNER_NAME, "--image", keys["signature"],
                         "--p12", keys["person"], env=secret),
             minutes_gen("sign", *fast, "--as", "agency", "--name", SIGNER_NAME, "--image", keys["seal"],
                         "--agency-name", SEAL_NAME, *agency_options(key), env=secret))
        agency_fast = agency_signer if session else kept_key_signer(agency_signer)
        c = one_pass(both, {"person": (kept_key_signer(person_signer), person), "agency": (agency_fast, agency)})
    finally:
        if session is not None:
            session.close()
    d = in_workers(parallel, folder, key, keys)
    for paths in zip(plain, fast, both, parallel):
        facts = [signature_facts(path.read_bytes()) for path in paths]
        if not (all(fact == facts[0] for fact in facts) and len(facts[0]) == 2 and all(f[-1] for f in facts[0])):
            sys.exit(f"{label}: chữ ký của {paths[0].name} khác nhau giữa các cách ký: {facts}")
    return a, b, c, d


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="số văn bản (mặc định 200)")
    parser.add_argument("--dir", type=Path, default=Path.cwd(), help="thư mục tạm (mặc định: thư mục hiện tại)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-sign-") as folder:
        folder = Path(folder)
        ca = ThrowawayCA(folder)
        keys = {"person": ca.pkcs12(PERSON, "nguoi-ky.p12"), "agency": ca.pkcs12(AGENCY_NAME, "co-quan.p12"),
                "signature": signature_image(folder / "chu-ky.png"), "seal": seal_image(folder / "con-dau.png")}
        make_register(folder / "so.csv", args.n)
        pdf_seconds = minutes_gen("apology", folder / "so.csv", "--agency", AGENCY, "-o", folder / "vb", "--as-of",
                                  AS_OF, "--pdf")
        letters = sorted((folder / "vb").glob("*.pdf"))
        rows = [(label, key and compare(label.split()[0], key, letters, folder, keys)) for label, key in
                (("PKCS#12", keys["agency"]), ("SoftHSM2 (PKCS#11)", token(folder, ca)))]
    n = len(letters)
    print(f"máy: {platform.machine()}, {os.cpu_count()} lõi, Python {platform.python_version()}, tải "
          f"{os.getloadavg()[0]:.1f}; {n} văn bản xin lỗi; khóa người ký: PKCS#12")
    print(f"tạo PDF chưa ký (minutes-gen apology --pdf): {n / pdf_seconds:6.1f} văn bản/giây")
    for label, figures in rows:
        if not figures:
            print(f"khóa cơ quan {label}: bỏ qua (chưa cài softhsm2)")
            continue
        (a_person, a_agency), (b_person, b_agency), c, d = figures
        print(f"khóa cơ quan {label} — văn bản/giây cho mỗi chữ ký (người ký | cơ quan):")
        print(f"  (a) vòng lặp pyHanko thường:           {n / a_person:6.1f} | {n / a_agency:6.1f}")
        print(f"  (b) minutes-gen sign (cả khởi động):   {n / b_person:6.1f} | {n / b_agency:6.1f}   "
              f"tỷ lệ b/a: {a_person / b_person:.1f}× | {a_agency / b_agency:.1f}×")
        print(f"  (c) hai chữ ký một lượt (như --sign):  {2 * n / c:6.1f} chữ ký/giây ({n / c:.1f} văn bản/giây "
              f"có đủ hai chữ ký); tỷ lệ c/a: {(a_person + a_agency) / c:.1f}×")
        print(f"  (d) như (c), 2 tiến trình con:          {2 * n / d:6.1f} chữ ký/giây; tỷ lệ d/c: {c / d:.1f}×")
    print("mọi tệp của (a), (b), (c), (d) có cùng chữ ký (ô ký, khung, chỗ dành cho CMS, ảnh, phông) và còn nguyên vẹn")
    return 0


if __name__ == "__main__":
    sys.exit(main())
