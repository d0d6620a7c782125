"""Build the Word templates in templates/docx/ from code (python scripts/build_templates.py).

The templates are ordinary .docx files: a secretary can open and edit them in Word or
LibreOffice. This script is how the built-in ones are made, so that every formatting rule
lives in one place (nd30_docx.py) and a change is reviewed as code.
"""

import sys
from pathlib import Path


import nd30_docx as nd
from build_case_templates import BUILDERS as CASE_BUILDERS

OUT = Path(__file__).resolve().parent.parent / "templates" / "docx"


def results(doc, shortcomings_heading: str) -> None:
    """The results and the shortcomings (each finding with its sub-points and cause, the
    statistics among the results), the table of figures; no shortcomings: no heading."""
    nd.loop(doc, "{%p for line in achievement_lines %}", "{{ line }}", keep_last=True)
    nd.figures_table(doc, "figures_table")
    nd.paragraph(doc, "{%p if shortcomings %}")
    nd.part_heading(doc, shortcomings_heading)
    nd.loop(doc, "{%p for line in shortcoming_lines %}", "{{ line }}", keep_last=True)
    nd.paragraph(doc, "{%p endif %}")


def appendix_note(doc) -> None:
    """The sentence that says the document has an appendix (ND30: a document names its annexes)."""
    nd.paragraph(doc, "{%p if appendix %}")
    nd.paragraph(doc, "{{ appendix.note }}", keep_with_next=True)
    nd.paragraph(doc, "{%p endif %}")


def build_minutes(path: Path) -> None:
    """Biên bản kiểm tra (Mẫu 1.9)."""
    doc = nd.new_document("Biên bản kiểm tra")
    nd.header_block(doc, with_place_date=False)
    nd.title_block(doc, "BIÊN BẢN", "{{ summary }}")
    nd.paragraph(doc, "{{ basis }}")
    nd.paragraph(doc, "{%p if session_lines %}")  # an inspection of several sessions: one line each
    nd.labelled(doc, "Thời gian, địa điểm:", "")
    nd.loop(doc, "{%p for line in session_lines %}", "{{ line }}")
    nd.paragraph(doc, "{%p else %}")
    nd.labelled(doc, "Thời gian bắt đầu: ", "{{ started }}.")
    nd.labelled(doc, "Địa điểm: ", "{{ meeting.location }}.")
    nd.paragraph(doc, "{%p endif %}")
    nd.labelled(doc, "Thành phần tham dự:", "")
    nd.paragraph(doc, "1. Đoàn kiểm tra:")
    nd.loop(doc, "{%p for person in team_people %}", "- {{ person }}")
    nd.paragraph(doc, "2. Đại diện {{ unit.name }}:")
    nd.loop(doc, "{%p for person in unit_people %}", "- {{ person }}")
    nd.paragraph(doc, "{%p if invited_people %}")  # invited participants, when there are some
    nd.paragraph(doc, "3. Thành phần khác:")
    nd.loop(doc, "{%p for person in invited_people %}", "- {{ person }}")
    nd.paragraph(doc, "{%p endif %}")
    nd.labelled(doc, "Chủ trì (chủ tọa): ", "{{ chair }}.")
    nd.labelled(doc, "Thư ký (người ghi biên bản): ", "{{ secretary }}.")
    nd.labelled(doc, "Nội dung:", "")
    nd.part_heading(doc, "I. NỘI DUNG KIỂM TRA")
    nd.loop(doc, "{%p for item in scope %}", "- {{ item }}")
    nd.part_heading(doc, "II. KẾT QUẢ KIỂM TRA")
    nd.part_heading(doc, "1. Kết quả đạt được")
    results(doc, "2. Tồn tại, hạn chế")
    nd.paragraph(doc, "{%p if requests or remediation_text %}")
    nd.part_heading(doc, "III. YÊU CẦU")
    nd.paragraph(doc, "{%p if requests %}")
    nd.paragraph(doc, "Đoàn kiểm tra đề nghị {{ unit_short_name }}:")
    nd.loop(doc, "{%p for item in request_lines %}", "- {{ item }}", keep_last=True)
    nd.paragraph(doc, "{%p endif %}")
    nd.paragraph(doc, "{%p if remediation_text %}")
    nd.paragraph(doc, "{{ remediation_text }}", keep_with_next=True)
    nd.paragraph(doc, "{%p endif %}")
    nd.paragraph(doc, "{%p endif %}")
    for items, heading in (("unit_opinion", "unit_opinion_heading"), ("other_opinions", "other_opinions_heading")):
        nd.paragraph(doc, "{%p if " + items + " %}")
        nd.part_heading(doc, "{{ " + heading + " }}")
        nd.loop(doc, "{%p for item in " + items + " %}", "- {{ item }}", keep_last=True)
        nd.paragraph(doc, "{%p endif %}")
    appendix_note(doc)
    nd.closing(doc, "{{ closing }}")
    nd.signatures_and_recipients(doc, [55, 55, 55], "signature_rows")
    nd.appendix(doc)
    doc.save(path)


def build_notice(path: Path) -> None:
    """Thông báo kết luận kiểm tra (Mẫu 1.4, văn bản có tên loại)."""
    doc = nd.new_document("Thông báo kết luận kiểm tra")
    nd.header_block(doc, with_place_date=True)
    nd.title_block(doc, "THÔNG BÁO", "{{ summary }}")
    nd.paragraph(doc, "{{ opening }}")
    nd.part_heading(doc, "I. KẾT QUẢ ĐẠT ĐƯỢC")
    results(doc, "II. TỒN TẠI, HẠN CHẾ")  # no shortcomings: no heading, and the requests become II
    nd.paragraph(doc, "{%p if numbered_requests %}")
    nd.part_heading(doc, "{{ requests_heading }}")
    nd.paragraph(doc, "{{ issuer }} yêu cầu {{ unit_short_name }} thực hiện các nội dung sau:")
    nd.loop(doc, "{%p for item in numbered_requests %}", "{{ item }}", keep_last=True)
    nd.paragraph(doc, "{%p endif %}")
    appendix_note(doc)
    nd.closing(doc, "{{ closing }}")
    nd.recipients_and_signature(doc)
    nd.appendix(doc)
    doc.save(path)


