"""Digital signatures from the office server, as the command line signs (``signing``), on the PDF
of an ISSUED document (the văn thư has given its number and date; the PDF is made then if it was
not kept): the person who signs (role «người ký») uploads their own PKCS#12 for that one request —
held in memory, never kept — and signs first; then the văn thư applies the agency's seal, whose key
the administrator set on the server (a PKCS#12 or a PKCS#11 token, kept sealed:
``storage.sealed``). Every signature is one incremental update of the kept signed PDF."""

import contextlib
from dataclasses import dataclass
from pathlib import Path

from minutes_gen.errors import InputError, Problem
from minutes_gen.office.issuing import KIND_NAMES, SOURCE, pdf_of
from minutes_gen.office.store import ISSUED, Agency, OfficeStore, StoredDocument, User
from minutes_gen.office.store.keys import SealKey
from minutes_gen.runs.uploaded import private_file
from minutes_gen.storage.sealed import seal, unseal

PERSON_KEY = "tệp khóa PKCS#12 của người ký"
SEAL_KEY = "khóa con dấu của cơ quan"
MODULE_SUFFIXES = (".so", ".dll", ".dylib")


@dataclass(frozen=True)
class SealUpload:
    """What the administrator sends for an agency's seal: a PKCS#12 (``p12``) or a token
    (``module``, ``token``, ``key``), its password or PIN, the seal image (PNG)."""

    p12: bytes | None
    module: str
    token: str
    key: str
    secret: str
    image: bytes


def _purposes(agency_id: int) -> tuple[str, str]:
    """What the seal's key and its secret are sealed for (moved to another agency, they do not open)."""
    return f"seal-p12:{agency_id}", f"seal-secret:{agency_id}"


def _token_source(module: str, token: str, key: str):
    """The ``KeySource`` of a token, its module an existing library outside the temporary folder
    (where uploads pass) — loading a PKCS#11 module runs its code in the server."""
    import tempfile

    from minutes_gen.signing.keys import KeySource

    path = Path(module.strip())
    temporary = Path(tempfile.gettempdir()).resolve()
    if (not path.is_absolute() or path.suffix not in MODULE_SUFFIXES or not path.is_file()
            or path.resolve().is_relative_to(temporary)):
        raise InputError([Problem("thư viện PKCS#11", "ghi đường dẫn đầy đủ tới thư viện của thiết bị ký số đã cài "
                                                      "trên máy chủ (tệp .so/.dll), ví dụ /usr/lib/softhsm/libsofthsm2.so")])
    if not token.strip() or not key.strip():
        raise InputError([Problem("thiết bị ký số", "cần cả nhãn thiết bị (token) và nhãn khóa")])
    return KeySource(module=path, token=token.strip(), key=key.strip())


@contextlib.contextmanager
def _opened(p12: bytes | None, source, secret: str, where: str):
    """The signer of a PKCS#12's bytes, or of a token's ``source``, its certificate checked."""
    from minutes_gen.signing.keys import opened_signer, pkcs12_signer

    if p12 is not None:
        yield pkcs12_signer(p12, secret, where)
        return
    with opened_signer(source, secret=secret) as signer:
        yield signer


def checked_seal(agency_id: int, upload: SealUpload) -> SealKey:
    """The seal ``upload`` describes, sealed for keeping, once it opens and its certificate can
    sign now and its image reads; ``InputError`` otherwise (nothing to keep then)."""
    from minutes_gen.signing.stamp import prepared_image

    key_purpose, secret_purpose = _purposes(agency_id)
    sealed_secret = seal(upload.secret.encode("utf-8"), secret_purpose)  # no server key: said here, first
    source = None if upload.p12 is not None else _token_source(upload.module, upload.token, upload.key)
    with _opened(upload.p12, source, upload.secret, SEAL_KEY) as signer:
        certificate = signer.signing_cert
    with private_file(upload.image, "con-dau.png", "ảnh con dấu") as image:
        prepared_image(image)
    return SealKey(agency_id, seal(upload.p12, key_purpose) if upload.p12 is not None else None,
                   str(source.module) if source else None, source.token if source else None,
                   source.key if source else None, sealed_secret, upload.image,
                   certificate.subject.native.get("common_name", "?"), certificate.not_valid_after.isoformat())


