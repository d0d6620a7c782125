"""Digital signatures as ND30 lays them out, with a throw-away CA made here: the person signs
first, the agency second, each an incremental update; the seal's image lies over the left third
of the signature between title and name (read from the page as pixels); `verify` says who
signed, when, and fails naming the signature after one byte is changed; a SoftHSM2 token signs
a batch of letters with one PIN."""

import io
import os
import shutil
import subprocess

import pytest
import yaml

from conftest import SAMPLES, SEED
from signing_helpers import (AGENCY, PASSWORD, PERSON, PIN, BLUE, RED, ThrowawayCA, plain_pyhanko_sign, seal_image,
                             signature_facts, signature_image, softhsm_token)

pytest.importorskip("pyhanko")


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("khoa")
    ca = ThrowawayCA(folder)
    return {"ca": ca, "folder": folder, "person": ca.pkcs12(PERSON, "nguoi-ky.p12"),
            "agency": ca.pkcs12(AGENCY, "co-quan.p12"), "signature": signature_image(folder / "chu-ky.png"),
            "seal": seal_image(folder / "con-dau.png"),
            "expired": ca.pkcs12(PERSON, "het-han.p12", valid=(-30, -1)),
            "agency-expired": ca.pkcs12(AGENCY, "co-quan-het-han.p12", valid=(-30, -1)),
            "future": ca.pkcs12(PERSON, "chua-hieu-luc.p12", valid=(2, 30)),
            "encipher": ca.pkcs12(PERSON, "ma-hoa.p12", usage={"key_encipherment": True})}


@pytest.fixture
def signed_minutes(run, tmp_path, keys, soffice, monkeypatch):
    monkeypatch.setenv("MINUTES_GEN_P12_PASSWORD", PASSWORD)
    assert run("render", "minutes", SEED, "-o", "bb.docx", "--pdf").exit_code == 0
    pdf = tmp_path / "bb.pdf"
    person = run("sign", pdf, "--as", "person", "--name", PERSON, "--image", keys["signature"], "--p12", keys["person"])
    assert person.exit_code == 0, person.output
    agency = run("sign", pdf, "--as", "agency", "--name", PERSON, "--image", keys["seal"], "--agency-name",
                 "Đoàn kiểm tra cải cách hành chính", "--p12", keys["agency"])
    assert agency.exit_code == 0, agency.output
    return pdf


@pytest.mark.slow
def test_two_intact_signatures_and_a_changed_byte_is_caught(run, signed_minutes, keys):
    result = run("verify", signed_minutes, "--trust", keys["folder"] / "ca.pem")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 2
    assert f"chữ ký 1 (ChuKyNguoiKy) của {PERSON}" in lines[0] and f"chữ ký 2 (ChuKyCoQuan) của {AGENCY}" in lines[1]
    assert all("còn nguyên vẹn; chứng thư tin cậy." in line and "+07:00" in line for line in lines)
    untrusted = run("verify", signed_minutes)
    assert untrusted.exit_code == 0 and "chưa kiểm tra độ tin cậy (không có --trust)" in untrusted.output
    data = bytearray(signed_minutes.read_bytes())
    data[4000] = (data[4000] + 1) % 256
    changed = signed_minutes.with_name("bb-sua.pdf")
    changed.write_bytes(bytes(data))
    broken = run("verify", changed)
    assert broken.exit_code == 1 and "chữ ký 1 (ChuKyNguoiKy)" in broken.output
    assert "KHÔNG còn nguyên vẹn" in broken.output
    appended = signed_minutes.with_name("bb-them.pdf")
    appended.write_bytes(signed_minutes.read_bytes() + b"\n% them sau khi ky\n")
    added = run("verify", appended)
    assert added.exit_code == 1 and "tệp đã bị sửa sau khi ký" in added.output
    assert "Traceback" not in broken.output + added.output


def _pixels(pdf, page: int, folder):
    """The page as RGB rows (pdftoppm's PPM), and its scale in pixels per PDF point."""
    stem = folder / "trang"
    subprocess.run(["pdftoppm", "-r", "72", "-f", str(page + 1), "-l", str(page + 1), str(pdf), str(stem)],
                   check=True)
    data = next(folder.glob("trang*.ppm")).read_bytes()
    header, rest = data.split(b"\n", 1)
    size, rest = rest.split(b"\n", 1)
    width, height = map(int, size.split())
    body = rest.split(b"\n", 1)[1]
    return width, height, body


def _box(width, height, body, wanted, tolerance=60):
    xs, ys = [], []
    for y in range(height):
        row = body[y * width * 3:(y + 1) * width * 3]
        for x in range(width):
            r, g, b = row[3 * x], row[3 * x + 1], row[3 * x + 2]
            if abs(r - wanted[0]) < tolerance and abs(g - wanted[1]) < tolerance and abs(b - wanted[2]) < tolerance:
                xs.append(x)
                ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