def apology_title(doc, title: str, returned_late_title: str, returned_late_summary: str) -> None:
    """The letter's title: the form's own, or, for a result already returned late, one that
    promises no new date (with a summary line saying what the letter is about)."""
    nd.paragraph(doc, "{%p if returned_late %}")
    nd.paragraph(doc, returned_late_title, "Document Title", before=nd.TITLE_SPACE)
    nd.paragraph(doc, returned_late_summary, "Document Title")
    nd.paragraph(doc, "{%p else %}")
    nd.paragraph(doc, title, "Document Title", before=nd.TITLE_SPACE)
    nd.paragraph(doc, "{%p endif %}")
    nd.paragraph(doc, "Kính gửi: {{ addressee }}.", "Document Title", bold=False, before=nd.TITLE_SPACE,
                 after=nd.PARAGRAPH_SPACING)


def applicant_lines(doc) -> None:
    """The applicant's address, phone and e-mail as the register gives them (one line)."""
    nd.loop(doc, "{%p for line in applicant_contact %}", "- {{ line }};")


def kept(text: str):
    """A last paragraph of the body: it goes to the next page with the closing and the
    signature when they do not fit (never a page of closing formula and signature alone)."""
    return lambda doc: nd.paragraph(doc, text, keep_with_next=True)


def contact_and_closing(doc) -> None:
    nd.paragraph(doc, "{%p if contact %}")
    kept("{{ contact }}")(doc)
    nd.paragraph(doc, "{%p endif %}")
    nd.closing(doc, "Trân trọng./.")
    nd.recipients_and_signature(doc, nd.LETTER_SIGNATURE_ROOM_LINES)


def letter(path: Path, title: str, titles: tuple[str, str, str], body: list) -> None:
    """An apology letter: header, title by case, then ``body`` (a text is one paragraph; a
    function adds its own paragraphs), the contact, the closing and the signature."""
    doc = nd.new_document(title, nd.LETTER_LINE_SPACING)
    nd.header_block(doc, with_place_date=True)
    apology_title(doc, *titles)
    for part in body:
        part(doc) if callable(part) else nd.paragraph(doc, part)
    contact_and_closing(doc)
    doc.save(path)


def build_apology(path: Path) -> None:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả (TT 01/2018/TT-VPCP, letters dated before 01/7/2025)."""
    letter(path, "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
           ("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "PHIẾU XIN LỖI", "Về việc trả kết quả giải quyết hồ sơ quá hạn"),
           ["{{ agency.name }} đã tiếp nhận hồ sơ của {{ addressee }} với các thông tin sau:",
            "- Mã hồ sơ (số biên nhận): {{ dossier.code }};",
            "- Tên thủ tục hành chính: {{ dossier.procedure }};",
            "- Tiếp nhận {{ received }}, hẹn trả kết quả {{ due }};",
            "- Tình trạng hồ sơ: {{ status }};",
            "- Lý do chậm: {{ reason }}.",
            "{{ apology }}",
            kept("{{ appointment }}")])


def build_apology_2025(path: Path) -> None:
    """Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (TT 03/2025/TT-VPCP Phụ lục I, Mẫu
    số 04; letters dated from 01/7/2025). The form's own text was not found (README): the
    wording is here, in the template, where an office can correct it in Word."""
    letter(path, "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
           ("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT", "VĂN BẢN XIN LỖI",
            "Về việc giải quyết hồ sơ quá thời hạn"),
           ["{{ agency.name }} đã tiếp nhận hồ sơ của {{ addressee }} với các thông tin sau:",
            "- Mã hồ sơ: {{ dossier.code }};",
            "- Tên thủ tục hành chính: {{ dossier.procedure }};",
            "{%p if channel %}", "- Hình thức nộp hồ sơ: {{ channel }};", "{%p endif %}",
            applicant_lines,
            "- Thời điểm tiếp nhận: {{ received }};",
            "- Thời hạn giải quyết theo quy định: {{ due }};",
            "- Tình trạng hồ sơ: {{ status }};",
            "- Lý do quá thời hạn giải quyết: {{ reason }}.",
            "{{ apology }}",
            "{%p if returned_late %}",
            kept("Kết quả giải quyết hồ sơ đã được trả cho {{ you }} {{ returned }}. {{ agency.name }} nghiêm túc "
                 "rút kinh nghiệm để không để xảy ra chậm trễ."),
            "{%p else %}",
            kept("{{ agency.name }} đề nghị {{ you }} đồng ý gia hạn thời gian giải quyết hồ sơ đến {{ new_date }}. "
                 "Việc gia hạn chỉ thực hiện một lần đối với hồ sơ này."),
            "{%p endif %}"])


BUILDERS = {
    "bien-ban-kiem-tra.docx": build_minutes,
    "thong-bao-ket-luan.docx": build_notice,
    "phieu-xin-loi.docx": build_apology,
    "van-ban-xin-loi-2025.docx": build_apology_2025,
    **CASE_BUILDERS,
}


def main(argv: list[str]) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, builder in BUILDERS.items():
        builder(OUT / name)
        print(f"đã tạo {OUT / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
