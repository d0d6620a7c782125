"""The fields each document kind offers its template, found from a context built on sample
data (the starter file, a made-up dossier), so the list never drifts from the builders."""

import datetime as dt
from functools import lru_cache
from importlib import resources

ITEM = "[]"  # the element of a list, in field paths: team_people[]


def sample_context(kind: str) -> dict:
    """A context of ``kind`` built by its own builder from sample data."""
    from minutes_gen.documents import KINDS
    from minutes_gen.vn.workdays import NATIONAL

    if kind == "apology":
        return _apology_context()
    if kind not in KINDS:
        return _case_context(kind)
    from minutes_gen.model.loading import inspection_from
    from minutes_gen.sources.yaml_source import parse_yaml

    text = resources.files("minutes_gen").joinpath("starters", "minutes.yaml").read_text("utf-8")
    inspection = inspection_from(parse_yaml(text, "starter"), allow_placeholders=True).inspection
    return KINDS[kind].module.build_context(inspection, NATIONAL, number=1, today=dt.date(2024, 5, 2))


def _case_context(kind: str) -> dict:
    """A context of a case's own kind, from the case starter."""
    from minutes_gen.documents import TEMPLATE_KINDS
    from minutes_gen.model.case_loading import case_from
    from minutes_gen.model.followup import case_tracking
    from minutes_gen.sources.yaml_source import parse_yaml
    from minutes_gen.vn.workdays import NATIONAL

    text = resources.files("minutes_gen").joinpath("starters", "case.yaml").read_text("utf-8")
    case = case_from(parse_yaml(text, "starter"), allow_placeholders=True)
    today, unit = dt.date(2024, 7, 15), case.units[0]
    extra = {"tracking": case_tracking(case, NATIONAL, today)[0]} if kind == "reminder" else {}
    return TEMPLATE_KINDS[kind].module.build_context(case, NATIONAL, number=1, today=today, unit=unit, **extra)


def _apology_context() -> dict:
    from minutes_gen.documents import apology
    from minutes_gen.model.apology_settings import ApologySettings
    from minutes_gen.model.dossier import Dossier
    from minutes_gen.model.people import Agency, Signer
    from minutes_gen.model.overdue import judge
    from minutes_gen.vn.workdays import NATIONAL

    settings = ApologySettings(Agency("Sở A", "SA", "Tỉnh", "UBND tỉnh"), Signer("Tên", "Phó Giám đốc", "KT. Giám đốc"),
                               recipients=["Nơi nhận"], contact="Liên hệ")
    dossier = Dossier(row=2, code="HS-1", applicant="Nguyễn Văn A", procedure="Thủ tục", received=dt.date(2024, 5, 2),
                      due=dt.date(2024, 5, 9), gender="Nam", address="Địa chỉ", phone="0", email="a@b", field="Lĩnh vực",
                      channel="Trực tiếp", reason="Lý do")
    as_of = dt.date(2024, 5, 13)
    return apology.build_context(dossier, judge(dossier, as_of, NATIONAL), settings, NATIONAL, issued=as_of, number=1)


def shape_of(value):
    """The shape of a context: dict -> {key: shape}; list -> {ITEM: element shape}; else None."""
    if isinstance(value, dict):
        return {key: shape_of(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        merged: dict = {}
        for item in value:
            item_shape = shape_of(item)
            if isinstance(item_shape, dict):
                merged.update(item_shape)
        return {ITEM: merged or None}
    return None


@lru_cache(maxsize=None)
def kind_shape(kind: str) -> dict:
    """The shape of everything ``kind`` offers its template."""
    return shape_of(sample_context(kind))
