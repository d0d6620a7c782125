"""Driving the office server in tests: initialise a database, log in, post forms with their
CSRF token, and the two agencies and four accounts most tests start from."""

import contextlib
import io
import re

from click.testing import CliRunner

from conftest import SAMPLES, SEED
from minutes_gen.cli import cli
from web_helpers import token_of

ADMIN_PASSWORD = "Quan-tri-vien-2026"
PASSWORD = "Mat-khau-can-bo-2026"
SEED_TEXT = SEED.read_text(encoding="utf-8")
PROFILE_A = (SAMPLES / "co-quan-sldtbxh.yaml").read_text(encoding="utf-8")
PROFILE_B = (PROFILE_A.replace("Sở Lao động, Thương binh và Xã hội", "Sở Nội vụ")
             .replace("abbreviation: SLĐTBXH", "abbreviation: SNV"))


def init_office(url: str) -> None:
    result = CliRunner().invoke(cli, ["office", "init", "--db", url, "--admin", "quantri"],
                                env={"MINUTES_GEN_ADMIN_PASSWORD": ADMIN_PASSWORD}, catch_exceptions=False)
    assert result.exit_code == 0, result.output


def csrf(client, path: str = "/dang-nhap") -> str:
    return token_of(client.get(path).get_data(as_text=True))


def post(client, path: str, data: dict, page: str = "/dang-nhap", **extra):
    return client.post(path, data={**data, "csrf_token": csrf(client, page)}, **extra)


def login(client, username: str, password: str = PASSWORD):
    return post(client, "/dang-nhap", {"username": username, "password": password})


def logout(client) -> None:
    post(client, "/dang-xuat", {}, page="/dang-nhap")


def setup_two_agencies(app) -> dict:
    """Agencies A (SLĐTBXH) and B (SNV); users canbo_a, vanthu_a (A) and canbo_b, vanthu_b (B).
    Returns the agency ids by abbreviation."""
    client = app.test_client()
    assert login(client, "quantri", ADMIN_PASSWORD).status_code == 302
    for profile in (PROFILE_A, PROFILE_B):
        assert post(client, "/quan-tri/co-quan", {"profile": profile}, page="/quan-tri").status_code == 302
    page = client.get("/quan-tri").get_data(as_text=True)
    ids = {name: int(value) for value, name in re.findall(r'<option value="(\d+)">([^<]+)</option>', page)}
    agencies = {"SLĐTBXH": ids["Sở Lao động, Thương binh và Xã hội"], "SNV": ids["Sở Nội vụ"]}
    for username, role, agency in (("canbo_a", "can-bo", "SLĐTBXH"), ("vanthu_a", "van-thu", "SLĐTBXH"),
                                   ("canbo_b", "can-bo", "SNV"), ("vanthu_b", "van-thu", "SNV")):
        answer = post(client, "/quan-tri/nguoi-dung", {"username": username, "full_name": f"Người {username}",
                                                       "role": role, "agency_id": agencies[agency],
                                                       "password": PASSWORD}, page="/quan-tri")
        assert answer.status_code == 302, answer.get_data(as_text=True)
    return agencies


def first_profile(client, page: str) -> str:
    """The first profile the form at ``page`` offers (its id)."""
    text = client.get(page).get_data(as_text=True)
    return re.search(r'<select name="profile_id">\s*<option value="(\d+)"', text).group(1)


def form_fields(text: str) -> dict:
    """The drafting form's fields as a browser posts them, filled from YAML ``text`` (what «Mở tệp
    vào biểu mẫu» shows): ``team.members[2].name``, ``scope[1]``, ``figures_table.rows[1][2]``."""
    import datetime as dt

    import yaml

    fields = {}

    def walk(node, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else key)
        elif isinstance(node, list):
            for index, value in enumerate(node, 1):
                walk(value, f"{path}[{index}]")
        elif node is not None:
            fields[path] = ("có" if node else "") if isinstance(node, bool) else (
                node.strftime("%d/%m/%Y") if isinstance(node, dt.date) else str(node))

    walk(yaml.safe_load(text), "")
    return fields