@contextlib.contextmanager
def opened_seal(key: SealKey):
    """The signer of the agency's kept seal (opened for one request; the token's session closed after)."""
    key_purpose, secret_purpose = _purposes(key.agency_id)
    secret = unseal(key.secret, secret_purpose).decode("utf-8")
    source = _token_source(key.module, key.token or "", key.key_label or "") if key.on_token else None
    with _opened(None if key.on_token else unseal(key.p12, key_purpose), source, secret, SEAL_KEY) as signer:
        yield signer


def printed_signer(kind: str, yaml_text: str) -> str:
    """The signer's name as the document prints it (where the signatures go)."""
    from minutes_gen.documents import KINDS
    from minutes_gen.model.loading import inspection_from
    from minutes_gen.sources.yaml_source import parse_yaml

    return KINDS[kind].module.signer_name(inspection_from(parse_yaml(yaml_text, SOURCE)).inspection)


def refuse_unsignable(stored: StoredDocument) -> None:
    """Only an issued minutes or notice is signed here (an apology run's letters: ``run_signing``)."""
    if stored.kind not in KIND_NAMES:
        raise InputError([Problem("ký số", "ở đây ký số từng biên bản, thông báo kết luận; phiếu xin lỗi được ký cả "
                                           "đợt, ở mục «Ký số cả đợt» trên trang của đợt")])
    if stored.status != ISSUED:
        raise InputError([Problem("ký số", "chỉ ký số văn bản đã được văn thư cấp số và ngày ban hành")])


def sign_document(office: OfficeStore, agency: Agency, user: User, found: tuple, role: str, signer,
                  image: bytes) -> None:
    """Add ``role``'s signature (``signer``, showing ``image``) to the document ``found``
    (``OfficeStore.document``): to its kept signed PDF, else to its issued PDF — the person
    before the agency and never twice, as ``signing.run.sign_one`` rules."""
    from minutes_gen.signing.run import sign_one
    from minutes_gen.signing.stamp import Appearance, prepare_stamp

    stored, content, yaml_text = found
    refuse_unsignable(stored)
    kept = office.signed_pdf(agency.id, stored.id)
    base = kept.pdf if kept else (office.pdf(agency.id, stored.id) or pdf_of(content))
    with private_file(base, "van-ban.pdf", "văn bản") as path:
        picture = path.with_name("anh.png")
        picture.write_bytes(image)
        stamp = prepare_stamp(role, signer, Appearance(picture, agency.name if role == "agency" else None))
        _, reason = sign_one(path, [stamp], printed_signer(stored.kind, yaml_text), force=False)
        if reason:
            raise InputError([Problem("ký số", reason)])
        signed = path.read_bytes()
    office.save_signed(agency.id, stored.id, role, signed, user.id, kept.sha256 if kept else None)


def verification(office: OfficeStore, agency_id: int, document_id: int):
    """What ``minutes-gen verify`` says of the kept signed PDF (``signing.verify.Verdict``),
    against the roots the administrator set; None when the document is not signed."""
    from minutes_gen.signing.verify import load_roots, verify_pdf

    kept = office.signed_pdf(agency_id, document_id)
    if kept is None:
        return None
    pem = office.trust_roots()
    with private_file(kept.pdf, "da-ky.pdf", "bản đã ký") as path:
        roots = []
        if pem:
            path.with_name("goc.pem").write_text(pem, encoding="ascii")
            roots = load_roots([path.with_name("goc.pem")])
        return verify_pdf(path, roots)


def checked_roots(data: bytes) -> str:
    """Uploaded trust roots (PEM or DER) as PEM text to keep; ``InputError`` when none reads."""
    from asn1crypto import pem

    from minutes_gen.signing.verify import load_roots

    with private_file(data, "goc.pem", "tệp chứng thư gốc") as path:
        roots = load_roots([path])
    return "".join(pem.armor("CERTIFICATE", root.dump()).decode("ascii") for root in roots)
