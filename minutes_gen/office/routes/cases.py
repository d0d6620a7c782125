"""The inspection cases of the user's agency (hồ sơ kiểm tra): the list and a new case from its
YAML, a case's page (its units, the chain of its documents drafted from it), its follow-up on a
day (reports received and items closed recorded here, reminders for overdue units, the table as
.xlsx and .docx).

Who may do what: the cán bộ (SECRETARY) creates a case and drafts its documents; the cán bộ and
the văn thư (CLERK) read every case page, record the follow-up and download the tables; the
administrator sees no case. Another agency's case looks exactly like a missing one (404)."""

import io
from urllib.parse import quote

from flask import Blueprint, abort, g, make_response, redirect, render_template, request, send_file

from minutes_gen.errors import InputError, Problem
from minutes_gen.office.case_data import followed_case
from minutes_gen.office.cases import CHAIN, DRAFT_NAMES, add_case, draft_from_case, form_day, per_unit, record_from_form
from minutes_gen.office.context import BUSY, address, agency_user, jobs, store
from minutes_gen.office.store import CLERK, SECRETARY, STATUSES
from minutes_gen.office.store.cases import REPORT
from minutes_gen.vn.dates import numeric_date, shown_date, vietnam_today
from minutes_gen.web.guard import Busy
from minutes_gen.web.security import UploadError, read_upload, upload_name

NOT_FOUND = "Không có hồ sơ kiểm tra này (hoặc hồ sơ thuộc cơ quan khác)."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
pages = Blueprint("cases", __name__)


@pages.get("/ho-so-kiem-tra")
def case_list():
    agency_user(CLERK, SECRETARY)
    return _list_page()


def _list_page(problems=(), text: str = "", status: int = 200):
    user = g.user
    return render_template("office_cases.html", cases=store().cases(user.agency_id), problems=list(problems),
                           text=text, agency=store().agency(user.agency_id)), status


def _posted_case() -> tuple[str, str]:
    """(file name, text) of the case uploaded (``case_file``) or pasted (``case_text``)."""
    if request.files.get("case_file") and request.files["case_file"].filename:
        try:
            _, raw = read_upload("case_file", {"yaml"})
            return upload_name(request.files["case_file"].filename), raw.decode("utf-8-sig")
        except UploadError as error:
            raise InputError([Problem("tệp hồ sơ", str(error))]) from None
        except UnicodeDecodeError:
            raise InputError([Problem("tệp hồ sơ", "tệp không được lưu theo bảng mã UTF-8")]) from None
    text = request.form.get("case_text", "")
    if not text.strip():
        raise InputError([Problem("hồ sơ kiểm tra", "chưa chọn tệp hay dán nội dung hồ sơ (YAML)")])
    return "ho-so-kiem-tra.yaml", text


@pages.post("/ho-so-kiem-tra")
def create_case():
    """A new case from its YAML, checked as ``minutes-gen batch`` checks it; nothing kept on error."""
    user = agency_user(SECRETARY)
    text = request.form.get("case_text", "")
    try:
        file_name, text = _posted_case()
        case_id = add_case(store(), user, store().agency(user.agency_id), file_name, text)
    except InputError as error:
        return _list_page(error.problems, text, 400)
    store().audit("tạo hồ sơ kiểm tra", f"hồ sơ {case_id} — {file_name}", user, address())
    return redirect(f"/ho-so-kiem-tra/{case_id}")


def _owned(case_id: int, *roles: str):
    """The user and their agency's case ``case_id`` (404, audited, for another agency's)."""
    user = agency_user(*roles)
    stored = store().case(user.agency_id, case_id)
    if stored is None:
        store().audit("truy cập bị từ chối", f"hồ sơ kiểm tra {case_id}", user, address())
        abort(make_response(render_template("office_error.html", message=NOT_FOUND), 404))
    return user, stored


def _followed(user, stored):
    """The case with its recorded follow-up; an error page (400) if it no longer loads."""
    try:
        return followed_case(store(), store().agency(user.agency_id), stored)
    except InputError as error:
        message = "; ".join(str(problem) for problem in error.problems[:5])
        abort(make_response(render_template("office_error.html", message=f"{error.headline}: {message}"), 400))


@pages.get("/ho-so-kiem-tra/<int:case_id>")
def case_page(case_id: int):
    user, stored = _owned(case_id, CLERK, SECRETARY)
    return _case_page(user, stored)


def _case_page(user, stored, problems=(), status: int = 200):
    followed = _followed(user, stored)
    documents = store().case_documents(user.agency_id, stored.id)
    chain = [(kind, index) for kind in CHAIN for index in (range(len(followed.case.units)) if per_unit(kind) else [None])]
    return render_template("office_case.html", stored=stored, case=followed.case, chain=chain, names=DRAFT_NAMES,
                           documents=documents, statuses=STATUSES, problems=list(problems),
                           today=numeric_date(vietnam_today())), status


