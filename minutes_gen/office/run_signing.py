"""Digital signatures on the letters of an issued apology run (``office.signing`` signs one
document): the người ký signs every letter at once with their own PKCS#12, then the văn thư seals
every letter. The signed letters are kept as ONE .zip of PDFs (each named as its letter's .docx,
``.pdf``) in ``signed_pdfs`` under the run's id; each signing keeps every letter or none."""

import hashlib
import io
import tempfile
import zipfile
from pathlib import Path

from minutes_gen.errors import InputError, Problem
from minutes_gen.office.issuing import APOLOGY_KIND, profile_settings
from minutes_gen.office.store import ISSUED, Agency, OfficeStore, User
from minutes_gen.signing.stamp import FIELDS

WHERE = "ký số đợt phiếu"


def _letters(office: OfficeStore, agency_id: int, stored) -> dict:
    """The run's record of its letters (``run_letters``), once it may be signed; ``InputError`` otherwise."""
    from minutes_gen.sources.limits import limits

    if stored.kind != APOLOGY_KIND:
        raise InputError([Problem(WHERE, "văn bản này không phải đợt phiếu xin lỗi")])
    if stored.status != ISSUED:
        raise InputError([Problem(WHERE, "chỉ ký số đợt phiếu đã được văn thư cấp số và ngày ban hành")])
    record = office.run_letters(agency_id, stored.id)
    if record is None or not record["letters"]:
        raise InputError([Problem(WHERE, "đợt này lập trước khi máy chủ ký số được đợt phiếu, hoặc không có phiếu nào")])
    if len(record["letters"]) > limits().server_letters:
        raise InputError([Problem(WHERE, f"đợt có {len(record['letters'])} phiếu, quá {limits().server_letters} phiếu "
                                         "máy chủ ký một lần")])
    return record


def pdf_name(letter_file: str) -> str:
    """The name of a letter's signed PDF in the kept .zip."""
    return Path(letter_file).with_suffix(".pdf").name


def _shown(entry: dict) -> str:
    return f"phiếu {entry['code']} ({entry['file']})"


def _made_pdfs(archive: bytes, entries: list[dict], folder: Path) -> list[Path]:
    """Each letter's PDF, made by LibreOffice from its .docx in the run's .zip, all at once."""
    from minutes_gen.engine.pdf import convert_to_pdf, require_soffice

    require_soffice()
    with zipfile.ZipFile(io.BytesIO(archive)) as packed:
        docx = [folder / Path(entry["file"]).name for entry in entries]
        for path, entry in zip(docx, entries):
            path.write_bytes(packed.read(entry["file"]))
    errors = convert_to_pdf(docx)
    failed = [(entry, errors[path]) for path, entry in zip(docx, entries) if path in errors]
    if failed:
        raise InputError([Problem(_shown(failed[0][0]), f"không tạo được PDF: {failed[0][1]}; không phiếu nào được ký")])
    return [path.with_suffix(".pdf") for path in docx]


def _kept_pdfs(kept: bytes, entries: list[dict], folder: Path) -> list[Path]:
    """Each letter's signed PDF, taken out of the kept .zip."""
    with zipfile.ZipFile(io.BytesIO(kept)) as packed:
        paths = [folder / pdf_name(entry["file"]) for entry in entries]
        for path in paths:
            path.write_bytes(packed.read(path.name))
    return paths


