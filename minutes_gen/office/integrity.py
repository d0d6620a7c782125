"""The office server's register against the documents it keeps, agency by agency
(``minutes-gen office check``, and the văn thư's register page)."""

from minutes_gen.office.issuing import APOLOGY_KIND, HISTORY_NAMES
from minutes_gen.office.store import ISSUED
from minutes_gen.register.sql import SqlRegister
from minutes_gen.register.verify import Finding, check


def office_findings(office, agency) -> list[Finding]:
    """``check`` of one agency of the office server: its series against the documents it keeps.
    Every issued document carries its own number (an apology run: its letters'); drafts and
    signed documents waiting for the văn thư have none yet, on purpose."""
    rows = office.document_numbers(agency.id)
    documents = {document_id: HISTORY_NAMES.get(kind, kind) for document_id, kind, _, _ in rows}
    numbered = {document_id: entry_id for document_id, kind, entry_id, status in rows
                if status == ISSUED and kind != APOLOGY_KIND}
    return check(SqlRegister(office.database, check_integrity=False, owner=agency.id), documents, numbered)
