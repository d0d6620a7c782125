"""What each signature of a PDF says: who signed, when, whether its bytes are the signed ones
(the signature itself broken, or the signed content changed), whether the file was changed after
it (other than by later signatures), what is wrong with the signer's certificate at the signing
time, and whether it chains to a trusted root; and what the PDF would run on its own."""

import io
from dataclasses import dataclass
from pathlib import Path

from minutes_gen.errors import InputError, Problem, explain_os_error
from minutes_gen.signing.stamp import VIETNAM

INTACT, CHANGED, DAMAGED, UNREADABLE = "intact", "changed", "damaged", "unreadable"
_INTEGRITY_WORDS = {
    INTACT: "còn nguyên vẹn",
    CHANGED: "KHÔNG còn nguyên vẹn: nội dung đã ký bị thay đổi sau khi ký",
    DAMAGED: "chữ ký bị hỏng: dữ liệu chữ ký bị sửa hoặc hỏng, không khớp về mật mã với chứng thư",
    UNREADABLE: "chữ ký bị hỏng: không đọc được dữ liệu chữ ký",
}
UNCHECKED = "chưa kiểm tra độ tin cậy (không có --trust)"


@dataclass(frozen=True)
class Report:
    """One signature's verdict."""

    field: str
    signer: str
    signed_at: str
    integrity: str  # INTACT, CHANGED (the signed bytes), DAMAGED (the signature), UNREADABLE
    changed_after: bool
    certificate: str  # what is wrong with the signer's certificate at the signing time, or ""
    trusted: bool | None  # None: no root given, trust not checked

    @property
    def good(self) -> bool:
        return self.integrity == INTACT and not self.changed_after and not self.certificate and self.trusted is not False

    @property
    def verdict(self) -> str:
        """The words the command prints: the bytes, then the certificate."""
        state = _INTEGRITY_WORDS[self.integrity]
        if self.integrity == INTACT and self.changed_after:
            state += " nhưng tệp đã bị sửa sau khi ký (có phần thêm vào không phải chữ ký)"
        return f"{state}; {self._certificate_words()}"

    def _certificate_words(self) -> str:
        problem = self.certificate
        if self.integrity == UNREADABLE:
            return "không kiểm tra được chứng thư"
        if self.trusted is None:
            return f"chứng thư {problem}; {UNCHECKED}" if problem else UNCHECKED
        if self.trusted:
            return f"chứng thư dẫn tới gốc tin cậy nhưng {problem}" if problem else "chứng thư tin cậy"
        return f"chứng thư {problem} và KHÔNG dẫn tới gốc tin cậy" if problem else "chứng thư KHÔNG dẫn tới gốc tin cậy"


@dataclass(frozen=True)
class Verdict:
    """A PDF's signatures, in signing order, and what it would run by itself (Vietnamese)."""

    signatures: list[Report]
    active: list[str]


def load_roots(paths: list[Path]):
    """Trust roots from PEM or DER certificate files."""
    from asn1crypto import pem, x509

    roots = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise InputError([Problem(str(path), f"không đọc được tệp chứng thư ({explain_os_error(error)})")]) from None
        blobs = [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
        try:
            roots += [x509.Certificate.load(blob) for blob in blobs]
        except ValueError:
            raise InputError([Problem(str(path), "không phải chứng thư số (PEM hoặc DER)")]) from None
    return roots


def verify_pdf(path: Path, roots: list) -> Verdict:
    """The verdict on ``path`` (no report when it has no signature)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    try:
        reader = PdfFileReader(io.BytesIO(Path(path).read_bytes()))
        fields = sorted(((name, field) for name, _, field in enumerate_sig_fields(reader, filled_status=True)),
                        key=lambda pair: _signing_order(pair[1]))
        active = active_content(reader)
    except OSError as error:
        raise InputError([Problem(str(path), f"không đọc được tệp ({explain_os_error(error)})")]) from None
    except Exception:  # whatever the PDF reader fails on: not a PDF it can read
        raise InputError([Problem(str(path), "không phải tệp PDF đọc được")]) from None
    reports = [_report(reader, name, field, roots, number == len(fields)) for number, (name, field)
               in enumerate(fields, start=1)]
    return Verdict(reports, active)


def _signing_order(field) -> int:
    """Where a signature's /Contents starts: later signatures sign longer files (signing order)."""
    try:
        return int(field.get_object()["/V"]["/ByteRange"][1])
    except Exception:  # no readable /ByteRange: a broken signature, listed first
        return 0


def _report(reader, name: str, field, roots: list, last: bool) -> Report:
    """The verdict on the signature in ``field``; ``last``: the file's last signature."""
    import datetime as dt

    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
    from pyhanko_certvalidator import ValidationContext

    from minutes_gen.signing.certificate import usage_problem, validity_problem

    try:
        signature = EmbeddedPdfSignature(reader, field, name)
        certificate = signature.signer_cert
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=roots, allow_fetching=False))
    except Exception:  # a signature pyHanko cannot even read is a broken signature
        return Report(name, "?", "không rõ", UNREADABLE, False, "", None)
    integrity = DAMAGED if not status.valid else CHANGED if not status.intact else INTACT
    when = signature.self_reported_timestamp
    at = when or dt.datetime.now(dt.timezone.utc)
    validity = validity_problem(certificate, at)
    problem = " và ".join(filter(None, [validity and f"lúc ký {validity}", usage_problem(certificate)]))
    trusted = _chains_to_roots(signature, roots, at) if roots else None
    shown = when.astimezone(VIETNAM).isoformat() if when else "không rõ"
    return Report(name, certificate.subject.native.get("common_name", "?"), shown, integrity,
                  _changed_after(status, last), problem, trusted)


