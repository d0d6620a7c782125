"""The office server on SQLite and on PostgreSQL: roles and agencies checked on the server,
documents kept with their history, one number register, sessions that end, a login limit,
backups."""

import io
import re
import subprocess

from click.testing import CliRunner
from docx import Document

from conftest import SEED, all_text
from minutes_gen.cli import cli
from minutes_gen.office import accounts
from minutes_gen.office.app import create_office_app
from office_helpers import (PASSWORD, PROFILE_A, SEED_TEXT, clerk_of, document_ids, draft_document, edited_template,
                            first_profile, issue_document, issue_run, login, logout, post)
from web_helpers import field_errors

WITHOUT_ISSUING_BODY = re.sub(r"(?ms)^issuing_body:.*?(?=^\S)", "", SEED_TEXT)




def test_a_secretary_issues_minutes_and_finds_them_in_the_history(office):
    app, _ = office
    client = app.test_client()
    login(client, "canbo_a")
    answer = issue_document(client)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    (document_id,) = document_ids(client)
    page = client.get("/van-ban").get_data(as_text=True)
    assert "01/BB-ĐKT" in page and "Người canbo_a" in page
    download = client.get(f"/van-ban/{document_id}/tai")
    assert download.status_code == 200
    text = all_text(Document(io.BytesIO(download.data)))
    assert "Số: 01/BB-ĐKT" in text and "BIÊN BẢN" in text
    kept = client.get(f"/van-ban/{document_id}/du-lieu").get_data(as_text=True)  # the form's data, as YAML
    assert "unit:\n  name: Sở Lao động, Thương binh và Xã hội" in kept and "name: Hoàng Mạnh Hùng" in kept
    assert "01/BB-ĐKT" in client.get("/van-ban?q=01/BB").get_data(as_text=True)
    assert document_ids(client, "/van-ban?q=không-có-đơn-vị-này") == []
    reopened = client.get(f"/van-ban/moi?tu={document_id}").get_data(as_text=True)
    assert "Sở Lao động" in reopened  # the stored data is the starting point of the next one


def test_the_agency_profile_supplies_the_issuing_body(office):
    app, _ = office
    client = app.test_client()
    login(client, "canbo_a")
    assert issue_document(client, WITHOUT_ISSUING_BODY, numbered=False).status_code == 302
    (document_id,) = document_ids(client)
    text = all_text(Document(io.BytesIO(client.get(f"/van-ban/{document_id}/tai").data)))
    assert "SỞ LAO ĐỘNG" in text and "/BB-SLĐTBXH" in text and "ĐOÀN KIỂM TRA" not in text


def test_bad_data_is_reported_field_by_field_and_nothing_is_kept(office):
    app, _ = office
    client = app.test_client()
    login(client, "canbo_a")
    answer = issue_document(client, SEED_TEXT.replace("date: 12/07/2023", "date: 31/02/2023"))
    assert answer.status_code == 400
    assert ("meeting.date", "ngày «31/02/2023» không có thật trong lịch") in field_errors(answer.get_data(as_text=True))
    assert 'name="meeting.date" value="31/02/2023"' in answer.get_data(as_text=True)  # the form keeps what was typed
    assert document_ids(client) == []


def test_another_agency_never_sees_a_document(office):
    app, _ = office
    a, b = app.test_client(), app.test_client()
    login(a, "canbo_a")
    issue_document(a)
    (document_id,) = document_ids(a)
    login(b, "canbo_b")
    assert document_ids(b) == []
    for path in (f"/van-ban/{document_id}/tai", f"/van-ban/{document_id}/du-lieu", f"/van-ban/moi?tu={document_id}"):
        answer = b.get(path)
        assert answer.status_code == 404 and "thuộc cơ quan khác" in answer.get_data(as_text=True), path


