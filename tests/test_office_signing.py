"""Digital signatures from the office server, with real certificates (a throw-away CA) and a real
SoftHSM2 token for the seal: the người ký signs an issued document with their own PKCS#12 sent
for that request, then the văn thư seals; out of order, a wrong password, an expired certificate,
another agency, another role and a forged field are refused; no key, password or PIN is kept in
clear; the page shows what `verify` says, a tampered PDF included; a Chromium session does it all."""

import io
import re

import pytest

from office_helpers import ADMIN_PASSWORD, PASSWORD, audit_rows, clerk_of, draft_document, login, post, served
from signing_helpers import PASSWORD as KEY_PASSWORD
from signing_helpers import PERSON, PIN, SOFTHSM, ThrowawayCA, seal_image, signature_image, softhsm_token
from test_office_browser import _person, browser  # noqa: F401  (the fixture: a headless Chromium)
from test_signing import _add_text_to_first_page, _incremental

pytest.importorskip("pyhanko")


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("khoa-van-phong")
    ca = ThrowawayCA(folder)
    return {"ca": ca, "root": (folder / "ca.pem").read_bytes(), "person": ca.pkcs12(PERSON, "nguoi-ky.p12").read_bytes(),
            "expired": ca.pkcs12(PERSON, "het-han.p12", valid=(-30, -1)).read_bytes(),
            "agency": ca.pkcs12("Sở Lao động", "co-quan.p12").read_bytes(),
            "signature": signature_image(folder / "chu-ky.png").read_bytes(),
            "seal": seal_image(folder / "con-dau.png").read_bytes()}


@pytest.fixture(scope="module")
def token(tmp_path_factory, keys):
    monkeypatch = pytest.MonkeyPatch()
    yield softhsm_token(tmp_path_factory.mktemp("softhsm-van-phong"), keys["ca"], monkeypatch)
    monkeypatch.undo()


@pytest.fixture
def office_key(monkeypatch):
    from minutes_gen.storage.sealed import new_key

    monkeypatch.setenv("MINUTES_GEN_OFFICE_KEY", new_key())


def _files(**files) -> dict:
    return {name: (io.BytesIO(data), file_name) for name, (data, file_name) in files.items()}


def _multipart(client, path: str, fields: dict, page: str):
    return post(client, path, fields, page=page, content_type="multipart/form-data")


def _client(app, username: str, password: str = PASSWORD):
    client = app.test_client()
    assert login(client, username, password).status_code == 302
    return client


def _signers(app, admin) -> None:
    """The người ký of each agency, created by the administrator like any account."""
    page = admin.get("/quan-tri").get_data(as_text=True)
    ids = dict(re.findall(r'<option value="(\d+)">([^<]+)</option>', page))
    by_name = {name: value for value, name in ids.items()}
    for username, agency in (("nguoiky_a", "Sở Lao động, Thương binh và Xã hội"), ("nguoiky_b", "Sở Nội vụ")):
        answer = post(admin, "/quan-tri/nguoi-dung", {"username": username, "full_name": f"Lãnh đạo {username}",
                                                      "role": "nguoi-ky", "agency_id": by_name[agency],
                                                      "password": PASSWORD}, page="/quan-tri")
        assert answer.status_code == 302, answer.get_data(as_text=True)


def _seal_on_token(admin, keys, agency_id: str, key_label: str = "con-dau"):
    return _multipart(admin, "/quan-tri/con-dau", {"agency_id": agency_id, "kind": "pkcs11", "module": SOFTHSM,
                                                   "token": "so-noi-vu", "key": key_label, "secret": PIN,
                                                   **_files(image=(keys["seal"], "con-dau.png"))}, "/quan-tri/con-dau")


def _agency_ids(admin) -> dict:
    page = admin.get("/quan-tri/con-dau").get_data(as_text=True)
    return {name: value for value, name in re.findall(r'<option value="(\d+)">([^<]+)</option>', page)}


