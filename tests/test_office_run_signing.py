"""Digital signatures on an issued apology run's letters, over HTTP, with real certificates (a
throw-away CA) and the seal on a real SoftHSM2 token: the người ký signs every letter, the văn thư
seals every letter, the page says how many carry both signatures intact, the signed letters
download as a .zip and the e-mail (a real SMTP server) carries each letter's signed PDF; out of
order, twice, a wrong password, a letter that cannot be signed (nothing kept), another agency,
another role, a draft run and a busy server are refused; the person's key is kept nowhere; a
Chromium session signs, seals and downloads."""

import io
import re
import zipfile

import pytest

from office_helpers import ADMIN_PASSWORD, audit_rows, edited_template, post, served
from signing_helpers import PASSWORD as KEY_PASSWORD
from signing_helpers import PIN
from test_email import smtp_server  # noqa: F401 (fixture)
from test_office_browser import _person, browser  # noqa: F401 (the fixture: a headless Chromium)
from test_office_mail import run_apologies, send, set_smtp
from test_office_signing import (_agency_ids, _client, _database_bytes, _files, _multipart, _seal_on_token, _signers,
                                 _verify_downloaded, keys, office_key, sign_in_the_page, sqlite_office,
                                 token)  # noqa: F401 (fixtures)

pytest.importorskip("pyhanko")
BOTH = ["ChuKyNguoiKy", "ChuKyCoQuan"]


def _ready(office, keys, tmp_path):
    """The office with the người ký of both agencies, agency A's seal on the token, the CA's root
    trusted, and an issued run of A; (app, url, clients, run id)."""
    app, url = office
    admin = _client(app, "quantri", ADMIN_PASSWORD)
    _signers(app, admin)
    assert _seal_on_token(admin, keys, _agency_ids(admin)["Sở Lao động, Thương binh và Xã hội"]).status_code == 302
    roots = _multipart(admin, "/quan-tri/con-dau/goc", _files(roots=(keys["root"], "goc.pem")), "/quan-tri/con-dau")
    assert roots.status_code == 302
    secretary, run_id = run_apologies(app, tmp_path)
    clients = {"admin": admin, "canbo_a": secretary, **{name: _client(app, name) for name in
                                                          ("vanthu_a", "nguoiky_a", "nguoiky_b", "vanthu_b")}}
    return app, url, clients, run_id


@pytest.fixture
def run_office(office, keys, token, office_key, soffice, tmp_path):
    return _ready(office, keys, tmp_path)


@pytest.fixture
def sqlite_run(sqlite_office, keys, token, office_key, soffice, tmp_path):
    return _ready(sqlite_office, keys, tmp_path)


def _sign_run(client, run_id, keys, password=KEY_PASSWORD):
    return _multipart(client, f"/van-ban/{run_id}/ky-so-dot",
                      {"password": password, **_files(p12=(keys["person"], "cua-toi.p12"),
                                                      image=(keys["signature"], "chu-ky.png"))}, f"/van-ban/{run_id}")


def _seal_run(client, run_id):
    return post(client, f"/van-ban/{run_id}/dong-dau-dot", {}, page=f"/van-ban/{run_id}")


def _summary(client, run_id) -> str:
    page = client.get(f"/van-ban/{run_id}").get_data(as_text=True)
    found = re.search(r'<p id="run-verify" class="\w+">([^<]+)</p>', page)
    return found.group(1) if found else ""


def _signed_rows(app) -> int:
    from minutes_gen.office.store import OfficeStore

    office = OfficeStore.open(app.config["OFFICE_DB"])
    try:
        return office.database.one("SELECT COUNT(*) AS n FROM signed_pdfs")["n"]
    finally:
        office.close()


@pytest.mark.slow
def test_the_person_signs_the_run_the_clerk_seals_it_and_the_mail_carries_the_signed_pdfs(run_office, keys,
                                                                                          smtp_server):  # noqa: F811
    from minutes_gen.signing.verify import verify_pdf

    handler, port = smtp_server
    app, url, clients, run_id = run_office
    signed = _sign_run(clients["nguoiky_a"], run_id, keys)
    assert signed.status_code == 302, signed.get_data(as_text=True)
    count = int(_summary(clients["canbo_a"], run_id).split("/")[0])
    assert count >= 3 and _summary(clients["canbo_a"], run_id) == (
        f"{count}/{count} phiếu có chữ ký của người ký, còn nguyên vẹn (chờ văn thư đóng dấu).")
    sealed = _seal_run(clients["vanthu_a"], run_id)
    assert sealed.status_code == 302, sealed.get_data(as_text=True)
    assert _summary(clients["nguoiky_a"], run_id) == f"{count}/{count} phiếu có đủ hai chữ ký, còn nguyên vẹn."
    download = clients["canbo_a"].get(f"/van-ban/{run_id}/phieu-ky-so")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(download.data)) as packed:
        letters = {name: packed.read(name) for name in packed.namelist()}
    assert len(letters) == count and all(name.endswith(".pdf") for name in letters)
    assert all(_verify_downloaded(pdf, verify_pdf) == BOTH for pdf in letters.values())
    set_smtp(clients["admin"], port)
    status, text = send(clients["canbo_a"], run_id)
    assert status == 200 and len(handler.messages) == 2, text
    for _, message in handler.messages:
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_filename().endswith(".pdf") and attachment.get_content_type() == "application/pdf"
        pdf = attachment.get_payload(decode=True)
        assert pdf == letters[attachment.get_filename()] and _verify_downloaded(pdf, verify_pdf) == BOTH
    details = {row["action"]: row["detail"] for row in audit_rows(url)}
    assert details["ký số đợt phiếu (người ký)"].endswith(f": {count} phiếu")
    assert details["ký số đợt phiếu (con dấu cơ quan)"].endswith(f": {count} phiếu")
    assert "tải đợt phiếu đã ký số" in details