def test_each_role_reaches_only_its_own_pages(office):
    app, _ = office
    anonymous = app.test_client()
    assert anonymous.get("/van-ban").status_code == 302
    assert anonymous.get("/van-ban/1/tai").headers["Location"].startswith("/dang-nhap")
    secretary = app.test_client()
    login(secretary, "canbo_a")
    assert secretary.get("/so-van-ban").status_code == 403
    assert secretary.get("/quan-tri").status_code == 403
    assert post(secretary, "/quan-tri/nguoi-dung", {"username": "x", "role": "quan-tri", "password": "y" * 12},
                page="/van-ban").status_code == 403
    clerk = app.test_client()
    login(clerk, "vanthu_a")
    assert clerk.get("/van-ban/moi").status_code == 403
    assert clerk.get("/so-van-ban").status_code == 200
    admin = app.test_client()
    login(admin, "quantri", "Quan-tri-vien-2026")
    assert admin.get("/van-ban").status_code == 403  # the administrator belongs to no agency


def test_the_clerk_voids_a_number_that_is_never_reused(office):
    app, _ = office
    secretary, clerk = app.test_client(), app.test_client()
    login(secretary, "canbo_a")
    issue_document(secretary)
    login(clerk, "vanthu_a")
    page = clerk.get("/so-van-ban").get_data(as_text=True)
    entry_id = re.search(r'name="id" value="(\d+)"', page).group(1)
    assert post(clerk, "/so-van-ban/huy", {"id": entry_id, "reason": ""}, page="/so-van-ban").status_code == 400
    assert post(clerk, "/so-van-ban/huy", {"id": entry_id, "reason": "in nhầm"}, page="/so-van-ban").status_code == 302
    assert "Đã hủy số: in nhầm" in clerk.get("/so-van-ban").get_data(as_text=True)
    issue_document(secretary)  # the same unit again: a new number, never the voided 01
    assert "02/BB-ĐKT" in secretary.get("/van-ban").get_data(as_text=True)
    exported = clerk.get("/so-van-ban/xuat").data.decode("utf-8-sig")
    assert "01/BB-ĐKT" in exported and "Đã hủy số: in nhầm" in exported and "02/BB-ĐKT" in exported
    other_agency = app.test_client()
    login(other_agency, "canbo_b")
    admin = app.test_client()
    login(admin, "quantri", "Quan-tri-vien-2026")
    audit = admin.get("/quan-tri").get_data(as_text=True)
    for action in ("đăng nhập", "lập văn bản", "cấp số", "hủy số", "xuất sổ"):
        assert f"<td>{action}</td>" in audit, action


def test_logins_are_limited_and_sessions_end(office, monkeypatch):
    app, _ = office
    client = app.test_client()
    for _ in range(accounts.LOGIN_FAILURES_ALLOWED):
        assert login(client, "canbo_a", "sai-mat-khau-roi").status_code == 401
    refused = login(client, "canbo_a")  # even the right password, until the window passes
    assert refused.status_code == 429 and "hãy đợi" in refused.get_data(as_text=True)
    other = app.test_client()
    assert login(other, "canbo_b").status_code == 302
    assert other.get("/van-ban").status_code == 200
    monkeypatch.setattr(accounts, "SESSION_IDLE_SECONDS", -1)
    assert other.get("/van-ban").status_code == 302  # the session expired: back to the login page
    monkeypatch.undo()
    assert login(other, "canbo_b").status_code == 302
    logout(other)
    assert other.get("/van-ban").status_code == 302


def test_a_locked_account_is_logged_out(office):
    app, _ = office
    user, admin = app.test_client(), app.test_client()
    login(user, "canbo_b")
    login(admin, "quantri", "Quan-tri-vien-2026")
    page = admin.get("/quan-tri").get_data(as_text=True)
    user_id = re.search(r'<td>canbo_b</td>.*?/quan-tri/nguoi-dung/(\d+)/khoa', page, re.S).group(1)
    assert post(admin, f"/quan-tri/nguoi-dung/{user_id}/khoa", {"active": "0"}, page="/quan-tri").status_code == 302
    assert user.get("/van-ban").status_code == 302
    assert login(user, "canbo_b").status_code == 401


def test_weak_passwords_and_bad_profiles_are_refused_in_vietnamese(office):
    app, _ = office
    admin = app.test_client()
    login(admin, "quantri", "Quan-tri-vien-2026")
    weak = post(admin, "/quan-tri/nguoi-dung", {"username": "ngan", "full_name": "N", "role": "can-bo",
                                                "agency_id": "", "password": "ngan"}, page="/quan-tri")
    page = weak.get_data(as_text=True)
    assert weak.status_code == 400 and "ít nhất 10 ký tự" in page and "phải thuộc một cơ quan" in page
    bad = post(admin, "/quan-tri/co-quan", {"profile": "agency:\n  name: X\n"}, page="/quan-tri")
    assert bad.status_code == 400 and "Hồ sơ cơ quan" not in "" and "abbreviation" in bad.get_data(as_text=True)