@pytest.mark.slow
def test_the_seal_lies_over_the_left_third_of_the_signature_between_title_and_name(signed_minutes, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("cần pdftoppm (poppler-utils) để đọc trang thành ảnh")
    from minutes_gen.signing.placement import page_lines

    lines = page_lines(signed_minutes)
    name = [line for line in lines if line.text == PERSON][-1]
    title = min((line for line in lines if line.page == name.page and line.text == "TRƯỞNG ĐOÀN"), key=lambda l: l.y)
    width, height, body = _pixels(signed_minutes, name.page, tmp_path)
    blue, red = _box(width, height, body, BLUE[:3]), _box(width, height, body, RED[:3])
    assert blue and red
    page_height = height  # 72 dpi: one pixel per point; PDF y grows upwards
    title_y, name_y = page_height - title.y, page_height - name.y
    assert title_y < blue[1] and blue[3] < name_y, (blue, title_y, name_y)  # signature between title and name
    signature_width = blue[2] - blue[0]
    seal_centre = (red[0] + red[2]) / 2
    first_third = blue[0] + signature_width / 3
    assert red[0] < blue[0] and abs(red[2] - first_third) <= 6  # the seal covers the signature's first third
    assert seal_centre < first_third
    assert 90 <= red[2] - red[0] <= 115  # 36 mm ≈ 102 points: the seal at its real size


@pytest.mark.slow
def test_signing_refuses_twice_the_wrong_order_and_a_missing_password(run, tmp_path, keys, soffice, monkeypatch):
    monkeypatch.setenv("MINUTES_GEN_P12_PASSWORD", PASSWORD)
    assert run("render", "notice", SAMPLES / "kiem-tra-cong-vu-krong-buk-2024.yaml", "-o", "tb.docx", "--pdf").exit_code == 0
    pdf = tmp_path / "tb.pdf"
    seal = ("--image", keys["seal"], "--agency-name", "Sở Nội vụ", "--p12", keys["agency"])
    early = run("sign", pdf, "--as", "agency", "--name", "Phạm Văn Lâm", *seal)
    assert early.exit_code == 1 and "chưa có chữ ký của người có thẩm quyền" in early.output
    first = run("sign", pdf, "--as", "person", "--name", "Phạm Văn Lâm", "--image", keys["signature"], "--p12", keys["person"])
    assert first.exit_code == 0, first.output  # KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC, then the name: found on the page
    again = run("sign", pdf, "--as", "person", "--name", "Phạm Văn Lâm", "--image", keys["signature"], "--p12", keys["person"])
    assert again.exit_code == 1 and "tệp đã có chữ ký này rồi" in again.output
    unknown = run("sign", pdf, "--as", "agency", "--name", "Người Không Có", *seal)
    assert unknown.exit_code == 1 and "không thấy tên người ký «Người Không Có»" in unknown.output
    monkeypatch.delenv("MINUTES_GEN_P12_PASSWORD")
    missing = run("sign", pdf, "--as", "agency", "--name", "Phạm Văn Lâm", *seal)
    assert missing.exit_code == 2 and "MINUTES_GEN_P12_PASSWORD" in missing.output
    monkeypatch.setenv("MINUTES_GEN_P12_PASSWORD", "sai")
    wrong = run("sign", pdf, "--as", "agency", "--name", "Phạm Văn Lâm", *seal)
    assert wrong.exit_code == 2 and "sai mật khẩu" in wrong.output
    assert "Traceback" not in early.output + again.output + missing.output + wrong.output


@pytest.fixture(scope="module")
def token(tmp_path_factory, keys):
    """A SoftHSM2 token holding the agency's key (generated inside it) and its certificate."""
    monkeypatch = pytest.MonkeyPatch()
    yield softhsm_token(tmp_path_factory.mktemp("softhsm"), keys["ca"], monkeypatch)
    monkeypatch.undo()


@pytest.mark.slow
def test_a_batch_of_letters_is_sealed_through_a_softhsm2_token(run, tmp_path, keys, token, soffice, monkeypatch):
    result = run("apology", SAMPLES / "so-theo-doi-ho-so-2025.csv", "--agency", SAMPLES / "co-quan-sldtbxh.yaml",
                 "-o", "vb", "--as-of", "19/09/2025", "--pdf")
    assert result.exit_code == 0, result.output
    letters = sorted((tmp_path / "vb").glob("van-ban-xin-loi-*.pdf"))
    assert len(letters) == 5
    monkeypatch.setenv("MINUTES_GEN_P12_PASSWORD", PASSWORD)
    person = run("sign", *letters, "--as", "person", "--name", "Nguyễn Đình Tương", "--image", keys["signature"],
                 "--p12", keys["person"])
    assert person.exit_code == 0 and "Đã ký 5/5 tệp" in person.output, person.output
    monkeypatch.setenv("MINUTES_GEN_PIN", PIN)  # the PIN is read once for the whole batch
    options = [item for pair in token.items() for item in pair]
    sealed = run("sign", *letters, "--as", "agency", "--name", "Nguyễn Đình Tương", "--image", keys["seal"],
                 "--agency-name", "Sở Lao động, Thương binh và Xã hội", *options)
    assert sealed.exit_code == 0 and "Đã ký 5/5 tệp (cơ quan)" in sealed.output, sealed.output
    in_run = run("apology", SAMPLES / "so-theo-doi-ho-so-2025.csv", "--agency", SAMPLES / "co-quan-sldtbxh.yaml",
                 "-o", "vb2", "--as-of", "19/09/2025", "--pdf", "--sign", "person,agency", "--signing",
                 _profile(tmp_path, keys, token))
    assert in_run.exit_code == 0, in_run.output
    import csv

    with open(tmp_path / "vb2" / "manifest.csv", encoding="utf-8-sig") as handle:
        marks = [row["Ký số"] for row in csv.DictReader(handle) if row["Tệp"]]
    assert marks == ["đã ký: người ký, cơ quan"] * 5
    verified = run("verify", *letters, "--trust", keys["folder"] / "ca.pem")
    assert verified.exit_code == 0, verified.output
    assert verified.output.count("còn nguyên vẹn; chứng thư tin cậy.") == 10
    monkeypatch.setenv("MINUTES_GEN_PIN", "000000")
    wrong = run("sign", letters[0], "--as", "agency", "--name", "Nguyễn Đình Tương", "--image", keys["seal"],
                "--agency-name", "Sở", "--force", *options)
    assert wrong.exit_code == 2 and "không mở được thiết bị ký số «so-noi-vu»" in wrong.output


@pytest.mark.slow
def test_workers_sign_a_batch_each_with_its_own_token_session_and_the_pin_read_once(tmp_path, keys, token,
                                                                                     minutes_pdf, monkeypatch):
    """Workers open the keys themselves with the password and PIN the main process read: with
    neither in the environment any more, every file is signed by the person and, through the
    token, by the agency, and verifies."""
    from minutes_gen.signing.profile import load_signing_request
    from minutes_gen.signing.verify import load_roots, verify_pdf
    from minutes_gen.signing.workers import sign_in_workers

    request = load_signing_request("person,agency", _profile(tmp_path, keys, token))
    monkeypatch.delenv("MINUTES_GEN_P12_PASSWORD", raising=False)
    monkeypatch.delenv("MINUTES_GEN_PIN", raising=False)
    files = [tmp_path / f"bb-{number}.pdf" for number in range(5)]
    for path in files:
        path.write_bytes(minutes_pdf)
    seen = []
    results = sign_in_workers(files, request, {"person": PASSWORD, "agency": PIN}, PERSON, False, 2,
                              lambda done, total, stage: seen.append((done, total, stage)))
    assert results == {path: ("", "") for path in files}
    assert seen[-1] == (5, 5, "sign")
    roots = load_roots([keys["folder"] / "ca.pem"])
    for path in files:
        reports = verify_pdf(path, roots).signatures
        assert [report.field for report in reports] == ["ChuKyNguoiKy", "ChuKyCoQuan"] and all(r.good for r in reports)
        assert reports[1].signer == AGENCY


@pytest.mark.slow
def test_the_pin_is_typed_once_for_a_batch_in_a_terminal(run, tmp_path, keys, token, soffice, monkeypatch):
    from terminal import run_in_terminal

    assert run("apology", SAMPLES / "so-theo-doi-ho-so-2025.csv", "--agency", SAMPLES / "co-quan-sldtbxh.yaml",
               "-o", "vb", "--as-of", "19/09/2025", "--pdf").exit_code == 0
    letters = sorted((tmp_path / "vb").glob("van-ban-xin-loi-*.pdf"))
    options = [item for pair in token.items() for item in pair]
    monkeypatch.delenv("MINUTES_GEN_PIN", raising=False)
    shown = run_in_terminal(["sign", *letters, "--as", "agency", "--name", "Nguyễn Đình Tương", "--image", keys["seal"],
                             "--agency-name", "Sở", "--force", *options], tmp_path,
                            answers={"Mã PIN của thiết bị ký số": PIN}, env={"SOFTHSM2_CONF": os.environ["SOFTHSM2_CONF"]})
    assert shown.exit_code == 0, shown.screen
    assert shown.screen.count("Mã PIN của thiết bị ký số") == 1 and "Đã ký 5/5 tệp (cơ quan)" in shown.screen
    assert PIN not in shown.screen  # typed, never echoed


def _profile(tmp_path, keys, token_options=None, agency_key="agency"):
    agency = ({"pkcs11_module": token_options["--pkcs11-module"], "token": token_options["--token"],
               "key": token_options["--key"]} if token_options else {"p12": str(keys[agency_key])})
    text = yaml.safe_dump({"person": {"image": str(keys["signature"]), "p12": str(keys["person"])},
                           "agency": {"image": str(keys["seal"]), "name": "Sở Nội vụ", "seal_mm": 38, **agency}},
                          allow_unicode=True)
    path = tmp_path / "ky-so.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow
def test_render_and_batch_sign_what_they_make(run, tmp_path, keys, soffice, monkeypatch):
    monkeypatch.setenv("MINUTES_GEN_P12_PASSWORD", PASSWORD)
    profile = _profile(tmp_path, keys)
    second = SAMPLES / "kiem-tra-cong-vu-krong-buk-2024.yaml"
    single = run("render", "minutes", second, "-o", "bb.docx", "--pdf", "--number", "12", "--db", "so.db",
                 "--sign", "person,agency", "--signing", profile)
    assert single.exit_code == 0 and "(đã ký số)" in single.output, single.output
    verified = run("verify", tmp_path / "bb.pdf", "--trust", keys["folder"] / "ca.pem")
    # the person, the agency, and the agency again on the appendix (its first page, top right)
    assert verified.exit_code == 0 and verified.output.count("còn nguyên vẹn; chứng thư tin cậy.") == 3, verified.output
    assert "(ChuKyCoQuanPhuLuc1)" in verified.output
    from pypdf import PdfReader

    from minutes_gen.signing.placement import page_lines

    lines = page_lines(tmp_path / "bb.pdf")
    appendix = max(line.page for line in lines)
    heading = next(line for line in lines if line.page == appendix and line.text.startswith("Phụ lục"))
    page = PdfReader(str(tmp_path / "bb.pdf")).pages[appendix]
    (widget,) = [a.get_object() for a in page["/Annots"] if a.get_object().get("/T") == "ChuKyCoQuanPhuLuc1"]
    left, bottom, right, top = map(float, widget["/Rect"])
    assert bottom > heading.y and left > float(page.mediabox.width) / 2  # top right, above «Phụ lục»
    width, height, body = _pixels(tmp_path / "bb.pdf", appendix, tmp_path)  # the mark is drawn there
    dark = sum(1 for y in range(int(height - top), int(height - bottom)) for x in range(int(left), int(right))
               if sum(body[3 * (y * width + x): 3 * (y * width + x) + 3]) < 300)
    assert dark > 15  # two lines of 10 pt text at 72 dpi (an empty box has none)
    # the KT. signer of the minutes (the last signature block) is the one found on the page
    batch = run("batch", SAMPLES / "ke-hoach-kiem-tra-cchc-2023.yaml", "-o", "kq", "--kinds", "notice", "--pdf",
                "--sign", "person", "--signing", profile)
    assert batch.exit_code == 0, batch.output
    import csv

    with open(tmp_path / "kq" / "manifest.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(row["Ký số"] == "đã ký: người ký" for row in rows), rows
    no_pdf = run("render", "minutes", second, "-o", "b2.docx", "--sign", "person", "--signing", profile)
    assert no_pdf.exit_code == 2 and "dùng cùng --pdf" in no_pdf.output
    no_profile = run("render", "minutes", second, "-o", "b3.docx", "--pdf", "--sign", "person")
    assert no_profile.exit_code == 2 and "--signing" in no_profile.output


@pytest.mark.slow
def test_an_office_template_is_signed_where_its_own_layout_puts_the_names(run, tmp_path, keys, soffice, monkeypatch):
    """The place comes from the rendered page, not from coordinates of the built-in template."""
    from docx import Document
    from docx.shared import Pt

    monkeypatch.setenv("MINUTES_GEN_P12_PASSWORD", PASSWORD)
    assert run("templates", "export", "minutes", "mau").exit_code == 0
    template = tmp_path / "mau" / "bien-ban-kiem-tra.docx"
    document = Document(str(template))
    closing = next(p for p in document.paragraphs if p.text == "{{ closing }}")
    for _ in range(6):  # the office's own longer closing text moves the signatures down the page
        extra = closing.insert_paragraph_before("Ghi chú riêng của cơ quan về buổi kiểm tra, in trước phần ký tên.")
        extra.runs[0].font.size = Pt(14)
    document.save(str(template))
    result = run("render", "minutes", SEED, "-o", "bb.docx", "--template", template, "--pdf", "--sign", "person,agency",
                 "--signing", _profile(tmp_path, keys))
    assert result.exit_code == 0, result.output
    verified = run("verify", tmp_path / "bb.pdf", "--trust", keys["folder"] / "ca.pem")
    assert verified.exit_code == 0 and verified.output.count("còn nguyên vẹn; chứng thư tin cậy.") == 2


def test_validate_and_init_know_the_signing_file(run, tmp_path, keys):
    good = _profile(tmp_path, keys)
    result = run("validate", good)
    assert result.exit_code == 0 and "tệp ký số" in result.output, result.output
    starter = run("init", "signing").output
    (tmp_path / "moi.yaml").write_text(starter, encoding="utf-8")
    fresh = run("validate", tmp_path / "moi.yaml")
    assert fresh.exit_code == 2 and "chữ mẫu của tệp khởi tạo" in fresh.output
    broken = yaml.safe_load(good.read_text(encoding="utf-8"))
    broken["person"]["image"] = "khong-co.png"
    broken["agency"]["pkcs11_module"] = "/usr/lib/x.so"  # besides its p12: two places for one key
    (tmp_path / "hong.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    bad = run("validate", tmp_path / "hong.yaml")
    assert bad.exit_code == 2 and "không tìm thấy ảnh «khong-co.png»" in bad.output
    assert "chọn một nơi giữ khóa" in bad.output
    wrong_place = run("render", "minutes", SEED, "-o", "bb.docx", "--pdf", "--sign", "person", "--signing",
                      SAMPLES / "co-quan-sldtbxh.yaml")
    assert wrong_place.exit_code == 2 and "Nhầm loại tệp" in wrong_place.output


@pytest.fixture(scope="module")
def minutes_pdf(tmp_path_factory):
    """The seed's minutes as PDF bytes, made once (LibreOffice) for the tests that sign copies."""
    from click.testing import CliRunner

    from minutes_gen.cli import cli

    folder = tmp_path_factory.mktemp("bien-ban")
    result = CliRunner().invoke(cli, ["render", "minutes", str(SEED), "-o", str(folder / "bb.docx"), "--pdf"])
    assert result.exit_code == 0, result.output
    return (folder / "bb.pdf").read_bytes()


def _signed_directly(data: bytes, p12, target, keys):
    """``data`` signed by the person with the key in ``p12``, written to ``target``, through the
    signing code under the certificate checks (a PDF `sign` would refuse to make)."""
    from pyhanko.sign import signers

    from minutes_gen.signing.run import sign_one
    from minutes_gen.signing.stamp import Appearance, prepare_stamp

    target.write_bytes(data)
    signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=PASSWORD.encode())
    assert sign_one(target, [prepare_stamp("person", signer, Appearance(keys["signature"]))], PERSON, False) == ("", "")
    return target


def _line_of(output: str, path) -> str:
    (line,) = [line for line in output.splitlines() if line.startswith(f"{path}: chữ ký")]
    return line


@pytest.mark.slow
def test_sign_refuses_a_certificate_out_of_date_or_not_made_for_signing(run, tmp_path, keys, minutes_pdf,
                                                                        monkeypatch):
    monkeypatch.setenv("MINUTES_GEN_P12_PASSWORD", PASSWORD)
    pdf = tmp_path / "bb.pdf"
    pdf.write_bytes(minutes_pdf)

    def sign(key, *extra):
        return run("sign", pdf, "--as", "person", "--name", PERSON, "--image", keys["signature"], "--p12", keys[key],
                   *extra)

    for key, words in (("expired", "đã hết hạn"), ("future", "chưa có hiệu lực"), ("encipher", "KeyUsage")):
        refused = sign(key)
        assert refused.exit_code == 2 and words in refused.output, refused.output
        assert "Traceback" not in refused.output and pdf.read_bytes() == minutes_pdf
    assert "--force" in sign("expired").output
    for key in ("future", "encipher"):  # only an expired certificate may be forced
        forced = sign(key, "--force")
        assert forced.exit_code == 2 and pdf.read_bytes() == minutes_pdf, forced.output
    forced = sign("expired", "--force")
    assert forced.exit_code == 0, forced.output
    assert "Cảnh báo" in forced.output and "đã hết hạn" in forced.output and "--force" in forced.output


@pytest.mark.slow
def test_a_batch_signs_as_a_plain_pyhanko_loop_does_with_its_images_and_fonts(tmp_path, keys, minutes_pdf):
    """The batch path (key, image, font and CMS room prepared once, both signatures in one pass)
    gives each file the signatures a plain pyHanko loop gives it: same fields, boxes, room for
    the CMS, images and fonts; all intact and trusted; the second file as the first."""
    from pyhanko.sign import signers

    from minutes_gen.signing.keys import kept_key_signer
    from minutes_gen.signing.run import sign_files
    from minutes_gen.signing.stamp import Appearance, prepare_stamp
    from minutes_gen.signing.verify import load_roots, verify_pdf

    person_key, agency_key = (signers.SimpleSigner.load_pkcs12(str(keys[role]), passphrase=PASSWORD.encode())
                              for role in ("person", "agency"))
    person, agency = Appearance(keys["signature"]), Appearance(keys["seal"], "Sở Nội vụ", 38.0)
    plain = plain_pyhanko_sign(plain_pyhanko_sign(minutes_pdf, "person", person_key, person, PERSON), "agency",
                               agency_key, agency, PERSON)
    files = [tmp_path / "bb-1.pdf", tmp_path / "bb-2.pdf"]
    for path in files:
        path.write_bytes(minutes_pdf)
    stamps = [prepare_stamp("person", kept_key_signer(person_key), person), prepare_stamp("agency", agency_key, agency)]
    assert sign_files(files, stamps, PERSON, False) == {path: ("", "") for path in files}
    expected = signature_facts(plain)
    assert [field for field, *_ in expected] == ["ChuKyNguoiKy", "ChuKyCoQuan"]
    assert expected[0][3] == ((300, 120, True),) and expected[1][3] == ((400, 400, True),)  # the images, masked
    assert expected[1][4] == ("LiberationSerif-Identity-H",) or "Times" in expected[1][4][0]
    for path in files:
        assert signature_facts(path.read_bytes()) == expected
        verdict = verify_pdf(path, load_roots([keys["folder"] / "ca.pem"]))
        assert [report.good for report in verdict.signatures] == [True, True]


@pytest.mark.slow
def test_pages_libreoffice_writes_are_read_quickly_into_the_lines_pypdf_reads(run, tmp_path, minutes_pdf, soffice):
    """The quick reader follows every page LibreOffice writes for minutes (with an appendix) and
    letters, and finds there the lines pypdf's text visitor finds; other content goes to pypdf."""
    from pypdf import PdfReader

    from minutes_gen.signing.placement import Line, page_lines, visited_lines
    from minutes_gen.signing.quick_text import Unsupported, quick_lines

    assert run("render", "minutes", SAMPLES / "kiem-tra-cong-vu-krong-buk-2024.yaml", "-o", "pl.docx", "--pdf",
               "--number", "12").exit_code == 0
    assert run("apology", SAMPLES / "so-theo-doi-ho-so-2025.csv", "--agency", SAMPLES / "co-quan-sldtbxh.yaml",
               "-o", "vb", "--as-of", "19/09/2025", "--pdf").exit_code == 0
    pdfs = [minutes_pdf, (tmp_path / "pl.pdf").read_bytes(), *(path.read_bytes() for path in (tmp_path / "vb").glob("*.pdf"))]
    pages = [page for pdf in pdfs for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) > len(pdfs)  # the appendix is a page of its own
    for number, page in enumerate(pages):
        quick = quick_lines(number, page, Line)
        assert quick and quick == visited_lines(number, page)
    assert any(line.text.startswith("Phụ lục") for line in page_lines((tmp_path / "pl.pdf").read_bytes()))
    with pytest.raises(Unsupported):  # a literal string: pypdf's to read
        quick_lines(0, _page_with(b"BT 72 700 Td /F1 12 Tf (Hello) Tj ET"), Line)


def _page_with(content: bytes):
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream)
    return page


@pytest.mark.slow
def test_a_seal_image_that_is_no_picture_is_refused_before_any_file(run, tmp_path, keys, minutes_pdf, monkeypatch):
    monkeypatch.setenv("MINUTES_GEN_P12_PASSWORD", PASSWORD)
    (tmp_path / "bb.pdf").write_bytes(minutes_pdf)
    (tmp_path / "con-dau.png").write_text("không phải ảnh", encoding="utf-8")
    refused = run("sign", tmp_path / "bb.pdf", "--as", "person", "--name", PERSON, "--image", tmp_path / "con-dau.png",
                  "--p12", keys["person"])
    assert refused.exit_code == 2 and "không đọc được ảnh chữ ký / con dấu" in refused.output, refused.output
    assert "Traceback" not in refused.output and (tmp_path / "bb.pdf").read_bytes() == minutes_pdf


@pytest.mark.slow
def test_a_run_refuses_an_expired_agency_key_before_the_person_signs(run, tmp_path, keys, soffice, monkeypatch):
    from minutes_gen.signing.stamp import signed_fields

    monkeypatch.setenv("MINUTES_GEN_P12_PASSWORD", PASSWORD)
    profile = _profile(tmp_path, keys, agency_key="agency-expired")
    refused = run("render", "minutes", SEED, "-o", "bb.docx", "--pdf", "--sign", "person,agency", "--signing", profile)
    assert refused.exit_code == 2 and "đã hết hạn" in refused.output and "--force" in refused.output, refused.output
    assert signed_fields((tmp_path / "bb.pdf").read_bytes()) == set()  # not even the person's signature
    assert "Không có tệp nào được ghi" not in refused.output  # the documents were written, unsigned
    forced = run("render", "minutes", SEED, "-o", "bb.docx", "--pdf", "--sign", "person,agency", "--signing", profile,
                 "--force")
    assert forced.exit_code == 0 and "Cảnh báo" in forced.output, forced.output
    assert signed_fields((tmp_path / "bb.pdf").read_bytes()) == {"ChuKyNguoiKy", "ChuKyCoQuan"}


@pytest.mark.slow
def test_verify_names_what_is_wrong_with_the_signers_certificate(run, tmp_path, keys, minutes_pdf):
    files = {key: _signed_directly(minutes_pdf, keys[key], tmp_path / f"{key}.pdf", keys)
             for key in ("expired", "future", "encipher")}
    result = run("verify", *files.values(), "--trust", keys["folder"] / "ca.pem")
    assert result.exit_code == 1
    expired, future, encipher = (_line_of(result.output, files[key]) for key in files)
    assert "còn nguyên vẹn" in expired and "đã hết hạn" in expired and "lúc ký" in expired
    assert "chưa có hiệu lực" in future and "lúc ký" in future
    assert "KeyUsage" in encipher
    for line in (expired, future, encipher):  # the CA is the trusted one: the certificate is what is wrong
        assert "dẫn tới gốc tin cậy nhưng" in line and "KHÔNG dẫn tới" not in line, line
    unchecked = run("verify", files["expired"])  # the certificate's own dates need no --trust
    assert unchecked.exit_code == 1 and "đã hết hạn" in unchecked.output


def _incremental(data: bytes, change) -> bytes:
    """``data`` with one more incremental update, made by ``change(writer)``."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _add_text_to_first_page(writer):
    from pyhanko.pdf_utils import generic

    stream = writer.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 100 100 50 50 re f"))
    writer.add_stream_to_page(0, stream)


@pytest.mark.slow
def test_verify_tells_a_damaged_signature_a_changed_file_and_an_untrusted_root_apart(run, tmp_path, keys, minutes_pdf):
    from pyhanko.pdf_utils.reader import PdfFileReader

    from signing_helpers import ThrowawayCA

    good = _signed_directly(minutes_pdf, keys["person"], tmp_path / "ky.pdf", keys)
    data = good.read_bytes()
    value = PdfFileReader(io.BytesIO(data)).embedded_signatures[0].signer_info["signature"].native.hex().encode()
    at = data.lower().index(value) + len(value) // 2  # a hex digit of the RSA signature inside /Contents
    files = {"damaged": data[:at] + (b"1" if data[at:at + 1] == b"0" else b"0") + data[at + 1:]}
    start = data.index(b"/Contents <") + len(b"/Contents <")
    files["garbled"] = data[:start] + b"ff" * 8 + data[start + 16:]  # the CMS structure itself broken
    files["changed"] = data.replace(b"LibreOffice", b"LibreOffise", 1)  # a byte of the signed range
    assert files["changed"] != data
    files["updated"] = _incremental(data, _add_text_to_first_page)
    for name, content in files.items():
        (tmp_path / f"{name}.pdf").write_bytes(content)
    result = run("verify", *(tmp_path / f"{name}.pdf" for name in files), "--trust", keys["folder"] / "ca.pem")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "không phải tệp PDF" not in result.output, result.output
    lines = {name: _line_of(result.output, tmp_path / f"{name}.pdf") for name in files}
    assert "chữ ký bị hỏng" in lines["damaged"] and "chữ ký bị hỏng" in lines["garbled"]
    assert "KHÔNG còn nguyên vẹn" in lines["changed"] and "nội dung đã ký bị thay đổi" in lines["changed"]
    assert "còn nguyên vẹn nhưng tệp đã bị sửa sau khi ký" in lines["updated"]
    for name in ("damaged", "changed", "updated"):  # the signer's certificate is still the trusted one
        assert lines[name].endswith("chứng thư tin cậy."), lines[name]
    other = ThrowawayCA(tmp_path)
    untrusted = run("verify", good, "--trust", tmp_path / "ca.pem")
    assert other.root and untrusted.exit_code == 1
    assert "còn nguyên vẹn; chứng thư KHÔNG dẫn tới gốc tin cậy." in untrusted.output


def _open_action_javascript(writer):
    from pyhanko.pdf_utils import generic

    action = generic.DictionaryObject({generic.NameObject("/S"): generic.NameObject("/JavaScript"),
                                       generic.NameObject("/JS"): generic.TextStringObject("app.alert('xin chào')")})
    writer.root[generic.NameObject("/OpenAction")] = writer.add_object(action)
    writer.update_root()


def _named_javascript_and_page_action(writer):
    from pyhanko.pdf_utils import generic

    script = writer.add_object(generic.DictionaryObject({
        generic.NameObject("/S"): generic.NameObject("/JavaScript"),
        generic.NameObject("/JS"): generic.TextStringObject("this.print()")}))
    tree = generic.DictionaryObject({generic.NameObject("/Names"): generic.ArrayObject(
        [generic.TextStringObject("in"), script])})
    writer.root[generic.NameObject("/Names")] = generic.DictionaryObject({generic.NameObject("/JavaScript"): tree})
    writer.update_root()
    page_ref = writer.find_page_for_modification(0)[1]
    page = page_ref.get_object()
    page[generic.NameObject("/AA")] = generic.DictionaryObject({generic.NameObject("/O"): script})
    writer.update_container(page)


@pytest.mark.slow
def test_verify_warns_of_javascript_and_actions_run_on_opening(run, tmp_path, keys, minutes_pdf):
    opening = _signed_directly(_incremental(minutes_pdf, _open_action_javascript), keys["person"],
                               tmp_path / "mo-tep.pdf", keys)
    named = _signed_directly(_incremental(minutes_pdf, _named_javascript_and_page_action), keys["person"],
                             tmp_path / "ten.pdf", keys)
    plain = _signed_directly(minutes_pdf, keys["person"], tmp_path / "thuong.pdf", keys)
    result = run("verify", opening, named, plain, "--trust", keys["folder"] / "ca.pem")
    assert result.exit_code == 0, result.output  # the signatures themselves are good
    warnings = [line for line in result.output.splitlines() if line.startswith("Cảnh báo")]
    (on_opening,) = [line for line in warnings if str(opening) in line]
    (on_named,) = [line for line in warnings if str(named) in line]
    assert "JavaScript" in on_opening and "/OpenAction" in on_opening
    assert "JavaScript" in on_named and "/Names" in on_named and "/AA" in on_named and "/OpenAction" not in on_named
    assert not [line for line in warnings if str(plain) in line]  # LibreOffice's /OpenAction only opens page 1


@pytest.mark.slow
def test_a_token_key_with_an_expired_certificate_or_a_wrong_label_is_refused(run, tmp_path, keys, token, minutes_pdf,
                                                                            monkeypatch):
    monkeypatch.setenv("MINUTES_GEN_PIN", PIN)
    monkeypatch.setenv("MINUTES_GEN_P12_PASSWORD", PASSWORD)
    pdf = _signed_directly(minutes_pdf, keys["person"], tmp_path / "bb.pdf", keys)
    before = pdf.read_bytes()
    seal = ("--as", "agency", "--name", PERSON, "--image", keys["seal"], "--agency-name", "Sở Nội vụ",
            "--pkcs11-module", token["--pkcs11-module"], "--token", token["--token"])
    expired = run("sign", pdf, *seal, "--key", "con-dau-het-han")
    assert expired.exit_code == 2 and "chứng thư «con-dau-het-han» trên thiết bị «so-noi-vu»" in expired.output
    assert "đã hết hạn" in expired.output and pdf.read_bytes() == before
    unknown = run("sign", pdf, *seal, "--key", "khong-co")
    assert unknown.exit_code == 2 and "không đọc được chứng thư «khong-co»" in unknown.output, unknown.output
    assert "Traceback" not in expired.output + unknown.output and pdf.read_bytes() == before


@pytest.mark.slow
def test_sign_jobs_signs_in_workers_with_the_password_read_once_and_force_goes_with_it(run, tmp_path, keys,
                                                                                       minutes_pdf, monkeypatch):
    """``sign --jobs 2``: workers open the key with the password the command read, each file
    signed once; a second pass refuses every file; the agency's signature before the person's
    is refused by the workers as by one process, and --force reaches them."""
    from minutes_gen.signing.verify import load_roots, verify_pdf

    monkeypatch.setenv("MINUTES_GEN_P12_PASSWORD", PASSWORD)
    files = [tmp_path / f"bb-{number:02}.pdf" for number in range(20)]
    for path in files:
        path.write_bytes(minutes_pdf)
    options = ["--as", "person", "--name", PERSON, "--image", keys["signature"], "--p12", keys["person"], "--jobs", "2"]
    first = run("sign", *files, *options)
    assert first.exit_code == 0 and "Đã ký 20/20 tệp (người ký)" in first.output, first.output
    roots = load_roots([keys["folder"] / "ca.pem"])
    for path in files:
        reports = verify_pdf(path, roots).signatures
        assert [r.field for r in reports] == ["ChuKyNguoiKy"] and reports[0].good and reports[0].signer == PERSON
    again = run("sign", *files, *options)
    assert again.exit_code == 1 and "Đã ký 0/20 tệp" in again.output
    unsigned = [tmp_path / f"cq-{number:02}.pdf" for number in range(6)]
    for path in unsigned:
        path.write_bytes(minutes_pdf)
    seal = ["--as", "agency", "--name", PERSON, "--image", keys["seal"], "--agency-name", "Sở", "--p12", keys["agency"],
            "--jobs", "2"]
    refused = run("sign", *unsigned, *seal)
    assert refused.exit_code == 1 and "Đã ký 0/6 tệp (cơ quan)" in refused.output
    forced = run("sign", *unsigned, *seal, "--force")
    assert forced.exit_code == 0 and "Đã ký 6/6 tệp (cơ quan)" in forced.output, forced.output
    assert all([r.field for r in verify_pdf(path, roots).signatures] == ["ChuKyCoQuan"] for path in unsigned)