@pytest.mark.slow
def test_out_of_order_twice_or_with_a_wrong_password_nothing_is_signed(sqlite_run, keys):
    app, _, clients, run_id = sqlite_run
    early = _seal_run(clients["vanthu_a"], run_id)
    assert early.status_code == 400 and "cơ quan ký sau người ký" in early.get_data(as_text=True)
    wrong = _sign_run(clients["nguoiky_a"], run_id, keys, password="khong-phai")
    assert wrong.status_code == 400 and "sai mật khẩu" in wrong.get_data(as_text=True)
    assert _signed_rows(app) == 0
    one = _multipart(clients["nguoiky_a"], f"/van-ban/{run_id}/ky-so",
                     {"password": KEY_PASSWORD, **_files(p12=(keys["person"], "k.p12"), image=(keys["signature"], "a.png"))},
                     f"/van-ban/{run_id}")  # the one-document form on a run: said where a run is signed
    assert one.status_code == 400 and "Ký số cả đợt" in one.get_data(as_text=True)
    assert _sign_run(clients["nguoiky_a"], run_id, keys).status_code == 302
    again = _sign_run(clients["nguoiky_a"], run_id, keys)
    assert again.status_code == 400 and "không ký lần hai" in again.get_data(as_text=True)
    assert _seal_run(clients["vanthu_a"], run_id).status_code == 302
    twice = _seal_run(clients["vanthu_a"], run_id)
    assert twice.status_code == 400 and "không ký lần hai" in twice.get_data(as_text=True)
    assert clients["vanthu_a"].get(f"/van-ban/{run_id}/pdf-ky-so").status_code == 404  # a run's is a .zip
    for answer in (early, wrong, again, twice):
        assert "Traceback" not in answer.get_data(as_text=True)


@pytest.mark.slow
def test_a_letter_that_cannot_be_signed_is_named_and_no_letter_is_kept(sqlite_run, keys):
    from minutes_gen.office.store import OfficeStore

    app, url, clients, run_id = sqlite_run
    office = OfficeStore.open(url)
    try:  # one letter of the kept run replaced by a document without the signer's name
        row = office.database.one("SELECT agency_id, content FROM documents WHERE id = ?", (run_id,))
        content, letter = bytes(row["content"]), office.run_letters(row["agency_id"], run_id)["letters"][1]
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(content)) as kept, zipfile.ZipFile(out, "w") as changed:
            for name in kept.namelist():
                changed.writestr(name, edited_template() if name == letter["file"] else kept.read(name))
        office.database.execute("UPDATE documents SET content = ? WHERE id = ?", (out.getvalue(), run_id))
    finally:
        office.close()
    refused = _sign_run(clients["nguoiky_a"], run_id, keys)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400 and f"phiếu {letter['code']} ({letter['file']})" in text
    assert "không thấy tên người ký" in text and "không phiếu nào được ký" in text
    assert _signed_rows(app) == 0 and "Chưa có chữ ký số nào" in clients["canbo_a"].get(f"/van-ban/{run_id}").get_data(
        as_text=True)


