"""Pieces every document of a case shares: who signs for the team, how a document cites the
decision and the plan, the numbers already issued in the case, a table's row numbers."""

import datetime as dt

from minutes_gen.documents.common import number_symbol, recipients
from minutes_gen.documents.notice import default_signer, signer_lines
from minutes_gen.documents.common import as_plain
from minutes_gen.vn.dates import long_date
from minutes_gen.vn.text import slugify


def signing(case, signer) -> dict:
    """The signature block of a document issued by the team (``signer`` or the team head)."""
    chosen = signer or default_signer(case.first)
    return {"signer_lines": signer_lines(chosen), "signer": as_plain(chosen)}


def chosen_signer(case, signer):
    """Who signs a team document."""
    return signer or default_signer(case.first)


def ending(lines: list[str], archive: str | None, case) -> dict:
    """Nơi nhận of a team document."""
    return {"recipients": recipients(lines, archive or case.first.issuing_body.abbreviation)}


def decision_reference(inspection) -> str:
    """``Quyết định số 452/QĐ-UBND ngày 04 tháng 3 năm 2024 của Chủ tịch … về việc …``."""
    decision = inspection.decision
    subject = f" {decision.subject}" if decision.subject else ""
    return f"Quyết định số {decision.number} {long_date(decision.date)} của {decision.issuer}{subject}"


def issued_text(case, issued: dict | None, key: str, type_code: str, number: int | None = None) -> str:
    """The number of a document of the case as later documents cite it (``05/KH-ĐKT``): issued
    in this run, else written in the data, else blank."""
    if issued and key in issued:
        return issued[key]
    shown = number_symbol(number, type_code, case.first.issuing_body.abbreviation)
    return shown if number is not None else ""


def plan_reference(case, issued: dict | None) -> str:
    """``Kế hoạch số 05/KH-ĐKT ngày 11 tháng 3 năm 2024 của Đoàn kiểm tra``."""
    plan = case.documents.plan
    number = issued_text(case, issued, "plan", "KH", plan.number)
    shown = f"số {number} " if number else ""
    return f"Kế hoạch {shown}{long_date(plan.date)} của {case.first.team.name}"


def indexed(rows: list[dict]) -> list[dict]:
    """Rows of a table numbered 1, 2, … in the ``index`` column."""
    return [{"index": str(i), **row} for i, row in enumerate(rows, start=1)]


def case_file_stem(prefix: str, case) -> str:
    """``ke-hoach-kiem-tra-cong-tac-cai-cach-hanh-chinh-nam-2024``."""
    return f"{prefix}-{slugify(case.first.subject)}"


def day_of(value: dt.date | None, today: dt.date | None) -> dt.date:
    return value or today or dt.date.today()