def _packed(paths: list[Path]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in paths:
            archive.write(path, path.name)
    return out.getvalue()


def sign_run(office: OfficeStore, agency: Agency, user: User, found: tuple, role: str, signer, image: bytes) -> int:
    """Add ``role``'s signature (``signer``, showing ``image``) to every letter of the issued run
    ``found`` (``OfficeStore.document``): the person to the letters' PDFs made now, the agency to
    the person's signed letters — the stamp prepared once, the name signed over the profile's
    signer. A letter that fails is named and nothing is kept. Returns how many were signed."""
    from minutes_gen.signing.run import AGENCY_AFTER_PERSON, sign_files
    from minutes_gen.signing.stamp import Appearance, prepare_stamp

    stored, archive, _ = found
    record = _letters(office, agency.id, stored)
    kept = office.signed_pdf(agency.id, stored.id)
    if role == "agency" and kept is None:
        raise InputError([Problem(WHERE, AGENCY_AFTER_PERSON)])
    entries = record["letters"]
    with tempfile.TemporaryDirectory(prefix="minutes-gen-run-sign-") as folder:
        folder = Path(folder)
        letters = folder / "phieu"
        letters.mkdir()
        pdfs = _kept_pdfs(kept.pdf, entries, letters) if kept else _made_pdfs(archive, entries, letters)
        picture = folder / "anh.png"
        picture.write_bytes(image)
        stamp = prepare_stamp(role, signer, Appearance(picture, agency.name if role == "agency" else None))
        results = sign_files(pdfs, [stamp], profile_settings(record["profile"]).signer.name, force=False)
        failed = [(entry, results[path][1]) for path, entry in zip(pdfs, entries) if results[path][1]]
        if failed:
            entry, reason = failed[0]
            more = f" (và {len(failed) - 1} phiếu khác)" if len(failed) > 1 else ""
            raise InputError([Problem(_shown(entry), f"{reason}{more}; không phiếu nào được ký")])
        signed = _packed(pdfs)
    office.save_signed(agency.id, stored.id, role, signed, user.id, kept.sha256 if kept else None)
    return len(pdfs)


def sealed_letters(office: OfficeStore, agency_id: int, document_id: int) -> bytes | None:
    """The .zip of the run's letters signed by the person and sealed (None: not both yet)."""
    kept = office.signed_pdf(agency_id, document_id)
    return kept.pdf if kept and kept.person_at and kept.agency_at else None


def run_verification(office: OfficeStore, agency_id: int, document_id: int, known: dict | None = None) -> dict | None:
    """What ``verify`` says of each kept signed letter of a run: how many carry every signature
    given so far, intact (``good``), of how many (``total``), the others with why (``bad``:
    (letter file, words)), and who signed when; None when the run is not signed. ``known``
    keeps each run's answer for the same kept bytes and trusted roots (verifying is slow)."""
    kept = office.signed_pdf(agency_id, document_id)
    record = office.run_letters(agency_id, document_id)
    if kept is None or record is None:
        return None
    stamp = (hashlib.sha256(kept.pdf).hexdigest(), office.trust_roots())
    if known is not None and known.get(document_id, (None,))[0] == stamp:
        return known[document_id][1]
    wanted = {FIELDS["person"]} | ({FIELDS["agency"]} if kept.agency_at else set())
    bad = _not_good(kept.pdf, record["letters"], stamp[1], wanted)
    answer = {"total": len(record["letters"]), "good": len(record["letters"]) - len(bad), "bad": bad,
              "sealed": bool(kept.agency_at), "person_by": kept.person_by, "person_at": kept.person_at,
              "agency_by": kept.agency_by, "agency_at": kept.agency_at}
    if known is not None:
        known[document_id] = (stamp, answer)
    return answer


def _not_good(kept: bytes, entries: list[dict], roots_pem: str, wanted: set[str]) -> list[tuple[str, str]]:
    """The letters of the kept .zip lacking a ``wanted`` signature or with one not good, with why."""
    from minutes_gen.signing.verify import load_roots, verify_pdf

    bad = []
    with tempfile.TemporaryDirectory(prefix="minutes-gen-run-verify-") as folder:
        roots = []
        if roots_pem:
            (Path(folder) / "goc.pem").write_text(roots_pem, encoding="ascii")
            roots = load_roots([Path(folder) / "goc.pem"])
        for path, entry in zip(_kept_pdfs(kept, entries, Path(folder)), entries):
            reports = verify_pdf(path, roots).signatures
            wrong = [report.verdict for report in reports if not report.good]
            if wrong or not wanted <= {report.field for report in reports}:
                bad.append((entry["file"], wrong[0] if wrong else "thiếu chữ ký"))
    return bad