@pytest.fixture
def signing_office(office, keys, token, office_key, soffice):
    """The office (SQLite and PostgreSQL) ready to sign (``_ready_to_sign``)."""
    return _ready_to_sign(office, keys)


def _ready_to_sign(office, keys):
    """The office with the người ký of both agencies, agency A's seal on the SoftHSM2 token, the
    CA's root trusted, and an issued minutes of A with its PDF; (app, url, clients, document id)."""
    app, url = office
    admin = _client(app, "quantri", ADMIN_PASSWORD)
    _signers(app, admin)
    agency_a = _agency_ids(admin)["Sở Lao động, Thương binh và Xã hội"]
    assert _seal_on_token(admin, keys, agency_a).status_code == 302
    roots = _multipart(admin, "/quan-tri/con-dau/goc", _files(roots=(keys["root"], "goc.pem")), "/quan-tri/con-dau")
    assert roots.status_code == 302, roots.get_data(as_text=True)
    secretary = _client(app, "canbo_a")
    document_id = draft_document(secretary).headers["Location"].rsplit("=", 1)[1]
    assert post(secretary, f"/van-ban/{document_id}/da-ky", {}, page="/van-ban").status_code == 302
    issued = post(clerk_of(secretary), f"/van-ban/{document_id}/cap-so", {"date": "", "pdf": "1"}, page="/van-ban")
    assert issued.status_code == 302, issued.get_data(as_text=True)
    clients = {"admin": admin, "canbo_a": secretary, "vanthu_a": _client(app, "vanthu_a"),
               "nguoiky_a": _client(app, "nguoiky_a"), "nguoiky_b": _client(app, "nguoiky_b"),
               "vanthu_b": _client(app, "vanthu_b")}
    return app, url, clients, document_id


def _sign_person(client, document_id, keys, p12="person", password=KEY_PASSWORD, **extra):
    return _multipart(client, f"/van-ban/{document_id}/ky-so",
                      {"password": password, **extra, **_files(p12=(keys[p12], "cua-toi.p12"),
                                                               image=(keys["signature"], "chu-ky.png"))},
                      f"/van-ban/{document_id}")


def _seal(client, document_id):
    return post(client, f"/van-ban/{document_id}/dong-dau", {}, page=f"/van-ban/{document_id}")


def _verify_rows(client, document_id) -> list[str]:
    page = client.get(f"/van-ban/{document_id}").get_data(as_text=True)
    table = re.search(r'<table id="verify">(.*?)</table>', page, re.S)
    return re.findall(r"<tr class=\"\w+\">(.*?)</tr>", table.group(1), re.S) if table else []


@pytest.mark.slow
def test_the_person_signs_then_the_clerk_seals_and_the_page_shows_what_verify_says(signing_office, keys):
    from minutes_gen.signing.verify import verify_pdf

    app, url, clients, document_id = signing_office
    signed = _sign_person(clients["nguoiky_a"], document_id, keys)
    assert signed.status_code == 302, signed.get_data(as_text=True)
    (person,) = _verify_rows(clients["canbo_a"], document_id)
    assert "Người ký" in person and PERSON in person and "còn nguyên vẹn; chứng thư tin cậy" in person
    sealed = _seal(clients["vanthu_a"], document_id)
    assert sealed.status_code == 302, sealed.get_data(as_text=True)
    rows = _verify_rows(clients["nguoiky_a"], document_id)
    assert len(rows) == 2 and all("còn nguyên vẹn; chứng thư tin cậy" in row for row in rows)
    assert "Cơ quan (con dấu)" in rows[1] and "Sở Nội vụ tỉnh Đắk Lắk" in rows[1]  # the token's certificate
    download = clients["canbo_a"].get(f"/van-ban/{document_id}/pdf-ky-so")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert _verify_downloaded(download.data, verify_pdf) == ["ChuKyNguoiKy", "ChuKyCoQuan"]
    again = _seal(clients["vanthu_a"], document_id)
    assert again.status_code == 400 and "không ký lần hai" in again.get_data(as_text=True)
    actions = [row["action"] for row in audit_rows(url)]
    assert {"ký số (người ký)", "ký số (con dấu cơ quan)", "tải văn bản đã ký số", "đặt khóa con dấu"} <= set(actions)


