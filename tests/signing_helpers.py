"""For the signing tests: a throw-away CA made in the test run (a root, a person's and an
agency's certificates as PKCS#12 files, or keys generated inside a SoftHSM2 token), and the
two images (a blue signature, a red round seal) as transparent PNGs."""

import datetime as dt
import math
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSWORD = "mat-khau-thu"
SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"
PIN = "246810"
PERSON, AGENCY = "Hoàng Mạnh Hùng", "Sở Nội vụ tỉnh Đắk Lắk"


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Thử nghiệm minutes-gen"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


class ThrowawayCA:
    """A root certificate and the certificates it issues (from yesterday for a month, unless asked
    otherwise: expired, not yet valid, another key usage)."""

    def __init__(self, folder: Path):
        self.folder, self.key = folder, rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.name = _name("CA thử nghiệm minutes-gen")
        self.root = self._certificate(self.name, self.key.public_key(), ca=True, valid=(-3650, 3650))
        (folder / "ca.pem").write_bytes(self.root.public_bytes(serialization.Encoding.PEM))

    def _certificate(self, subject, public_key, ca=False, valid: tuple[int, int] = (-1, 30),
                     usage: dict | None = None) -> x509.Certificate:
        """A certificate valid from ``valid[0]`` to ``valid[1]`` days from now; ``usage``: the
        KeyUsage bits set (default: a signer's, digitalSignature and nonRepudiation)."""
        now = dt.datetime.now(dt.timezone.utc)
        bits = dict(digital_signature=True, content_commitment=not ca, key_encipherment=False, data_encipherment=False,
                    key_agreement=False, key_cert_sign=ca, crl_sign=ca, encipher_only=False, decipher_only=False)
        if usage is not None:
            bits = {name: usage.get(name, False) for name in bits}
        builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(self.name).public_key(public_key)
                   .serial_number(x509.random_serial_number()).not_valid_before(now + dt.timedelta(days=valid[0]))
                   .not_valid_after(now + dt.timedelta(days=valid[1]))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
                   .add_extension(x509.KeyUsage(**bits), critical=True))
        return builder.sign(self.key, hashes.SHA256())

    def issue(self, common_name: str, public_key, **kinds) -> x509.Certificate:
        return self._certificate(_name(common_name), public_key, **kinds)

    def pkcs12(self, common_name: str, file_name: str, **kinds) -> Path:
        """A PKCS#12 file of a new key and its certificate (``kinds``: see ``_certificate``)."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        path = self.folder / file_name
        path.write_bytes(pkcs12.serialize_key_and_certificates(
            b"khoa", key, self.issue(common_name, key.public_key(), **kinds), [self.root],
            serialization.BestAvailableEncryption(PASSWORD.encode())))
        return path


def _png(path: Path, width: int, height: int, pixel) -> Path:
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


BLUE, RED = (20, 40, 200, 255), (220, 20, 20, 255)


def signature_image(path: Path) -> Path:
    """A blue stroke on transparency."""
    return _png(path, 300, 120, lambda x, y: BLUE if abs(y - 60 - 30 * math.sin(x / 25)) < 5 else (0, 0, 0, 0))


def seal_image(path: Path) -> Path:
    """A red round seal (two rings and a star-like centre) on transparency."""
    def pixel(x, y):
        r = math.hypot(x - 200, y - 200)
        return RED if 185 < r < 198 or 150 < r < 160 or r < 25 else (0, 0, 0, 0)
    return _png(path, 400, 400, pixel)


def plain_pyhanko_sign(data: bytes, role: str, signer, appearance, name: str) -> bytes:
    """``data`` signed for ``role`` the plain pyHanko way (what a loop over files would do): the
    same place, field and appearance as minutes-gen, but everything made for this file alone —
    the image read and compressed, the whole font cut, the room for the CMS estimated by a dry
    run, pyHanko's own key handling. The baseline of benchmarks/bench_sign.py and of the tests
    that check the fast path signs the same way."""
    from pyhanko.pdf_utils.images import PdfImage

    from minutes_gen.signing.placement import page_lines, signature_space
    from minutes_gen.signing.stamp import FIELDS, sign_field, signature_place, stamp_params, stamp_style
    from minutes_gen.signing.stamp_font import font_for_stamps, times_10pt

    space = signature_space(page_lines(data), name, "plain")
    style = stamp_style(role, PdfImage(str(appearance.image)), None if role == "person" else times_10pt(font_for_stamps()))
    return sign_field(data, signer, (FIELDS[role], space.page, signature_place(role, space, appearance)), style,
                      stamp_params(role, appearance))


def signature_facts(data: bytes) -> list[tuple]:
    """What matters of each signature of a PDF, to tell two ways of signing apart: its field, its
    box, the room for its CMS, the images (size, transparency mask) and the fonts (name without
    the subset prefix) its appearance shows, and whether its bytes are intact."""
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    import minutes_gen.signing  # noqa: F401  (keeps the validators' English log quiet)

    def shown(xobject, images, fonts):
        resources = xobject.get("/Resources", generic.DictionaryObject())
        for font in resources.get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
        for inner in resources.get("/XObject", {}).values():
            inner = inner.get_object()
            if inner["/Subtype"] == "/Image":
                images.add((int(inner["/Width"]), int(inner["/Height"]), "/SMask" in inner))
            else:
                shown(inner, images, fonts)

    facts = []
    for signature in PdfFileReader(io.BytesIO(data)).embedded_signatures:
        widget = signature.sig_field
        images, fonts = set(), set()
        shown(widget["/AP"]["/N"], images, fonts)
        facts.append((signature.field_name, tuple(round(float(x), 2) for x in widget["/Rect"]),
                      len(signature.sig_object.raw_get("/Contents").original_bytes), tuple(sorted(images)),
                      tuple(sorted(fonts)),
                      validate_pdf_signature(signature, ValidationContext(trust_roots=[], allow_fetching=False)).intact))
    return facts


def softhsm_token(folder: Path, ca: ThrowawayCA, monkeypatch) -> dict:
    """A SoftHSM2 token in ``folder`` (SOFTHSM2_CONF set by ``monkeypatch``) holding two agency
    keys generated inside it, «con-dau» and the expired «con-dau-het-han», with certificates of
    ``ca``; returns the command line's options naming the first. The PKCS#11 library reads its
    configuration when it starts: it is started again for the token of another test module."""
    import pytest

    if not (os.path.exists(SOFTHSM) and shutil.which("softhsm2-util")):
        pytest.fail("cần SoftHSM2 (sudo apt-get install softhsm2): .ci/run cài gói này")
    import pkcs11
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicNumbers

    (folder / "tokens").mkdir()
    config = folder / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(config))
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "so-noi-vu", "--pin", PIN, "--so-pin",
                    "13579246"], check=True, capture_output=True)
    library = pkcs11.lib(SOFTHSM)
    library.reinitialize()
    with library.get_token(token_label="so-noi-vu").open(user_pin=PIN, rw=True) as session:
        for label, number, valid in (("con-dau", b"\x01", (-1, 30)), ("con-dau-het-han", b"\x02", (-30, -1))):
            public, _ = session.generate_keypair(pkcs11.KeyType.RSA, 2048, label=label, id=number, store=True)
            numbers = RSAPublicNumbers(int.from_bytes(public[pkcs11.Attribute.PUBLIC_EXPONENT], "big"),
                                       int.from_bytes(public[pkcs11.Attribute.MODULUS], "big"))
            certificate = ca.issue(AGENCY, numbers.public_key(), valid=valid)
            session.create_object({
                pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
                pkcs11.Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
                pkcs11.Attribute.TOKEN: True, pkcs11.Attribute.LABEL: label, pkcs11.Attribute.ID: number,
                pkcs11.Attribute.SUBJECT: certificate.subject.public_bytes(),
                pkcs11.Attribute.VALUE: certificate.public_bytes(serialization.Encoding.DER)})
    return {"--pkcs11-module": SOFTHSM, "--token": "so-noi-vu", "--key": "con-dau"}