def _changed_after(status, last: bool) -> bool:
    """Whether the file was changed after the signature by more than later signatures add (the
    agency's marks on appendix pages are annotations, covered by the signatures after them)."""
    from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel

    allowed = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING) + \
        (() if last else (ModificationLevel.ANNOTATIONS,))
    if last and status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return True  # bytes after the last signature: something was added to the file
    return status.modification_level not in allowed


def _chains_to_roots(signature, roots: list, at) -> bool:
    """Whether the signer's certificate chains to one of ``roots``, whatever the file's bytes:
    judged at ``at``, brought within the certificate's own dates (those are told apart, by
    ``certificate.validity_problem``)."""
    import asyncio

    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator.errors import PathError, ValidationError

    certificate = signature.signer_cert
    moment = min(max(at, certificate.not_valid_before), certificate.not_valid_after)
    context = ValidationContext(trust_roots=roots, allow_fetching=False, moment=moment)
    validator = CertificateValidator(certificate, intermediate_certs=signature.other_embedded_certs,
                                     validation_context=context)
    try:
        asyncio.run(validator.async_validate_path())
    except (PathError, ValidationError):
        return False
    return True


def _keys_in(start) -> set[str]:
    """Every dictionary key reachable from ``start`` (each indirect object visited once)."""
    from pyhanko.pdf_utils import generic

    seen, keys, todo = set(), set(), [start]
    while todo:
        item = todo.pop()
        if isinstance(item, generic.IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, generic.DictionaryObject):
            keys.update(item)
            todo += [item.raw_get(key) for key in item]
        elif isinstance(item, generic.ArrayObject):
            todo += list(item)
    return keys


def _entry(dictionary, key: str):
    """``dictionary[key]``, resolved (pyHanko's ``get`` leaves an indirect object as it is), or None."""
    return dictionary[key] if key in dictionary else None


def active_content(reader) -> list[str]:
    """What a PDF would run by itself: JavaScript (/JS, the /JavaScript name tree), automatic
    actions (/AA), an /OpenAction other than showing a page (LibreOffice's opens page 1)."""
    from pyhanko.pdf_utils import generic

    root = reader.root
    found, keys = [], _keys_in(reader.trailer.raw_get("/Root"))
    names, opening = _entry(root, "/Names"), _entry(root, "/OpenAction")
    if isinstance(names, generic.DictionaryObject) and "/JavaScript" in names:
        found.append("mã JavaScript trong danh mục tên (/Names /JavaScript)")
    if isinstance(opening, generic.DictionaryObject) and _entry(opening, "/S") != "/GoTo":
        kind = _entry(opening, "/S")
        found.append(f"hành động tự chạy khi mở tệp (/OpenAction{f' {kind}' if kind else ''})")
    if "/JS" in keys:
        found.append("mã JavaScript (/JS)")
    if "/AA" in keys:
        found.append("hành động tự chạy khi xem trang hay điền biểu mẫu (/AA)")
    return found