@pages.post("/ho-so-kiem-tra/<int:case_id>/lap")
def draft_document(case_id: int):
    """Draft one document of the case (or a reminder from the follow-up page)."""
    user, stored = _owned(case_id, SECRETARY)
    kind, unit = request.form.get("kind", ""), request.form.get("don_vi", "")
    try:
        problems = []
        as_of = form_day(request.form.get("ngay", "") or numeric_date(vietnam_today()), "ngày xét", problems)
        if problems:
            raise InputError(problems)
        with jobs():
            drafted = draft_from_case(store(), user, store().agency(user.agency_id), stored, kind, unit, as_of)
    except (InputError, Busy) as error:
        refused = [BUSY] if isinstance(error, Busy) else error.problems
        if kind == "reminder":
            return _followup_page(user, stored, refused, 503 if isinstance(error, Busy) else 400)
        return _case_page(user, stored, refused, 503 if isinstance(error, Busy) else 400)
    store().audit("lập văn bản", f"bản nháp {DRAFT_NAMES[kind]} — {drafted.file_name} (hồ sơ {case_id})", user,
                  address())
    if kind == "reminder":
        return redirect(f"/ho-so-kiem-tra/{case_id}/theo-doi?ngay={as_of:%d/%m/%Y}&moi={drafted.document_id}")
    return redirect(f"/ho-so-kiem-tra/{case_id}?moi={drafted.document_id}")


def _as_of(problems: list):
    """The day the follow-up is read on (``ngay``; default: today in Vietnam)."""
    text = request.values.get("ngay", "").strip()
    return form_day(text, "ngày xét", problems) if text else vietnam_today()


@pages.get("/ho-so-kiem-tra/<int:case_id>/theo-doi")
def followup_page(case_id: int):
    user, stored = _owned(case_id, CLERK, SECRETARY)
    return _followup_page(user, stored)


def _followup_page(user, stored, problems=(), status: int = 200):
    from minutes_gen.model.followup import case_tracking, status_text
    from minutes_gen.vn.workdays import NATIONAL

    problems = list(problems)
    day_problems: list = []
    as_of = _as_of(day_problems) or vietnam_today()
    followed = _followed(user, stored)
    trackings = case_tracking(followed.case, NATIONAL, as_of)
    reminders = {link.unit_index: link for link in store().case_documents(user.agency_id, stored.id)
                 if link.kind == "reminder" and link.as_of == as_of.isoformat()}
    return render_template("office_case_followup.html", stored=stored, case=followed.case, trackings=trackings,
                           status_text=status_text, as_of=numeric_date(as_of), problems=day_problems + problems,
                           records=store().case_records(user.agency_id, stored.id), reminders=reminders,
                           statuses=STATUSES, new=request.args.get("moi", "")), 400 if day_problems else status


@pages.post("/ho-so-kiem-tra/<int:case_id>/theo-doi")
def record_followup(case_id: int):
    """A unit's report received, or items closed, recorded for the case (audited)."""
    user, stored = _owned(case_id, CLERK, SECRETARY)
    kind = request.form.get("loai", "")
    try:
        record = record_from_form(_followed(user, stored).case, kind, request.form)
    except InputError as error:
        return _followup_page(user, stored, error.problems, 400)
    store().add_case_record(stored.id, user.id, record)
    what = (f"báo cáo {record.number} ngày {shown_date(record.day)}" if kind == REPORT
            else f"hoàn thành ngày {shown_date(record.day)}")
    items = ", ".join(str(item) for item in record.items) or "tất cả"
    store().audit("theo dõi khắc phục", f"hồ sơ {case_id}, đơn vị số {record.unit_index + 1}: {what}, yêu cầu {items}",
                  user, address())
    return redirect(f"/ho-so-kiem-tra/{case_id}/theo-doi?ngay={quote(request.form.get('ngay_xet', '')[:20])}")


@pages.get("/ho-so-kiem-tra/<int:case_id>/theo-doi.<string:suffix>")
def followup_table(case_id: int, suffix: str):
    """The remediation table on the day: the .xlsx of ``minutes-gen followup``, or its report (.docx,
    without a number: a draft to read)."""
    from minutes_gen.model.followup import case_tracking
    from minutes_gen.runs.followup import TABLE_FILE, case_document_bytes, table_bytes
    from minutes_gen.vn.workdays import NATIONAL

    user, stored = _owned(case_id, CLERK, SECRETARY)
    if suffix not in ("xlsx", "docx"):
        abort(404)
    problems: list = []
    as_of = _as_of(problems)
    if as_of is None:
        return _followup_page(user, stored)
    followed = _followed(user, stored)
    if suffix == "xlsx":
        content, mimetype = table_bytes(case_tracking(followed.case, NATIONAL, as_of)), XLSX
        name = TABLE_FILE.replace(".xlsx", f"-{as_of:%Y%m%d}.xlsx")
    else:
        content, mimetype = case_document_bytes("followup", followed.case, NATIONAL, None, as_of,
                                                issued=followed.issued), DOCX
        name = f"bao-cao-khac-phuc-{as_of:%Y%m%d}.docx"
    store().audit("tải bảng theo dõi", f"hồ sơ {case_id} — {name}", user, address())
    return send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=name)


@pages.get("/ho-so-kiem-tra/<int:case_id>/du-lieu")
def case_data(case_id: int):
    _, stored = _owned(case_id, CLERK, SECRETARY)
    return send_file(io.BytesIO(stored.input_yaml.encode("utf-8")), mimetype="application/x-yaml", as_attachment=True,
                     download_name=f"ho-so-kiem-tra-{case_id}.yaml")

