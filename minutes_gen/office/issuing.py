"""Issuing a document on the office server: the secretary's data, completed from the agency's
profile, checked exactly as ``minutes-gen validate`` does, numbered from the shared register,
rendered by the command line's own pipeline, and kept with its history."""

import datetime as dt
from dataclasses import dataclass

import yaml

from minutes_gen.errors import InputError, Problem
from minutes_gen.office.store import Agency, OfficeStore, User

SOURCE = "dữ liệu kiểm tra"
KIND_NAMES = {"minutes": "Biên bản kiểm tra", "notice": "Thông báo kết luận kiểm tra"}


@dataclass(frozen=True)
class Issued:
    document_id: int
    file_name: str
    number: str


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


def completed_from_profile(yaml_text: str, agency: Agency) -> str:
    """The data with ``issuing_body`` taken from the agency's profile when the data has none
    (the secretary does not retype the agency); the data's own ``issuing_body`` is kept."""
    from minutes_gen.sources.yaml_source import parse_yaml

    data = parse_yaml(yaml_text, SOURCE).data
    if not isinstance(data, dict) or "issuing_body" in data:
        return yaml_text
    profile = profile_settings(agency.profile).agency
    body = {"name": profile.name, "abbreviation": profile.abbreviation, "place": profile.place}
    if profile.parent:
        body["parent"] = profile.parent
    addition = yaml.safe_dump({"issuing_body": body}, allow_unicode=True, sort_keys=False)
    return yaml_text.rstrip("\n") + "\n\n# Cơ quan ban hành: theo hồ sơ cơ quan trên máy chủ\n" + addition


def issue(office: OfficeStore, db_url: str, user: User, agency: Agency, kind: str, yaml_text: str,
          numbered: bool) -> Issued:
    """Check, number, render and keep one document; ``InputError`` lists every problem (nothing
    is numbered or kept then)."""
    from minutes_gen.documents import KINDS
    from minutes_gen.model.checks import check_notice_date
    from minutes_gen.model.loading import inspection_from
    from minutes_gen.numbering import document_request
    from minutes_gen.register import open_register
    from minutes_gen.runs.single import document_bytes
    from minutes_gen.sources.yaml_source import parse_yaml
    from minutes_gen.vn.workdays import NATIONAL

    if kind not in KIND_NAMES:
        raise InputError([Problem(SOURCE, "chưa chọn loại văn bản")])
    text = completed_from_profile(yaml_text, agency)
    loaded = inspection_from(parse_yaml(text, SOURCE))
    inspection = loaded.inspection
    if kind == "notice":
        errors, _ = check_notice_date(inspection, SOURCE, None, dt.date.today())
        if errors:
            raise InputError(errors)
    module = KINDS[kind].module
    register, issued = None, None
    if numbered:
        register = open_register(db_url)
        (issued,) = register.allocate([document_request(KINDS[kind], inspection)])
    try:
        content = document_bytes(kind, inspection, NATIONAL, number=issued.number if issued else None)
        file_name = f"{module.output_name(inspection)}.docx"
        document_id = office.add_document(agency.id, kind, inspection.unit.name, issued.text if issued else "",
                                          issued.id if issued else None,
                                          module.document_date(inspection, None).isoformat(), file_name, content,
                                          text, user.id)
        if register is not None:
            from minutes_gen.runs.manifest import sha256

            register.attach(issued, f"office:{document_id}", sha256(content))
    finally:
        if register is not None:
            register.close()
    return Issued(document_id, file_name, issued.text if issued else "")
