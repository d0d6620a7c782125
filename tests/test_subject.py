"""Any inspection subject: the data names what is inspected, and every title, sentence and
property of the minutes and the notice says it; nothing in code names administrative reform."""

import yaml
from docx import Document

from conftest import SEED, all_text, write_yaml
from test_web import client, token  # noqa: F401  (the web fixtures)

SUBJECT = "việc thực hiện chế độ công vụ, công chức năm 2024"


def _other_inspection(tmp_path):
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    data["subject"] = SUBJECT
    data["decision"]["subject"] = "về việc kiểm tra công vụ năm 2024"
    data["issuing_body"]["name"] = "Đoàn kiểm tra công vụ"
    data["statistics"] = {"dossiers": data["statistics"]["dossiers"]}
    data["statistics"]["dossiers"]["in_process"] = 2
    data["meeting"]["date"] = "12/07/2024"
    data["decision"]["date"] = "15/03/2024"
    data["notice"]["date"] = "20/07/2024"
    text = yaml.safe_dump(data, allow_unicode=True)  # the data's own words about reform go too
    for words in ("Cải cách hành chính", "cải cách hành chính", "CCHC"):
        text = text.replace(words, "công vụ")
    return write_yaml(tmp_path, text, "cong-vu.yaml")


def test_the_subject_is_the_datas_own(run, tmp_path):
    source = _other_inspection(tmp_path)
    for kind in ("minutes", "notice"):
        assert run("render", kind, source, "-o", f"{kind}.docx").exit_code == 0
        document = Document(str(tmp_path / f"{kind}.docx"))
        text = all_text(document)
        assert "cải cách hành chính" not in text.lower(), kind
        assert f"{SUBJECT} tại Sở Lao động, Thương binh và Xã hội" in " ".join(text.split()), kind
        assert "cải cách hành chính" not in (document.core_properties.title or "").lower()


def test_a_missing_subject_is_named(run, tmp_path):
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    del data["subject"]
    result = run("validate", write_yaml(tmp_path, yaml.safe_dump(data, allow_unicode=True)))
    assert result.exit_code == 2 and "trường subject: thiếu trường bắt buộc" in result.output


def _with_remediation(tmp_path, **settings):
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    data["remediation"].update(settings)
    return write_yaml(tmp_path, yaml.safe_dump(data, allow_unicode=True), "kp.yaml")


def test_deadline_wording_chosen_by_the_data(run, tmp_path):
    """Default: «chậm nhất ngày …», the Nth working day itself allowed; or a period from a date."""
    within = _with_remediation(tmp_path, wording="within_days")
    assert run("render", "minutes", within, "-o", "a.docx").exit_code == 0
    text = " ".join(all_text(Document(str(tmp_path / "a.docx"))).split())
    assert "trong thời hạn 30 ngày làm việc kể từ ngày 12 tháng 7 năm 2023" in text
    from_notice = _with_remediation(tmp_path, counted_from="notice")
    assert run("render", "notice", from_notice, "-o", "b.docx").exit_code == 0
    assert run("render", "minutes", from_notice, "-o", "c.docx").exit_code == 0
    notice = " ".join(all_text(Document(str(tmp_path / "b.docx"))).split())
    assert "chậm nhất ngày 31 tháng 8 năm 2023 (30 ngày làm việc kể từ ngày ký Thông báo này)" in notice
    minutes = " ".join(all_text(Document(str(tmp_path / "c.docx"))).split())
    assert "trong thời hạn 30 ngày làm việc kể từ ngày ký Thông báo kết luận kiểm tra" in minutes
    wrong = _with_remediation(tmp_path, wording="sớm")
    result = run("validate", wrong)
    assert result.exit_code == 2 and "«sớm» không có; chọn một trong: by_date, within_days" in result.output


def test_copies_that_disagree_with_the_recipients_are_warned(run, tmp_path):
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    data["minutes"]["recipients"].append("Thành viên Đoàn kiểm tra")
    result = run("validate", write_yaml(tmp_path, yaml.safe_dump(data, allow_unicode=True)))
    assert result.exit_code == 0
    assert "biên bản ghi lập thành 02 bản nhưng mục Nơi nhận có 03 nơi (kể cả dòng «Lưu»)" in result.output


def _without(tmp_path, *names):
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    for name in names:
        data[name] = []
    return write_yaml(tmp_path, yaml.safe_dump(data, allow_unicode=True), "-".join(names) + ".yaml")


def test_empty_shortcomings_drop_their_heading_and_every_sentence_about_them(run, tmp_path):
    source = _without(tmp_path, "shortcomings")
    for kind in ("minutes", "notice"):
        assert run("render", kind, source, "-o", f"{kind}.docx").exit_code == 0
        text = " ".join(all_text(Document(str(tmp_path / f"{kind}.docx"))).split())
        assert "Tồn tại, hạn chế" not in text and "TỒN TẠI" not in text and "tồn tại, hạn chế nêu trên" not in text
        assert "kết quả thực hiện các yêu cầu trên gửi Đoàn kiểm tra chậm nhất ngày 23 tháng 8 năm 2023" in text
    notice = all_text(Document(str(tmp_path / "notice.docx")))
    assert "II. YÊU CẦU" in notice and "III." not in notice


def test_nothing_to_remedy_drops_the_requests_part(run, tmp_path):
    source = _without(tmp_path, "shortcomings", "requests")
    for kind in ("minutes", "notice"):
        assert run("render", kind, source, "-o", f"{kind}.docx").exit_code == 0
        text = all_text(Document(str(tmp_path / f"{kind}.docx")))
        assert "YÊU CẦU" not in text and "báo cáo kết quả" not in text and "chậm nhất" not in text


