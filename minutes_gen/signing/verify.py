"""What each signature of a PDF says: who signed, when, whether the file was changed after it
(other than by later signatures), and whether its certificate chains to a trusted root."""

import io
from dataclasses import dataclass
from pathlib import Path

from minutes_gen.errors import InputError, Problem, explain_os_error
from minutes_gen.signing.stamp import VIETNAM


@dataclass(frozen=True)
class Report:
    """One signature's verdict, in the words the command prints."""

    field: str
    signer: str
    signed_at: str
    intact: bool
    changed_after: bool
    trusted: bool | None  # None: no root given, trust not checked

    @property
    def good(self) -> bool:
        return self.intact and not self.changed_after and self.trusted is not False


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


def verify_pdf(path: Path, roots: list) -> list[Report]:
    """A report per signature of ``path`` (empty when it has none)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(Path(path).read_bytes()))
        signatures = list(reader.embedded_signatures)
    except OSError as error:
        raise InputError([Problem(str(path), f"không đọc được tệp ({explain_os_error(error)})")]) from None
    except Exception:  # whatever pypdf-like reader fails on: not a PDF it can read
        raise InputError([Problem(str(path), "không phải tệp PDF đọc được")]) from None
    reports = []
    for signature in signatures:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        try:
            status = validate_pdf_signature(signature, context)
            intact = bool(status.intact and status.valid)
            level = status.modification_level
            # after a signature, only later signatures may follow, with what they add (the agency's
            # marks on appendix pages are annotations): covered by those signatures, not a change
            allowed = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING) + \
                ((ModificationLevel.ANNOTATIONS,) if signature is not signatures[-1] else ())
            changed = level is None or level not in allowed
            if signature is signatures[-1] and status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
                changed = True  # bytes after the last signature: something was added to the file
            trusted = bool(status.trusted) if roots else None
            when = status.signer_reported_dt
        except Exception:  # a signature pyHanko cannot even read is a broken signature
            intact, changed, trusted, when = False, True, (False if roots else None), None
        name = signature.signer_cert.subject.native.get("common_name", "?") if signature.signer_cert else "?"
        shown = when.astimezone(VIETNAM).isoformat() if when else "không rõ"
        reports.append(Report(signature.field_name, name, shown, intact, changed, trusted))
    return reports