def _verify_downloaded(data: bytes, verify_pdf) -> list[str]:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "da-ky.pdf"
        path.write_bytes(data)
        reports = verify_pdf(path, []).signatures
    assert all(report.integrity == "intact" and not report.changed_after for report in reports)
    return [report.field for report in reports]


@pytest.fixture
def sqlite_office(tmp_path):
    """The ``office`` fixture's office on SQLite only (the tests below read its file's bytes)."""
    from minutes_gen.office.app import create_office_app
    from office_helpers import init_office, setup_two_agencies

    url = f"sqlite:///{tmp_path / 'so.db'}"
    init_office(url)
    app = create_office_app(url)
    app.config["TESTING"] = True
    setup_two_agencies(app)
    return app, url


@pytest.fixture
def sqlite_signing(sqlite_office, keys, token, office_key, soffice):
    return _ready_to_sign(sqlite_office, keys)


def _no_signature(app, document_id) -> bool:
    from minutes_gen.office.store import OfficeStore

    office = OfficeStore.open(app.config["OFFICE_DB"])
    try:
        return office.database.one("SELECT COUNT(*) AS n FROM signed_pdfs")["n"] == 0
    finally:
        office.close()


@pytest.mark.slow
def test_out_of_order_a_wrong_password_and_an_expired_certificate_are_refused(sqlite_signing, keys):
    app, _, clients, document_id = sqlite_signing
    early = _seal(clients["vanthu_a"], document_id)
    assert early.status_code == 400
    assert "chưa có chữ ký của người có thẩm quyền; cơ quan ký sau người ký" in early.get_data(as_text=True)
    wrong = _sign_person(clients["nguoiky_a"], document_id, keys, password="khong-phai")
    assert wrong.status_code == 400 and "sai mật khẩu" in wrong.get_data(as_text=True)
    expired = _sign_person(clients["nguoiky_a"], document_id, keys, p12="expired")
    assert expired.status_code == 400 and "chứng thư số đã hết hạn" in expired.get_data(as_text=True)
    for answer in (early, wrong, expired):
        assert "Traceback" not in answer.get_data(as_text=True) and "Error" not in answer.get_data(as_text=True)
    assert _no_signature(app, document_id)


@pytest.mark.slow
def test_another_agency_another_role_and_a_forged_field_cannot_sign(sqlite_signing, keys):
    from minutes_gen.signing.stamp import signed_fields

    app, _, clients, document_id = sqlite_signing
    assert _sign_person(clients["nguoiky_b"], document_id, keys).status_code == 404
    assert _seal(clients["vanthu_b"], document_id).status_code == 404
    assert clients["nguoiky_b"].get(f"/van-ban/{document_id}/pdf-ky-so").status_code == 404
    assert _seal(clients["canbo_a"], document_id).status_code == 403
    assert _seal(clients["nguoiky_a"], document_id).status_code == 403  # the person never seals
    assert _sign_person(clients["canbo_a"], document_id, keys).status_code == 403
    assert _sign_person(clients["vanthu_a"], document_id, keys).status_code == 403
    admin = clients["admin"]
    assert post(admin, f"/van-ban/{document_id}/dong-dau", {}, page="/quan-tri").status_code == 403
    assert _no_signature(app, document_id)
    forged = _sign_person(clients["nguoiky_a"], document_id, keys, role="agency", kind="agency", **{"as": "agency"})
    assert forged.status_code == 302
    signed = clients["nguoiky_a"].get(f"/van-ban/{document_id}/pdf-ky-so").data
    assert signed_fields(signed) == {"ChuKyNguoiKy"}  # the route decides the role, not the form


