"""Document kinds: each says its template, type code, output name and context builder."""

from dataclasses import dataclass
from types import ModuleType

from minutes_gen.documents import apology, minutes, notice


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

    def issuing_body(self, inspection):
        """The agency whose header, number and register the document carries: the kind's own
        choice (``module.issuing_body``, the notice's), else the file's ``issuing_body``."""
        own = getattr(self.module, "issuing_body", None)
        return own(inspection) if own else inspection.issuing_body


KINDS = {
    "minutes": DocumentKind("minutes", "biên bản kiểm tra", minutes),
    "notice": DocumentKind("notice", "thông báo kết luận kiểm tra", notice),
}

# Every kind with a Word template (the apology slip is rendered from dossiers, not inspections).
TEMPLATE_KINDS = {**KINDS, "apology": DocumentKind("apology", "phiếu xin lỗi và hẹn lại ngày trả kết quả", apology)}