def draft_document(client, text: str = SEED_TEXT, kind: str = "minutes", profile_id: str = ""):
    """Post the drafting form (``profile_id``, else the first profile offered) as the logged-in secretary."""
    data = {"kind": kind, "profile_id": profile_id or first_profile(client, "/van-ban/moi"), "action": "draft",
            **form_fields(text)}
    return post(client, "/van-ban/moi", data, page="/van-ban/moi")


def clerk_of(client):
    """A logged-in client of the văn thư of the agency of the secretary logged in on ``client``."""
    page = client.get("/van-ban").get_data(as_text=True)
    clerk = client.application.test_client()
    login(clerk, "vanthu_" + re.search(r"Người canbo_(\w)", page).group(1))
    return clerk


def issue_document(client, text: str = SEED_TEXT, kind: str = "minutes", numbered: bool = True, date: str = ""):
    """The whole way of a document: the secretary drafts it and notes the signature, the văn thư
    of the agency gives its number and date (``date``: blank for today; ``numbered=False``: it
    stays a draft). The last answer."""
    answer = draft_document(client, text, kind)
    if answer.status_code != 302 or not numbered:
        return answer
    document_id = answer.headers["Location"].rsplit("=", 1)[1]
    signed = post(client, f"/van-ban/{document_id}/da-ky", {}, page="/van-ban")
    assert signed.status_code == 302, signed.get_data(as_text=True)
    return post(clerk_of(client), f"/van-ban/{document_id}/cap-so", {"date": date}, page="/van-ban")


def document_ids(client, path: str = "/van-ban") -> list[int]:
    """The ids of the documents a history page lists, newest first."""
    return [int(i) for i in re.findall(r'<tr data-id="(\d+)"', client.get(path).get_data(as_text=True))]


def edited_template(change: tuple[str, str] | None = None) -> bytes:
    """The built-in minutes template, one text changed (as an office would edit it in Word)."""
    import zipfile

    from minutes_gen.sources.builtin_files import builtin_template

    source = builtin_template("bien-ban-kiem-tra.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as edited:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml" and change:
                data = data.decode("utf-8").replace(*change).encode("utf-8")
            edited.writestr(item, data)
    return out.getvalue()


def audit_rows(url: str, limit: int = 500) -> list[dict]:
    """The newest entries of the office's audit log, read from its database."""
    from minutes_gen.office.store import OfficeStore

    office = OfficeStore.open(url)
    try:
        return office.audit_log(limit)
    finally:
        office.close()


def post_apology_run(client, as_of: str = "15/06/2023", register: bytes | None = None, issued: bool = True,
                     name: str = "so.xlsx"):
    """Post the apology page with a register (the sample .xlsx unless given) and the first profile:
    the run is prepared (letters without numbers); unless ``issued=False``, the văn thư of the
    agency then issues it dated ``as_of``. The last answer."""
    import io

    register = register if register is not None else (SAMPLES / "so-theo-doi-ho-so.xlsx").read_bytes()
    answer = post(client, "/xin-loi", {"as_of": as_of, "register": (io.BytesIO(register), name),
                                       "profile_id": first_profile(client, "/xin-loi")},
                  page="/xin-loi", content_type="multipart/form-data")
    if answer.status_code != 302 or not issued:
        return answer
    return issue_run(clerk_of(client), answer.headers["Location"].rsplit("/", 1)[1], as_of)


def issue_run(clerk, document_id, date: str = ""):
    """The văn thư logged in on ``clerk`` issues the prepared run ``document_id`` (``date``: blank for today)."""
    return post(clerk, f"/van-ban/{document_id}/cap-so-dot", {"date": date}, page=f"/van-ban/{document_id}")


@contextlib.contextmanager
def served(app):
    """``app`` served by waitress on a free port of 127.0.0.1, as `office serve` runs it; its base URL."""
    import threading

    from minutes_gen.web.server import start_server

    server = start_server(app, "127.0.0.1", 0)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        yield server.url.rstrip("/")
    finally:
        server.close()


@contextlib.contextmanager
def served_office(folder, two_agencies: bool = True):
    """A new office database in ``folder`` (agencies A and B with their users unless not
    ``two_agencies``), served; its base URL."""
    from minutes_gen.office.app import create_office_app

    url = f"sqlite:///{folder / 'van-phong.db'}"
    init_office(url)
    app = create_office_app(url)
    if two_agencies:
        setup_two_agencies(app)
    with served(app) as base:
        yield base
