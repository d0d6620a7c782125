"""The templates of a case's own documents (python scripts/build_templates.py builds them with
the others): the decision setting up the team, the plan, the schedule notice, the summary
report, the follow-up report and the reminder letter. Every ND30 rule is in nd30_docx.py."""

from pathlib import Path

import nd30_docx as nd
from docx.shared import Pt

WIDTH = nd.TEXT_WIDTH_MM


def numbered(doc, variable: str, item: str = "{{ item }}", keep_last: bool = False) -> None:
    """A list of the data (already numbered or dashed by the builder); ``keep_last`` when the
    list ends the body (its last item goes with the closing)."""
    nd.loop(doc, "{%p for item in " + variable + " %}", item, keep_last=keep_last)


def optional(doc, variable: str, heading: str | None = None) -> None:
    """A heading and its list, both left out when the list is empty."""
    nd.paragraph(doc, "{%p if " + variable + " %}")
    if heading:
        nd.part_heading(doc, heading)
    numbered(doc, variable)
    nd.paragraph(doc, "{%p endif %}")


def close_and_sign(doc) -> None:
    """The closing sentence kept with Nơi nhận and the signature (Mẫu 1.4 ending)."""
    nd.closing(doc, "{{ closing }}")
    nd.recipients_and_signature(doc)


def start(title: str, type_name: str):
    doc = nd.new_document(title)
    header = nd.header_block(doc, with_place_date=True)
    nd.title_block(doc, type_name, "{{ summary }}")
    return doc, header


def build_decision(path: Path) -> None:
    """Quyết định thành lập Đoàn kiểm tra, with its list of members as an annex."""
    doc = nd.new_document("Quyết định thành lập Đoàn kiểm tra")
    nd.header_block(doc, with_place_date=True)
    nd.title_block(doc, "QUYẾT ĐỊNH", "{{ summary }}")
    nd.paragraph(doc, "{{ authority }}", "Document Title", after=Pt(6))
    nd.loop(doc, "{%p for line in bases %}", "{{ line }}")
    doc.paragraphs[-2].runs[0].italic = True  # the legal bases, in italics
    nd.paragraph(doc, "QUYẾT ĐỊNH:", "Document Title", after=Pt(6))
    nd.paragraph(doc, "{%p for article in articles %}")
    nd.labelled(doc, "{{ article.label }}", " {{ article.text }}").paragraph_format.keep_with_next = True
    numbered(doc, "article.points")
    nd.paragraph(doc, "{%p endfor %}")
    nd.recipients_and_signature(doc)
    members_annex(doc)
    doc.save(path)


def members_annex(doc) -> None:
    """The annex: «DANH SÁCH THÀNH VIÊN ĐOÀN KIỂM TRA», the line naming the decision, the table."""
    nd.annex_section(doc)
    nd.paragraph(doc, "DANH SÁCH THÀNH VIÊN {{ team_name_upper }}", "Document Title")
    nd.paragraph(doc, "{{ annex_attached_to }}", "Document Title", bold=False, italic=True)
    nd.rule(doc, 50, WIDTH)
    nd.paragraph(doc, "", "Document Title")
    nd.column_table(doc, "members", [("STT", 13, "index"), ("Họ và tên", 46, "name"),
                                     ("Chức vụ, đơn vị công tác", 73, "position"), ("Nhiệm vụ", 33, "role")], left=("name", "position"))


def build_plan(path: Path) -> None:
    """Kế hoạch kiểm tra: purposes and requirements, content, subjects and schedule, organisation."""
    doc, _ = start("Kế hoạch kiểm tra", "KẾ HOẠCH")
    nd.paragraph(doc, "{{ opening }}")
    nd.part_heading(doc, "I. MỤC ĐÍCH, YÊU CẦU")
    nd.part_heading(doc, "1. Mục đích")
    numbered(doc, "purposes")
    optional(doc, "requirements", "2. Yêu cầu")
    nd.part_heading(doc, "II. NỘI DUNG KIỂM TRA")
    numbered(doc, "scope")
    nd.part_heading(doc, "III. ĐỐI TƯỢNG, THỜI GIAN, HÌNH THỨC KIỂM TRA")
    nd.paragraph(doc, "{{ subjects_sentence }}").paragraph_format.keep_with_next = True
    nd.column_table(doc, "schedule_rows", [("STT", 13, "index"), ("Đơn vị được kiểm tra", 57, "unit"),
                                           ("Thời gian", 40, "when"), ("Địa điểm", 55, "place")], left=("unit", "place"))
    nd.paragraph(doc, "", "Recipients")
    optional(doc, "methods")
    nd.part_heading(doc, "IV. TỔ CHỨC THỰC HIỆN")
    numbered(doc, "organisation", keep_last=True)
    close_and_sign(doc)
    doc.save(path)


