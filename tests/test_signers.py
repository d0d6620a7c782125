"""Who signs comes from the data: the minutes' blocks (any number, any authority) and the
notice's issuer and voice; a key that would be ignored is an error."""

import yaml
from docx import Document

from conftest import SEED, all_text, write_yaml
from docx_reading import minutes_signatures


def _seed(tmp_path, change, name="du-lieu.yaml"):
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    change(data)
    return write_yaml(tmp_path, yaml.safe_dump(data, allow_unicode=True), name)


def _signature_texts(path):
    document = Document(str(path))
    table = minutes_signatures(document)
    return [[" ".join(p.text for p in cell.paragraphs if p.text) for cell in row.cells] for row in table.rows]


def test_a_member_signs_for_the_head(run, tmp_path):
    source = _seed(tmp_path, lambda d: d["minutes"].update(
        signer={"authority": "KT. Trưởng đoàn", "title": "Thành viên", "name": "Nguyễn Văn Trường"}))
    assert run("render", "minutes", source, "-o", "bb.docx").exit_code == 0
    (row,) = _signature_texts(tmp_path / "bb.docx")
    assert row[2] == "KT. TRƯỞNG ĐOÀN THÀNH VIÊN Nguyễn Văn Trường"
    assert row[0] == "ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA Nguyễn Đình Tương" and row[1] == "THƯ KÝ Lê Thị Mai Phương"


def test_any_number_of_signature_blocks(run, tmp_path):
    blocks = [{"title": "Đại diện đơn vị được kiểm tra", "name": "Nguyễn Đình Tương"},
              {"title": "Đại diện Phòng Việc làm", "name": "Trần Văn Bình"},
              {"title": "Thư ký", "name": "Lê Thị Mai Phương"},
              {"authority": "Q. Trưởng đoàn", "title": "Phó Trưởng đoàn", "name": "Hoàng Mạnh Hùng"}]
    source = _seed(tmp_path, lambda d: d["minutes"].update(signatures=blocks))
    assert run("render", "minutes", source, "-o", "bb.docx").exit_code == 0
    rows = _signature_texts(tmp_path / "bb.docx")
    assert len(rows) == 2 and rows[1][0] == "Q. TRƯỞNG ĐOÀN PHÓ TRƯỞNG ĐOÀN Hoàng Mạnh Hùng" and rows[1][1] == ""
    assert rows[0][1] == "ĐẠI DIỆN PHÒNG VIỆC LÀM Trần Văn Bình"


def test_signer_and_signatures_together_are_refused(run, tmp_path):
    source = _seed(tmp_path, lambda d: d["minutes"].update(
        signer={"title": "Trưởng đoàn", "name": "A"}, signatures=[{"title": "Thư ký", "name": "B"}]))
    result = run("validate", source)
    assert result.exit_code == 2 and "không ghi cả hai" in result.output


def test_a_notice_issued_by_the_agency_speaks_as_the_agency(run, tmp_path):
    def agency(data):
        data["issuing_body"].update(name="Sở Nội vụ", abbreviation="SNV")
        data["notice"].update(issued_by="agency", signer={"authority": "KT. Giám đốc", "title": "Phó Giám đốc",
                                                            "name": "Hoàng Mạnh Hùng"})
    source = _seed(tmp_path, agency)
    assert run("render", "notice", source, "-o", "tb.docx", "--number", "5", "--db", "so.db").exit_code == 0
    text = " ".join(all_text(Document(str(tmp_path / "tb.docx"))).split())
    assert "Số: 05/TB-SNV" in text and "Sở Nội vụ thông báo kết luận kiểm tra như sau" in text
    assert "Sở Nội vụ yêu cầu" in text and "của Sở Nội vụ./." in text and "Đoàn kiểm tra của Sở Nội vụ" not in text
    assert "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text


def test_an_agency_notice_needs_its_signer(run, tmp_path):
    def agency(data):
        data["notice"]["issued_by"] = "agency"
        del data["notice"]["signer"]
    result = run("validate", _seed(tmp_path, agency))
    assert result.exit_code == 2 and "notice.signer" in result.output


def test_keys_a_document_would_ignore_are_errors(run, tmp_path):
    source = _seed(tmp_path, lambda d: (d["minutes"].update(date="12/07/2023"), d["notice"].update(copies=3)))
    result = run("validate", source)
    assert result.exit_code == 2
    assert "minutes.date: trường «date» không có" in result.output and "notice.copies: trường «copies» không có" in result.output


def test_agency_name_lines_come_from_the_data(run, tmp_path):
    source = _seed(tmp_path, lambda d: d["issuing_body"].update(name="Đoàn kiểm tra\ncải cách hành chính tỉnh",
                                                               parent="Ủy ban nhân dân\ntỉnh Đắk Lắk"))
    for kind in ("minutes", "notice"):
        assert run("render", kind, source, "-o", f"{kind}.docx").exit_code == 0
        document = Document(str(tmp_path / f"{kind}.docx"))
        left = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs if p.text]
        assert left[:4] == ["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK", "ĐOÀN KIỂM TRA", "CẢI CÁCH HÀNH CHÍNH TỈNH"], left
        assert run("lint", f"{kind}.docx", "--kind", kind).exit_code == 0
    assert run("validate", source).exit_code == 0