def test_backup_holds_every_document_and_restores(office, tmp_path):
    app, url = office
    client = app.test_client()
    login(client, "canbo_a")
    issue_document(client)
    target = tmp_path / "sao-luu.bak"
    result = CliRunner().invoke(cli, ["office", "backup", "--db", url, str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    again = CliRunner().invoke(cli, ["office", "backup", "--db", url, str(target)], catch_exceptions=False)
    assert again.exit_code == 2 and "--force" in again.output
    if url.startswith("sqlite"):
        restored_url = f"sqlite:///{target}"
    else:
        from minutes_gen.office.backup import pg_tool

        restored_url = url.rsplit("/", 1)[0] + "/restored_" + url.rsplit("/", 1)[1]
        subprocess.run([pg_tool("createdb"), "--maintenance-db", url.rsplit("/", 1)[0] + "/postgres",
                        restored_url.rsplit("/", 1)[1]], check=True)
        subprocess.run([pg_tool("pg_restore"), "--no-owner", "-d", restored_url, str(target)], check=True)
    restored = create_office_app(restored_url).test_client()
    login(restored, "canbo_a")
    (document_id,) = document_ids(restored)
    assert "Số: 01/BB-ĐKT" in all_text(Document(io.BytesIO(restored.get(f"/van-ban/{document_id}/tai").data)))


def test_health_says_whether_the_database_answers(office):
    app, _ = office
    answer = app.test_client().get("/suc-khoe")
    assert answer.status_code == 200 and answer.get_json()["trang_thai"] == "tốt"


def test_the_command_line_draws_numbers_from_the_same_server_register(office, tmp_path, monkeypatch):
    app, url = office
    client = app.test_client()
    login(client, "canbo_a")
    issue_document(client, date="12/07/2023")  # 01 on the web, issued on the day of the inspection
    monkeypatch.chdir(tmp_path)
    notice = ["render", "notice", str(SEED), "-o", "tb.docx", "--number", "auto", "--db", url, "--date", "20/07/2023"]
    unnamed = CliRunner().invoke(cli, notice, catch_exceptions=False)  # whose series? the command line must say
    assert unnamed.exit_code == 2 and "--office-agency" in unnamed.output and "SNV" in unnamed.output
    result = CliRunner().invoke(cli, notice + ["--office-agency", "slđtbxh"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["render", "minutes", str(SEED.parent / "kiem-tra-cong-vu-krong-buk-2024.yaml"),
                                      "-o", "bb2.docx", "--number", "auto", "--db", url, "--office-agency", "SLĐTBXH"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    clerk = app.test_client()
    login(clerk, "vanthu_a")
    assert "01/BB-ĐKT" in clerk.get("/so-van-ban").get_data(as_text=True)
    from minutes_gen.register.location import open_register

    texts = [e.text for e in open_register(url, office_agency="SLĐTBXH").entries()]
    assert texts[:2] == ["01/BB-ĐKT", "02/TB-ĐKT"] and len(texts) == 3  # one series per issuing body


def test_an_uninitialised_database_is_said_in_vietnamese(tmp_path):
    result = CliRunner().invoke(cli, ["office", "serve", "--db", f"sqlite:///{tmp_path / 'trong.db'}", "--port", "0"])
    assert result.exit_code == 2 and "office init" in result.output


def test_passwords_are_stored_as_argon2_hashes(office):
    _, url = office
    from minutes_gen.office.store import OfficeStore

    store = OfficeStore.open(url)
    _, stored = store.credentials("canbo_a")
    store.close()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_an_agency_uses_its_own_checked_template(office):
    app, _ = office
    admin = app.test_client()
    login(admin, "quantri", "Quan-tri-vien-2026")
    page = admin.get("/quan-tri").get_data(as_text=True)
    agency_a = re.search(r'<option value="(\d+)">Sở Lao động', page).group(1)
    broken = edited_template(("BIÊN BẢN", "BIÊN BẢN {{ chua_dong"))
    answer = post(admin, "/quan-tri/mau", {"agency_id": agency_a, "kind": "minutes",
                                           "template": (io.BytesIO(broken), "mau-hong.docx")},
                  page="/quan-tri", content_type="multipart/form-data")
    assert answer.status_code == 400 and "không đóng" in answer.get_data(as_text=True)
    own = edited_template(("BIÊN BẢN", "BIÊN BẢN (MẪU RIÊNG CỦA SỞ)"))
    answer = post(admin, "/quan-tri/mau", {"agency_id": agency_a, "kind": "minutes",
                                           "template": (io.BytesIO(own), "mau-so.docx")},
                  page="/quan-tri", content_type="multipart/form-data")
    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert "mau-so.docx" in admin.get("/quan-tri").get_data(as_text=True)
    a, b = app.test_client(), app.test_client()
    login(a, "canbo_a")
    login(b, "canbo_b")
    for client in (a, b):
        assert issue_document(client).status_code == 302
    texts = [all_text(Document(io.BytesIO(c.get(f"/van-ban/{document_ids(c)[0]}/tai").data))) for c in (a, b)]
    assert "MẪU RIÊNG CỦA SỞ" in texts[0] and "MẪU RIÊNG" not in texts[1]  # only agency A's documents


def test_an_upload_whose_rendering_cannot_finish_is_refused_and_not_kept(office, monkeypatch):
    from bombs import TEMPLATE_LIMITS, UNFINISHED
    from minutes_gen.office.store import OfficeStore

    monkeypatch.setenv("MINUTES_GEN_LIMITS", TEMPLATE_LIMITS)
    app, url = office
    admin = app.test_client()
    login(admin, "quantri", "Quan-tri-vien-2026")
    agency_a = re.search(r'<option value="(\d+)">Sở Lao động', admin.get("/quan-tri").get_data(as_text=True)).group(1)
    for name, (text, said) in UNFINISHED.items():
        bomb = edited_template(("BIÊN BẢN", f"BIÊN BẢN {text}"))
        answer = post(admin, "/quan-tri/mau", {"agency_id": agency_a, "kind": "minutes",
                                               "template": (io.BytesIO(bomb), f"{name}.docx")},
                      page="/quan-tri", content_type="multipart/form-data")
        page = answer.get_data(as_text=True)
        assert answer.status_code == 400 and "khi thử với dữ liệu mẫu" in page and said in page, name
    store = OfficeStore.open(url)
    assert store.template(int(agency_a), "minutes") is None and store.templates() == []
    store.close()


def test_apology_letters_are_made_from_the_profile_and_kept_with_their_manifest(office):
    import zipfile

    from conftest import SAMPLES

    app, url = office
    client = app.test_client()
    login(client, "canbo_a")
    register = (SAMPLES / "so-theo-doi-ho-so.xlsx").read_bytes()
    profile = first_profile(client, "/xin-loi")
    bad_date = post(client, "/xin-loi", {"as_of": "31/02/2023", "register": (io.BytesIO(register), "so.xlsx"),
                                         "profile_id": profile},
                    page="/xin-loi", content_type="multipart/form-data")
    assert bad_date.status_code == 400 and "31/02/2023" in bad_date.get_data(as_text=True)
    answer = post(client, "/xin-loi", {"as_of": "15/06/2023", "register": (io.BytesIO(register), "so.xlsx"),
                                       "profile_id": profile},
                  page="/xin-loi", content_type="multipart/form-data")
    assert answer.status_code == 302, answer.get_data(as_text=True)
    (document_id,) = document_ids(client)
    assert issue_run(clerk_of(client), document_id, "15/06/2023").status_code == 302
    download = client.get(f"/van-ban/{document_id}/tai")
    assert download.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(download.data)) as archive:
        names = archive.namelist()
        letters = [n for n in names if n.startswith("phieu-xin-loi-h") and n.endswith(".docx")]
        assert "manifest.csv" in names and "manifest.xlsx" in names and letters
        first = all_text(Document(io.BytesIO(archive.read(letters[0]))))
    assert "Nguyễn Đình Tương" in first and "/PXL-SLĐTBXH" in first  # the profile's signer, the shared register
    assert f"{len(letters)} phiếu" in client.get("/van-ban").get_data(as_text=True)
    from minutes_gen.register.location import open_register

    assert len([e for e in open_register(url, office_agency="SLĐTBXH").entries() if e.kind == "apology"]) == len(letters)


def test_an_agency_keeps_several_profiles_and_a_form_offers_only_its_own(office):
    app, _ = office
    admin = app.test_client()
    login(admin, "quantri", "Quan-tri-vien-2026")
    director = (re.sub(r"(?m)^  authority: .*\n", "", PROFILE_A).replace("title: Phó Giám đốc", "title: Giám đốc")
                .replace("name: Nguyễn Đình Tương", "name: Trần Văn Giám"))
    assert post(admin, "/quan-tri/co-quan", {"profile": director}, page="/quan-tri").status_code == 302
    assert post(admin, "/quan-tri/co-quan", {"profile": PROFILE_A}, page="/quan-tri").status_code == 302  # replaced
    a, b = app.test_client(), app.test_client()
    login(a, "canbo_a")
    login(b, "canbo_b")
    offered = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', a.get("/xin-loi").get_data(as_text=True))
    assert [label for _, label in offered] == ["KT. Giám đốc — Nguyễn Đình Tương", "Trần Văn Giám"]
    answer = draft_document(a, profile_id=first_profile(b, "/van-ban/moi"))
    assert answer.status_code == 400 and "hồ sơ cơ quan" in answer.get_data(as_text=True)  # B's profile, refused
    director_id = next(i for i, label in offered if label == "Trần Văn Giám")
    assert draft_document(a, WITHOUT_ISSUING_BODY, profile_id=director_id).status_code == 302


def test_a_pdf_is_kept_beside_the_docx_when_asked(office, soffice):
    from pypdf import PdfReader

    app, _ = office
    a, b = app.test_client(), app.test_client()
    login(a, "canbo_a")
    document_id = draft_document(a).headers["Location"].rsplit("=", 1)[1]
    assert post(a, f"/van-ban/{document_id}/da-ky", {}, page="/van-ban").status_code == 302
    clerk = clerk_of(a)
    assert 'name="pdf" value="1"' in clerk.get("/van-ban").get_data(as_text=True)
    assert post(clerk, f"/van-ban/{document_id}/cap-so", {"date": "", "pdf": "1"}, page="/van-ban").status_code == 302
    answer = a.get(f"/van-ban/{document_id}/pdf")
    assert answer.mimetype == "application/pdf"
    assert "01/BB-ĐKT" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.data)).pages)
    login(b, "canbo_b")
    assert b.get(f"/van-ban/{document_id}/pdf").status_code == 404


def test_a_user_changes_their_own_password_and_other_sessions_end(office):
    app, _ = office
    here, elsewhere = app.test_client(), app.test_client()
    login(here, "canbo_a")
    login(elsewhere, "canbo_a")
    wrong = post(here, "/mat-khau", {"current": "sai", "new": "ngan", "again": "ngan"}, page="/mat-khau")
    page = wrong.get_data(as_text=True)
    assert wrong.status_code == 400 and "không đúng" in page and "ít nhất 10 ký tự" in page
    mismatch = post(here, "/mat-khau", {"current": PASSWORD, "new": "Mat-khau-moi-2027", "again": "Mat-khau-moi-2028"},
                    page="/mat-khau")
    assert mismatch.status_code == 400 and "không giống" in mismatch.get_data(as_text=True)
    done = post(here, "/mat-khau", {"current": PASSWORD, "new": "Mat-khau-moi-2027", "again": "Mat-khau-moi-2027"},
                page="/mat-khau")
    assert done.status_code == 200 and "Đã đổi mật khẩu" in done.get_data(as_text=True)
    assert here.get("/van-ban").status_code == 200        # this session goes on
    assert elsewhere.get("/van-ban").status_code == 302   # the other one ended
    assert login(elsewhere, "canbo_a").status_code == 401
    assert login(elsewhere, "canbo_a", "Mat-khau-moi-2027").status_code == 302