def _database_bytes(url: str) -> bytes:
    from pathlib import Path

    path = Path(url.removeprefix("sqlite:///"))
    return b"".join(file.read_bytes() for file in path.parent.glob(path.name + "*"))


@pytest.mark.slow
def test_no_key_password_or_pin_is_kept_in_clear(sqlite_signing, keys):
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, pkcs12

    app, url, clients, document_id = sqlite_signing
    admin = clients["admin"]
    agency_b = _agency_ids(admin)["Sở Nội vụ"]
    stored = _multipart(admin, "/quan-tri/con-dau", {"agency_id": agency_b, "kind": "p12", "secret": KEY_PASSWORD,
                                                     **_files(p12=(keys["agency"], "co-quan.p12"),
                                                              image=(keys["seal"], "con-dau.png"))}, "/quan-tri/con-dau")
    assert stored.status_code == 302, stored.get_data(as_text=True)
    assert _sign_person(clients["nguoiky_a"], document_id, keys).status_code == 302
    assert _seal(clients["vanthu_a"], document_id).status_code == 302
    private_key = pkcs12.load_key_and_certificates(keys["person"], KEY_PASSWORD.encode())[0]
    key_der = private_key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    database = _database_bytes(url)
    assert keys["person"] not in database and key_der[-64:] not in database
    assert keys["agency"] not in database
    for secret in (PIN, KEY_PASSWORD):
        assert secret.encode() not in database and secret.encode("utf-16-le") not in database
    page = admin.get("/quan-tri/con-dau").get_data(as_text=True)
    assert PIN not in page and KEY_PASSWORD not in page and "tệp PKCS#12" in page


def test_without_the_server_key_no_seal_is_kept(sqlite_office, keys, monkeypatch):
    monkeypatch.delenv("MINUTES_GEN_OFFICE_KEY", raising=False)
    app, url = sqlite_office
    admin = _client(app, "quantri", ADMIN_PASSWORD)
    agency_a = _agency_ids(admin)["Sở Lao động, Thương binh và Xã hội"]
    assert "chưa có khóa mã hóa" in admin.get("/quan-tri/con-dau").get_data(as_text=True)
    refused = _multipart(admin, "/quan-tri/con-dau", {"agency_id": agency_a, "kind": "p12", "secret": KEY_PASSWORD,
                                                      **_files(p12=(keys["agency"], "co-quan.p12"),
                                                               image=(keys["seal"], "con-dau.png"))}, "/quan-tri/con-dau")
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "chưa đặt biến môi trường MINUTES_GEN_OFFICE_KEY" in text
    assert "(chưa có)" in admin.get("/quan-tri/con-dau").get_data(as_text=True)
    assert keys["agency"] not in _database_bytes(url)


def test_a_seal_key_that_cannot_sign_is_refused_when_set(sqlite_office, keys, token, office_key):
    app, _ = sqlite_office
    admin = _client(app, "quantri", ADMIN_PASSWORD)
    agency_a = _agency_ids(admin)["Sở Lao động, Thương binh và Xã hội"]
    expired = _seal_on_token(admin, keys, agency_a, "con-dau-het-han")
    assert expired.status_code == 400 and "đã hết hạn" in expired.get_data(as_text=True)
    wrong_pin = _multipart(admin, "/quan-tri/con-dau", {"agency_id": agency_a, "kind": "pkcs11", "module": SOFTHSM,
                                                        "token": "so-noi-vu", "key": "con-dau", "secret": "000000",
                                                        **_files(image=(keys["seal"], "con-dau.png"))},
                           "/quan-tri/con-dau")
    assert wrong_pin.status_code == 400 and "sai mã PIN" in wrong_pin.get_data(as_text=True)
    elsewhere = _multipart(admin, "/quan-tri/con-dau", {"agency_id": agency_a, "kind": "pkcs11",
                                                        "module": "/tmp/khong-co.so", "token": "t", "key": "k",
                                                        "secret": PIN, **_files(image=(keys["seal"], "con-dau.png"))},
                           "/quan-tri/con-dau")
    assert elsewhere.status_code == 400 and "thư viện PKCS#11" in elsewhere.get_data(as_text=True)
    assert admin.get("/quan-tri/con-dau").get_data(as_text=True).count("(chưa có)") == 2


