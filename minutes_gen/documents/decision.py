"""Quyết định thành lập Đoàn kiểm tra (type ``QĐ``), with the list of its members as an annex.
Issued by another body than the team (the province, the department): its number and date are
the ``decision`` every other document of the case cites."""

from minutes_gen.documents.case_common import case_file_stem, indexed
from minutes_gen.documents.common import header, list_lines, recipients
from minutes_gen.documents.notice import signer_lines
from minutes_gen.documents.common import as_plain
from minutes_gen.vn.dates import long_date
from minutes_gen.vn.text import upper_vi

TEMPLATE = "quyet-dinh-thanh-lap-doan.docx"
TYPE_CODE = "QĐ"
FILE_PREFIX = "quyet-dinh-thanh-lap-doan"


def summary(case, unit=None) -> str:
    """``Về việc thành lập Đoàn kiểm tra …`` (the decision's own subject, capitalised)."""
    subject = case.first.decision.subject or f"về việc thành lập {case.first.team.name}"
    return subject[:1].upper() + subject[1:]


def articles(case) -> list[dict]:
    """Điều 1 (the team, its members in the annex), Điều 2 (its tasks), Điều 3 (in force, who executes)."""
    first, document = case.first, case.documents.decision
    duties = document.duties or [f"Kiểm tra {first.subject} tại các cơ quan, đơn vị theo kế hoạch của Đoàn",
                                 f"Tổng hợp, báo cáo kết quả kiểm tra với {first.decision.issuer}"]
    return [
        {"label": "Điều 1.", "points": [],
         "text": f"Thành lập Đoàn kiểm tra {first.subject} (sau đây gọi là {first.team.name}) gồm các thành viên có "
                 f"tên tại Danh sách kèm theo Quyết định này."},
        {"label": "Điều 2.", "text": f"{first.team.name} có nhiệm vụ:",
         "points": [f"- {line}" for line in list_lines(duties)]
         + [f"Trưởng đoàn phân công nhiệm vụ cho các thành viên; {first.team.name} tự giải thể sau khi hoàn thành nhiệm vụ."]},
        {"label": "Điều 3.", "points": [],
         "text": f"Quyết định này có hiệu lực kể từ ngày ký. {document.executors} chịu trách nhiệm thi hành Quyết "
                 f"định này./."},
    ]


def member_rows(case) -> list[dict]:
    """The annex's table: every member with position and role (head, members, secretary)."""
    team = case.first.team
    people = [(team.head, "Trưởng đoàn"), *[(p, "Thành viên") for p in team.members], (team.secretary, "Thư ký")]
    return indexed([{"name": f"{p.salutation} {p.name}" if p.salutation else p.name, "position": p.position,
                     "role": p.role or role} for p, role in people])


def build_context(case, calendar, number=None, today=None, unit=None, issued=None) -> dict:
    """Everything the decision's template shows (its number is the decision's, in the data)."""
    document, decision = case.documents.decision, case.first.decision
    block = header(document.issuing_body, TYPE_CODE, None, decision.date)
    block["number_line"] = f"Số: {decision.number}"
    return {
        "header": block,
        "summary": summary(case),
        "authority": upper_vi(document.authority),
        "bases": [f"{line.rstrip(' ;.,')};" for line in document.bases]
        + ([document.proposal.rstrip(" .") + "."] if document.proposal else []),
        "articles": articles(case),
        "signer_lines": signer_lines(document.signer),
        "signer": as_plain(document.signer),
        "recipients": recipients(["Như Điều 3", *document.recipients],
                                 document.archive or document.issuing_body.abbreviation),
        "team_name_upper": upper_vi(case.first.team.name),
        "annex_attached_to": f"(Kèm theo Quyết định số {decision.number} {long_date(decision.date)} "
                             f"của {decision.issuer})",
        "members": member_rows(case),
    }


def document_date(case, today=None, unit=None):
    return case.first.decision.date


def signer_name(case, unit=None) -> str:
    return case.documents.decision.signer.name


def output_name(case, unit=None) -> str:
    return case_file_stem(FILE_PREFIX, case)
