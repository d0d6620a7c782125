"""What making a document on the office server takes: the agency's profile (checked, completing
the data), the agency's own template or the built-in one, the PDF, refusing another agency's
header. The draft → signed → issued way is ``office.workflow``; apology runs are ``office.runs``."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from minutes_gen.errors import InputError, Problem
from minutes_gen.office.store import Agency, OfficeStore, Profile
from minutes_gen.runs.uploaded import private_file
from minutes_gen.vn.text import character_name, foreign_character, look_alike_key

SOURCE = "dữ liệu kiểm tra"
KIND_NAMES = {"minutes": "Biên bản kiểm tra", "notice": "Thông báo kết luận kiểm tra"}
# The documents of a case drafted from its page (``office.cases``) beyond the minutes and notices.
CASE_NAMES = {"plan": "Kế hoạch kiểm tra", "schedule": "Thông báo lịch kiểm tra", "report": "Báo cáo kết quả kiểm tra",
              "reminder": "Văn bản đôn đốc"}
HISTORY_NAMES = {**KIND_NAMES, **CASE_NAMES, "apology": "Phiếu xin lỗi (cả đợt, .zip)",
                 "outside": "Văn bản làm ngoài (chỉ lấy số)"}


@dataclass(frozen=True)
class Issued:
    document_id: int
    file_name: str
    number: str


@dataclass(frozen=True)
class Prepared:
    """What the văn thư's issuing of a signed document needs (``office.workflow``): the earliest day
    it may carry and what that day is, its number request, and how it is made again with its
    number and date (``make(number, day)``)."""

    earliest: dt.date
    earliest_name: str
    request: object
    make: Callable[[int, dt.date], bytes]


def profile_settings(profile_text: str, source: str = "hồ sơ cơ quan"):
    """The agency profile (an agency file, as ``minutes-gen init agency`` writes) checked; its
    problems as ``InputError``."""
    from minutes_gen.model.apology_settings import ApologySettings
    from minutes_gen.model.schema import build
    from minutes_gen.sources.yaml_source import parse_yaml

    settings, problems = build(ApologySettings, parse_yaml(profile_text, source))
    if problems:
        raise InputError(problems, headline="Hồ sơ cơ quan có lỗi")
    return settings


def profile_label(settings) -> str:
    """How a profile is listed: its signer, with the authority («KT. Giám đốc — Nguyễn Đình Tương»)."""
    signer = settings.signer
    return f"{signer.authority} — {signer.name}" if getattr(signer, "authority", None) else signer.name


def completed_from_profile(yaml_text: str, profile: Profile) -> str:
    """The data with ``issuing_body`` taken from the chosen profile when the data has none
    (the secretary does not retype the agency); the data's own ``issuing_body`` is kept."""
    from minutes_gen.sources.yaml_source import parse_yaml

    data = parse_yaml(yaml_text, SOURCE).data
    if not isinstance(data, dict) or "issuing_body" in data:
        return yaml_text
    agency = profile_settings(profile.profile).agency
    body = {"name": agency.name, "abbreviation": agency.abbreviation, "place": agency.place}
    if agency.parent:
        body["parent"] = agency.parent
    addition = yaml.safe_dump({"issuing_body": body}, allow_unicode=True, sort_keys=False)
    return yaml_text.rstrip("\n") + "\n\n# Cơ quan ban hành: theo hồ sơ cơ quan trên máy chủ\n" + addition


def render(office: OfficeStore, agency: Agency, kind: str, inspection, number: int | None) -> bytes:
    """The document's bytes, from the agency's own template when it has one for ``kind`` (rendered
    in a worker under the limits, as every custom template), else the built-in one."""
    from minutes_gen.runs.single import document_bytes
    from minutes_gen.vn.workdays import NATIONAL

    own = office.template(agency.id, kind)
    if own is None:
        return document_bytes(kind, inspection, NATIONAL, number=number)
    with private_file(own[1], "mau.docx", "mẫu riêng của cơ quan") as template:
        return document_bytes(kind, inspection, NATIONAL, number=number, template=template)


def check_template(kind: str, content: bytes) -> None:
    """``templates check`` on an uploaded template; ``InputError`` lists its problems."""
    from minutes_gen.engine.template_check import require_usable_template

    if kind not in KIND_NAMES:
        raise InputError([Problem("loại văn bản", "chưa chọn")])
    with private_file(content, "mau.docx", "tệp mẫu tải lên") as template:
        require_usable_template(template, kind)


def pdf_of(content: bytes) -> bytes:
    """The PDF of a .docx, made by LibreOffice as ``--pdf`` makes it; ``InputError`` when it cannot be."""
    from minutes_gen.engine.pdf import convert_to_pdf, require_soffice

    require_soffice()
    with private_file(content, "van-ban.docx", "văn bản vừa lập") as target:
        errors = convert_to_pdf([target])
        if errors:
            raise InputError([Problem("PDF", f"không tạo được PDF: {errors[target]}")])
        return target.with_suffix(".pdf").read_bytes()


BODY_FIELDS = ("name", "abbreviation", "parent")
BODY_PLACES = (("issuing_body",), ("notice", "issuing_body"))  # the header, and the notice's own header


def _bodies(data, places) -> list[tuple[tuple, dict]]:
    """Every issuing body the data names at ``places``, with where it stands."""
    found = []
    for place in places:
        node = data
        for step in place:
            node = node[step] if isinstance(node, list) and isinstance(step, int) and step < len(node) else (
                node.get(step) if isinstance(node, dict) else None)
        if isinstance(node, dict):
            found.append((place, node))
    return found


def _body_problem(field: str, value, others, own_parents: set[str]) -> str | None:
    """Why a name, abbreviation or parent of an issuing body cannot be used by this agency (a
    parent its own profiles name — the UBND above a Sở — may be an agency of the server too)."""
    text = str(value)
    foreign = foreign_character(text)
    if foreign is not None:
        return (f"có ký tự «{foreign}» ({character_name(foreign)}) không phải chữ tiếng Việt; tên cơ quan chỉ gồm "
                "chữ tiếng Việt, số và dấu câu (hãy gõ lại tên, đừng sao chép)")
    other = next((o for o in others if look_alike_key(text) in (look_alike_key(o.name), look_alike_key(o.abbreviation))),
                 None)
    if other is not None and not (field == "parent" and look_alike_key(text) in own_parents):
        return (f"«{text}» là cơ quan khác trên máy chủ ({other.name}); chỉ lập được văn bản của cơ quan mình: bỏ mục "
                "issuing_body để lấy theo hồ sơ cơ quan đã chọn")
    return None


def refuse_other_agencies(office: OfficeStore, agency: Agency, loaded, places=BODY_PLACES) -> None:
    """Data of ``agency`` whose issuing body (its name, abbreviation or parent, in the header or
    the notice's) is another agency of the server — written alike, whatever the case, marks,
    punctuation or Unicode look-alikes — is refused beside the field: a cán bộ issues for their
    own agency only (its own header, or a body of its own such as its inspection team).
    ``places``: where the data names bodies (a case names them in ``shared`` and each unit)."""
    others = [other for other in office.agencies() if other.id != agency.id]
    own_parents = {look_alike_key(profile_settings(p.profile).agency.parent or "") for p in office.profiles(agency.id)}
    problems = []
    for place, body in _bodies(loaded.data, places):
        for field in BODY_FIELDS:
            if field in body and (why := _body_problem(field, body[field], others, own_parents)) is not None:
                problems.append(loaded.problem((*place, field), why))
    if problems:
        raise InputError(problems)


APOLOGY_KIND = "apology"