def build_schedule(path: Path) -> None:
    """Thông báo lịch kiểm tra và đề nghị báo cáo, to one unit."""
    doc, _ = start("Thông báo lịch kiểm tra", "THÔNG BÁO")
    nd.paragraph(doc, "{{ opening }}")
    nd.labelled(doc, "1. Thời gian: ", "{{ when }}.")
    nd.labelled(doc, "2. Địa điểm: ", "{{ meeting.location }}.")
    nd.labelled(doc, "3. Thành phần:", "")
    nd.paragraph(doc, "a) {{ team_line }}")
    nd.paragraph(doc, "b) Đại diện {{ unit.name }}:")
    numbered(doc, "attendees")
    nd.labelled(doc, "4. Nội dung kiểm tra:", "")
    numbered(doc, "scope")
    nd.labelled(doc, "5. Báo cáo của đơn vị: ", "{{ report_request }}")
    numbered(doc, "report_outline", keep_last=True)
    nd.paragraph(doc, "{%p if contact %}")
    nd.paragraph(doc, "{{ contact }}", keep_with_next=True)
    nd.paragraph(doc, "{%p endif %}")
    close_and_sign(doc)
    doc.save(path)


def build_report(path: Path) -> None:
    """Báo cáo kết quả kiểm tra of the whole plan: figures, units, remediation, proposals."""
    doc, _ = start("Báo cáo kết quả kiểm tra", "BÁO CÁO")
    nd.addressee(doc)
    nd.paragraph(doc, "{{ opening }}")
    nd.part_heading(doc, "I. KHÁI QUÁT CHUNG")
    nd.paragraph(doc, "{{ units_sentence }}").paragraph_format.keep_with_next = True
    nd.column_table(doc, "unit_rows", [("STT", 13, "index"), ("Đơn vị", 48, "unit"), ("Ngày kiểm tra", 26, "date"),
                                       ("Hồ sơ đã giải quyết", 27, "resolved"), ("Tỷ lệ đúng hạn", 24, "on_time"),
                                       ("Tồn tại, hạn chế", 27, "shortcomings")], left=("unit",))
    nd.paragraph(doc, "", "Recipients")
    numbered(doc, "figures")
    nd.part_heading(doc, "II. KẾT QUẢ KIỂM TRA TẠI CÁC ĐƠN VỊ")
    nd.paragraph(doc, "{%p for part in unit_parts %}")
    nd.part_heading(doc, "{{ part.heading }}")
    nd.loop(doc, "{%p for line in part.lines %}", "{{ line }}")
    nd.paragraph(doc, "{%p endfor %}")
    optional(doc, "assessment", "III. ĐÁNH GIÁ CHUNG")  # none: the next parts are III and IV
    nd.part_heading(doc, "{{ remediation_heading }}")
    numbered(doc, "remediation")
    remediation_table(doc)
    nd.part_heading(doc, "{{ proposals_heading }}")
    numbered(doc, "proposals", keep_last=True)
    close_and_sign(doc)
    doc.save(path)


def remediation_table(doc) -> None:
    """The remediation table of every unit's items (in the report and the follow-up report)."""
    nd.paragraph(doc, "{%p if remediation_rows %}")
    nd.paragraph(doc, "{{ remediation_title }}", "Table Heading")
    nd.column_table(doc, "remediation_rows", [("STT", 13, "index"), ("Đơn vị", 34, "unit"),
                                              ("Yêu cầu", 50, "text"), ("Hạn", 26, "due"),
                                              ("Tình trạng", 42, "status")], left=("unit", "text", "status"))
    nd.paragraph(doc, "", "Recipients")
    nd.paragraph(doc, "{%p endif %}")


def build_followup(path: Path) -> None:
    """Báo cáo tình hình khắc phục sau kiểm tra: the summary and the table of every item."""
    doc, _ = start("Báo cáo tình hình khắc phục sau kiểm tra", "BÁO CÁO")
    nd.addressee(doc)
    nd.paragraph(doc, "{{ opening }}")
    remediation_table(doc)
    numbered(doc, "remediation", keep_last=True)  # after the table: body text goes with the closing
    close_and_sign(doc)
    doc.save(path)


def build_reminder(path: Path) -> None:
    """Văn bản đôn đốc (công văn): «V/v …» under the number, Kính gửi, the overdue items."""
    doc = nd.new_document("Văn bản đôn đốc báo cáo kết quả khắc phục")
    header = nd.header_block(doc, with_place_date=True)
    nd.header_about(header, "V/v {{ header.about }}")
    nd.paragraph(doc, "", "Document Title")
    nd.addressee(doc)
    nd.paragraph(doc, "{{ opening }}")
    numbered(doc, "overdue_lines")
    nd.paragraph(doc, "{{ request }}", keep_with_next=True)
    close_and_sign(doc)
    doc.save(path)


BUILDERS = {
    "quyet-dinh-thanh-lap-doan.docx": build_decision,
    "ke-hoach-kiem-tra.docx": build_plan,
    "thong-bao-lich-kiem-tra.docx": build_schedule,
    "bao-cao-ket-qua-kiem-tra.docx": build_report,
    "bao-cao-khac-phuc.docx": build_followup,
    "van-ban-don-doc.docx": build_reminder,
}
