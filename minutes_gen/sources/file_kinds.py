"""What kind of YAML file the user gave: inspection data, a plan, an agency file, a calendar or
a column map, recognised by its top-level keys — so that a file given in the wrong place is
named in one line instead of a list of unknown fields."""

from minutes_gen.errors import InputError
from minutes_gen.sources.dossier_columns import COLUMNS as REGISTER_COLUMNS
from minutes_gen.sources.yaml_source import LoadedYaml

INSPECTION, PLAN, AGENCY, CALENDAR, COLUMNS, SIGNING = "minutes", "plan", "agency", "calendar", "columns", "signing"
CASE = "case"

# kind -> (what it is, where it is used)
LABELS = {
    INSPECTION: ("tệp dữ liệu kiểm tra một đơn vị", "minutes-gen render minutes|notice TỆP"),
    PLAN: ("kế hoạch kiểm tra nhiều đơn vị", "minutes-gen batch TỆP -o THƯ_MỤC"),
    CASE: ("hồ sơ một đợt kiểm tra (quyết định, kế hoạch, các đơn vị, báo cáo, theo dõi khắc phục)",
           "minutes-gen batch TỆP -o THƯ_MỤC; minutes-gen followup TỆP"),
    AGENCY: ("tệp cơ quan lập phiếu xin lỗi", "minutes-gen apology SỔ --agency TỆP -o THƯ_MỤC"),
    CALENDAR: ("lịch nghỉ, làm bù", "--calendar TỆP"),
    COLUMNS: ("bảng tên cột của sổ theo dõi hồ sơ", "--columns TỆP"),
    SIGNING: ("tệp ký số (ảnh chữ ký, con dấu và nơi giữ khóa)", "--pdf --sign person,agency --signing TỆP"),
}
_MARKS = {
    PLAN: {"units", "shared"},
    AGENCY: {"agency", "type_code", "extend_days", "default_reason", "contact"},
    CALENDAR: {"days_off", "working_days"},
    INSPECTION: {"issuing_body", "decision", "team", "unit", "meeting", "scope", "achievements", "shortcomings",
                 "requests", "statistics", "remediation", "minutes", "notice"},
}


def detect_kind(data: dict) -> str | None:
    """The kind whose distinctive keys the mapping has most of; None when none fits."""
    keys = {str(key) for key in data}
    if keys and keys <= set(REGISTER_COLUMNS):
        return COLUMNS
    if keys and keys <= {"person", "agency"} and all(isinstance(data[key], dict) and "image" in data[key] for key in keys):
        return SIGNING  # the agency file also has «agency:», but never an «image» in it
    if "case" in keys and "units" in keys:
        return CASE  # a plan with the documents of the whole case
    scores = {kind: len(keys & marks) for kind, marks in _MARKS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] else None


def require_kind(loaded: LoadedYaml, expected: str) -> None:
    """Raise a one-line ``InputError`` when ``loaded`` is plainly another kind of file."""
    found = detect_kind(loaded.data) if isinstance(loaded.data, dict) else None
    if found is None or found == expected:
        return
    what, usage = LABELS[found]
    raise InputError([loaded.problem((), f"đây là {what} (dùng với: {usage}), không phải {LABELS[expected][0]}")],
                     headline="Nhầm loại tệp")
