"""Letters as they are issued: one A4 page for realistic content (a LibreOffice sweep over long
names, addresses, three-line agency names, phone and e-mail, both forms), one page per letter in
the print file, a signature page holding only the closing block refused by lint for every kind,
and no fact dated after the letter's date stated as past."""

import csv
import datetime as dt

from docx import Document

from conftest import SAMPLES, all_text
from minutes_gen.documents import apology
from minutes_gen.model.apology_settings import load_apology_settings
from minutes_gen.model.dossier import Dossier
from minutes_gen.model.overdue import Outcome, judge
from minutes_gen.vn.workdays import NATIONAL

AGENCY = SAMPLES / "co-quan-sldtbxh.yaml"
REGISTER_2025 = SAMPLES / "so-theo-doi-ho-so-2025.csv"
D = dt.date


def _manifest(folder) -> dict:
    with open(folder / "manifest.csv", encoding="utf-8-sig") as handle:
        return {row["Mã hồ sơ"]: row for row in csv.DictReader(handle)}


def test_a_return_after_the_letter_date_is_not_stated_as_past(run, tmp_path):
    """The sample 2025 register at 20/06/2025: H15.28-250610-0003 was returned on 25/06, after the
    letter's date; on 20/06 it was still in process, and the letter says so."""
    assert run("apology", REGISTER_2025, "--agency", AGENCY, "-o", "vb", "--as-of", "20/06/2025").exit_code == 0
    row = _manifest(tmp_path / "vb")["H15.28-250610-0003"]
    assert row["Kết quả"] == Outcome.APOLOGY_NEW_DATE.value and row["Ngày hẹn lại"] == "27/06/2025"
    text = all_text(Document(str(tmp_path / "vb" / row["Tệp"])))
    assert "Tình trạng hồ sơ: đang giải quyết, chưa có kết quả;" in text
    assert "25 tháng 6" not in text and "đã có kết quả" not in text and "chậm 03" not in text


def test_every_form_judges_the_letter_context_as_of_its_date():
    """The context itself (the office and the preview build it too), in both forms."""
    settings = load_apology_settings(AGENCY)
    for issued, returned in ((D(2025, 6, 20), D(2025, 6, 25)), (D(2025, 9, 19), D(2025, 9, 24))):
        dossier = Dossier(row=2, code="HS-1", applicant="Nguyễn Văn A", procedure="Thủ tục X",
                          received=issued - dt.timedelta(days=10), due=issued, returned=returned)
        context = apology.build_context(dossier, judge(dossier, issued, NATIONAL), settings, NATIONAL, issued=issued)
        assert context["status"] == "đang giải quyết, chưa có kết quả" and context["returned"] == ""
        assert not context["returned_late"] and context["new_date"] and context["late_days"] == ""
        assert "đã được trả" not in context["appointment"]
