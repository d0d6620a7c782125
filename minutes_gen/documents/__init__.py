"""Document kinds: each says its template, type code, output name and context builder."""

from dataclasses import dataclass
from types import ModuleType

from minutes_gen.documents import (apology, decision, followup_report, inspection_plan, minutes, notice, reminder,
                                   report, schedule)


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document minutes-gen produces."""

    name: str
    label: str
    module: ModuleType

    @property
    def template(self) -> str:
        return self.module.TEMPLATE

    @property
    def type_code(self) -> str:
        return self.module.TYPE_CODE


KINDS = {
    "minutes": DocumentKind("minutes", "biên bản kiểm tra", minutes),
    "notice": DocumentKind("notice", "thông báo kết luận kiểm tra", notice),
}

# Every kind with a Word template (the apology slip is rendered from dossiers, not inspections).
TEMPLATE_KINDS = {**KINDS, "apology": DocumentKind("apology", "phiếu xin lỗi và hẹn lại ngày trả kết quả", apology)}

# The documents of a whole case (``minutes-gen batch HỒ_SƠ``), in the order they are issued;
# ``per_unit``: one document to each unit. The follow-up's own (report, reminders) come last.
CASE_KINDS = {
    "decision": DocumentKind("decision", "quyết định thành lập đoàn kiểm tra", decision),
    "plan": DocumentKind("plan", "kế hoạch kiểm tra", inspection_plan),
    "schedule": DocumentKind("schedule", "thông báo lịch kiểm tra", schedule),
    **KINDS,
    "report": DocumentKind("report", "báo cáo kết quả kiểm tra", report),
}
FOLLOWUP_KINDS = {
    "followup": DocumentKind("followup", "báo cáo tình hình khắc phục", followup_report),
    "reminder": DocumentKind("reminder", "văn bản đôn đốc", reminder),
}
PER_UNIT = {"schedule", "minutes", "notice", "reminder"}
TEMPLATE_KINDS.update({name: kind for name, kind in {**CASE_KINDS, **FOLLOWUP_KINDS}.items() if name not in KINDS})