@pytest.mark.slow
def test_a_signed_pdf_changed_in_the_database_shows_as_changed_on_the_page(sqlite_signing, keys):
    from minutes_gen.office.store import OfficeStore

    app, url, clients, document_id = sqlite_signing
    assert _sign_person(clients["nguoiky_a"], document_id, keys).status_code == 302
    office = OfficeStore.open(url)
    try:
        kept = office.database.one("SELECT pdf FROM signed_pdfs WHERE document_id = ?", (int(document_id),))["pdf"]
        office.database.execute("UPDATE signed_pdfs SET pdf = ? WHERE document_id = ?",
                                (_incremental(bytes(kept), _add_text_to_first_page), int(document_id)))
    finally:
        office.close()
    (row,) = _verify_rows(clients["vanthu_a"], document_id)
    assert "đã bị sửa sau khi ký" in row


def test_an_older_database_gains_the_signing_tables(tmp_path):
    from minutes_gen.office.store import SCHEMA_VERSION, OfficeStore
    from office_helpers import init_office

    url = f"sqlite:///{tmp_path / 'cu.db'}"
    init_office(url)
    office = OfficeStore.open(url)
    try:
        office.database.execute("DROP TABLE signed_pdfs")
        office.database.execute("DROP TABLE agency_seals")
        office.database.execute("UPDATE office_meta SET value = '4' WHERE key = 'schema_version'")
        assert office.migrate() == 4 and office.schema_version() == SCHEMA_VERSION
        assert office.database.has_table("signed_pdfs") and office.database.has_table("agency_seals")
    finally:
        office.close()


@pytest.mark.slow
def test_in_chromium_the_signer_signs_the_clerk_seals_and_the_signed_pdf_downloads(sqlite_signing, keys, browser,
                                                                                    tmp_path):
    from minutes_gen.signing.stamp import signed_fields

    app, _, _, document_id = sqlite_signing
    with served(app) as base:
        signer = _person(browser, base, "nguoiky_a")
        signer.goto(f"{base}/van-ban/{document_id}")
        sign_in_the_page(signer, "#sign-person", keys, tmp_path)
        assert "còn nguyên vẹn; chứng thư tin cậy" in signer.locator("#verify").inner_text()
        assert signer.locator("#sign-agency").count() == 0  # the person does not seal
        clerk = _person(browser, base, "vanthu_a")
        clerk.goto(f"{base}/van-ban/{document_id}")
        clerk.locator("text=Đóng dấu số của cơ quan").click()
        assert clerk.locator("#verify").inner_text().count("còn nguyên vẹn; chứng thư tin cậy") == 2
        with clerk.expect_download() as download:
            clerk.click("#signed-pdf")
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.name.endswith("-da-ky-so.pdf")
        assert signed_fields(saved.read_bytes()) == {"ChuKyNguoiKy", "ChuKyCoQuan"}


def sign_in_the_page(page, form_id: str, keys, folder) -> None:
    """The người ký chooses their key file, types its password, chooses their signature image and
    signs, in the form ``form_id`` of the page."""
    (folder / "cua-toi.p12").write_bytes(keys["person"])
    (folder / "chu-ky.png").write_bytes(keys["signature"])
    form = page.locator(form_id)
    form.locator('input[name="p12"]').set_input_files(str(folder / "cua-toi.p12"))
    form.locator('input[name="password"]').fill(KEY_PASSWORD)
    form.locator('input[name="image"]').set_input_files(str(folder / "chu-ky.png"))
    form.locator("button[type=submit]").click()