def test_figures_the_source_does_not_give_are_left_out(run, tmp_path):
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    figures = data["statistics"]["dossiers"]
    for name in ("in_process", "on_time", "carried_over", "in_process_overdue"):
        figures.pop(name, None)
    result = run("render", "minutes", write_yaml(tmp_path, yaml.safe_dump(data, allow_unicode=True)), "-o", "bb.docx")
    assert result.exit_code == 0 and "Cảnh báo" not in result.output  # nothing to compare, nothing invented
    text = " ".join(all_text(Document(str(tmp_path / "bb.docx"))).split())
    assert ("đã tiếp nhận 805 hồ sơ thủ tục hành chính; đã giải quyết 803 hồ sơ, trong đó quá hạn 02 hồ sơ." in text)
    assert "đang giải quyết" not in text and "00 hồ sơ" not in text


def test_the_units_and_others_opinions_have_their_parts(run, tmp_path):
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    data["unit_opinion"] = ["Sở thống nhất với kết quả kiểm tra & sẽ khắc phục <ngay>."]
    data["other_opinions"] = ["Văn phòng UBND tỉnh đề nghị bổ sung số liệu năm 2022."]
    source = write_yaml(tmp_path, yaml.safe_dump(data, allow_unicode=True))
    assert run("render", "minutes", source, "-o", "bb.docx").exit_code == 0
    text = all_text(Document(str(tmp_path / "bb.docx")))
    assert "IV. Ý KIẾN CỦA ĐƠN VỊ ĐƯỢC KIỂM TRA\n- Sở thống nhất với kết quả kiểm tra & sẽ khắc phục <ngay>." in text
    assert "V. Ý KIẾN CỦA CÁC THÀNH PHẦN KHÁC\n- Văn phòng UBND tỉnh đề nghị bổ sung số liệu năm 2022." in text
    data["requests"], data["shortcomings"], data["other_opinions"] = [], [], []
    source = write_yaml(tmp_path, yaml.safe_dump(data, allow_unicode=True), "b.yaml")
    assert run("render", "minutes", source, "-o", "b.docx").exit_code == 0
    text = all_text(Document(str(tmp_path / "b.docx")))
    assert "III. Ý KIẾN CỦA ĐƠN VỊ ĐƯỢC KIỂM TRA" in text and "Ý KIẾN CỦA CÁC THÀNH PHẦN KHÁC" not in text


def test_a_request_may_have_its_own_deadline(run, tmp_path):
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    data["requests"] = ["Niêm yết đầy đủ thủ tục hành chính.",
                        {"text": "Xin lỗi bằng văn bản mọi hồ sơ trễ hạn.", "working_days": 5},
                        {"text": "Cập nhật phần mềm một cửa;", "date": "31/07/2023"}]
    source = write_yaml(tmp_path, yaml.safe_dump(data, allow_unicode=True))
    for kind in ("minutes", "notice"):
        assert run("render", kind, source, "-o", f"{kind}.docx").exit_code == 0
        text = " ".join(all_text(Document(str(tmp_path / f"{kind}.docx"))).split())
        assert "Niêm yết đầy đủ thủ tục hành chính." in text
        assert "Xin lỗi bằng văn bản mọi hồ sơ trễ hạn (thời hạn: chậm nhất ngày 19 tháng 7 năm 2023)" in text
        assert "Cập nhật phần mềm một cửa (thời hạn: chậm nhất ngày 31 tháng 7 năm 2023)" in text
    data["requests"] = [{"text": "A", "working_days": 5, "date": "31/07/2023"}, {"text": "B", "date": "01/07/2023"}]
    result = run("validate", write_yaml(tmp_path, yaml.safe_dump(data, allow_unicode=True), "sai.yaml"))
    assert result.exit_code == 2 and "không ghi cả hai" in result.output and "không sau ngày kiểm tra" in result.output


def test_the_web_form_keeps_requests_written_as_lines(client, token):
    from test_web import _open_seed

    page = _open_seed(client, token)
    assert 'name="requests[1].text" value="Rà soát' in page or 'name="requests[1].text" value="' in page
    from web_helpers import form_values

    values = form_values(page)
    assert values["requests[1].text"].strip() != ""


def test_figures_of_several_periods_each_with_its_label(run, tmp_path):
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    data["statistics"]["dossiers"] = [
        {"label": "Năm 2022", "period_from": "01/01/2022", "period_to": "31/12/2022", "received": 560, "resolved": 560,
         "on_time": 559, "overdue": 1},
        {"label": "Sáu tháng đầu năm 2023", "period_from": "01/01/2023", "period_to": "15/06/2023", "received": 245,
         "resolved": 243, "on_time": 242, "overdue": 2, "in_process": 3}]
    source = write_yaml(tmp_path, yaml.safe_dump(data, allow_unicode=True))
    result = run("render", "minutes", source, "-o", "bb.docx")
    assert result.exit_code == 0
    assert "statistics.dossiers[2].in_process" in result.output  # 245 − 243 = 02, not 03: the second period's line
    text = " ".join(all_text(Document(str(tmp_path / "bb.docx"))).split())
    assert "Năm 2022 (từ ngày 01/01/2022 đến ngày 31/12/2022), Sở LĐTBXH đã tiếp nhận 560 hồ sơ" in text
    assert "Sáu tháng đầu năm 2023 (từ ngày 01/01/2023 đến ngày 15/6/2023)" in text