@pytest.mark.slow
def test_another_agency_another_role_a_draft_run_and_a_busy_server_cannot_sign(sqlite_run, keys, tmp_path):
    from minutes_gen.office.context import JOBS
    from minutes_gen.web.guard import JobGate

    app, _, clients, run_id = sqlite_run
    assert _sign_run(clients["nguoiky_b"], run_id, keys).status_code == 404
    assert _seal_run(clients["vanthu_b"], run_id).status_code == 404
    assert clients["nguoiky_b"].get(f"/van-ban/{run_id}/phieu-ky-so").status_code == 404
    for name in ("canbo_a", "vanthu_a", "admin"):
        assert _sign_run(clients[name], run_id, keys).status_code == 403
    for name in ("canbo_a", "nguoiky_a", "admin"):
        assert _seal_run(clients[name], run_id).status_code == 403
    _, draft_id = run_apologies(app, tmp_path, as_of="16/06/2023", issued=False)
    draft = _sign_run(clients["nguoiky_a"], draft_id, keys)
    assert draft.status_code == 400 and "đã được văn thư cấp số" in draft.get_data(as_text=True)
    assert clients["nguoiky_a"].get(f"/van-ban/{run_id}/phieu-ky-so").status_code == 404  # nothing signed yet
    app.extensions[JOBS] = JobGate(running=1, waiting=0)
    with app.extensions[JOBS]:  # someone else's work holds the only place
        busy = _sign_run(clients["nguoiky_a"], run_id, keys)
    assert busy.status_code == 503 and "đang bận" in busy.get_data(as_text=True)
    assert _signed_rows(app) == 0


@pytest.mark.slow
def test_the_person_key_is_kept_nowhere_in_the_database(sqlite_run, keys):
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, pkcs12

    app, url, clients, run_id = sqlite_run
    assert _sign_run(clients["nguoiky_a"], run_id, keys).status_code == 302
    assert _seal_run(clients["vanthu_a"], run_id).status_code == 302
    private_key = pkcs12.load_key_and_certificates(keys["person"], KEY_PASSWORD.encode())[0]
    key_der = private_key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    database = _database_bytes(url)
    assert keys["person"] not in database and key_der[-64:] not in database
    for secret in (PIN, KEY_PASSWORD):
        assert secret.encode() not in database and secret.encode("utf-16-le") not in database


@pytest.mark.slow
def test_a_signed_letter_changed_in_the_database_is_named_on_the_page(sqlite_run, keys):
    from minutes_gen.office.store import OfficeStore
    from test_signing import _add_text_to_first_page, _incremental

    app, url, clients, run_id = sqlite_run
    assert _sign_run(clients["nguoiky_a"], run_id, keys).status_code == 302
    assert _seal_run(clients["vanthu_a"], run_id).status_code == 302
    before = _summary(clients["canbo_a"], run_id)  # seen once: what the page keeps must follow the bytes
    assert before.split(" ")[0].split("/")[0] == before.split(" ")[0].split("/")[1]
    office = OfficeStore.open(url)
    try:
        kept = bytes(office.database.one("SELECT pdf FROM signed_pdfs WHERE document_id = ?", (run_id,))["pdf"])
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(kept)) as signed, zipfile.ZipFile(out, "w") as changed:
            names = signed.namelist()
            for name in names:
                data = signed.read(name)
                changed.writestr(name, _incremental(data, _add_text_to_first_page) if name == names[0] else data)
        office.database.execute("UPDATE signed_pdfs SET pdf = ? WHERE document_id = ?", (out.getvalue(), run_id))
    finally:
        office.close()
    page = clients["canbo_a"].get(f"/van-ban/{run_id}").get_data(as_text=True)
    assert _summary(clients["canbo_a"], run_id) == f"{len(names) - 1}/{len(names)} phiếu có đủ hai chữ ký, còn nguyên vẹn."
    bad = re.search(r'<ul class="errors" id="run-verify-bad">(.*?)</ul>', page, re.S).group(1)
    assert names[0].removesuffix(".pdf") in bad and "đã bị sửa sau khi ký" in bad and bad.count("<li>") == 1


@pytest.mark.slow
def test_in_chromium_the_signer_signs_the_run_the_clerk_seals_it_and_the_letters_download(sqlite_run, keys, browser,
                                                                                          tmp_path):  # noqa: F811
    from minutes_gen.signing.stamp import signed_fields

    app, _, _, run_id = sqlite_run
    with served(app) as base:
        signer = _person(browser, base, "nguoiky_a")
        signer.goto(f"{base}/van-ban/{run_id}")
        sign_in_the_page(signer, "#sign-run-person", keys, tmp_path)
        assert "chờ văn thư đóng dấu" in signer.locator("#run-verify").inner_text()
        assert signer.locator("#sign-run-agency").count() == 0 and signer.locator("#sign-run-person").count() == 0
        clerk = _person(browser, base, "vanthu_a")
        clerk.goto(f"{base}/van-ban/{run_id}")
        clerk.locator("text=Đóng dấu số của cơ quan cho tất cả phiếu").click()
        summary = clerk.locator("#run-verify").inner_text()
        total = summary.split("/")[0]
        assert summary == f"{total}/{total} phiếu có đủ hai chữ ký, còn nguyên vẹn."
        assert clerk.locator("#sign-run-agency").count() == 0
        with clerk.expect_download() as download:
            clerk.click("#signed-letters")
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
    assert saved.name.endswith("-da-ky-so.zip")
    with zipfile.ZipFile(saved) as packed:
        assert len(packed.namelist()) == int(total)
        assert all(signed_fields(packed.read(name)) == set(BOTH) for name in packed.namelist())
