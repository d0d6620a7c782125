"""The day's apology run prepared from the folder the one-stop software exports its register to
(``minutes-gen office daily``, for cron or a systemd timer): the newest register file, taken only
once it is whole, made into the day's run as a draft for the văn thư — once a day, whatever the
number of times it runs.

A file still being written is not taken: one changed less than ``QUIET_SECONDS`` ago, or whose
size or time of change moved while it was read; an .xlsx without the end of its zip (its central
directory, written last) is unfinished or broken, and refused."""

import datetime as dt
import io
import secrets
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from minutes_gen.errors import InputError, Problem
from minutes_gen.office.runs import AlreadyPrepared, prepare_run
from minutes_gen.office.store import SECRETARY, Agency, OfficeStore, Profile, User
from minutes_gen.vn.dates import numeric_date

SCHEDULE = "lịch tự động"  # who the audit log says did it
SCHEDULE_USER = ("lich-tu-dong", "Lịch tự động")  # the account the run is made by (no one logs in with it)
QUIET_SECONDS = 60
KINDS = {".xlsx": "xlsx", ".csv": "csv"}
NOTHING_NEW = "Không có gì mới"


@dataclass(frozen=True)
class Daily:
    """What the command was asked: the agency (abbreviation), the folder, the profile's label, the day."""

    agency: str
    folder: Path
    profile: str | None = None
    as_of: dt.date | None = None


def _register_files(folder: Path) -> list[Path]:
    """The register files of ``folder`` (Excel's lock files ``~$…`` and hidden files left out)."""
    if not folder.is_dir():
        raise InputError([Problem("--folder", f"không có thư mục «{folder}»")])
    return [path for path in folder.iterdir() if path.suffix.lower() in KINDS and path.is_file()
            and not path.name.startswith(("~$", "."))]


def _read_whole(path: Path, now: float) -> bytes | None:
    """The bytes of ``path``, or None while it may still be being written; ``InputError`` when it
    is too large or an .xlsx cut short."""
    from minutes_gen.sources.limits import size_text
    from minutes_gen.web.security import MAX_UPLOAD_BYTES

    before = path.stat()
    if now - before.st_mtime < QUIET_SECONDS:
        return None
    if before.st_size > MAX_UPLOAD_BYTES:
        raise InputError([Problem(path.name, f"tệp quá lớn (tối đa {size_text(MAX_UPLOAD_BYTES)})")])
    content = path.read_bytes()
    after = path.stat()
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns) or len(content) != after.st_size:
        return None
    if KINDS[path.suffix.lower()] == "xlsx" and not zipfile.is_zipfile(io.BytesIO(content)):
        raise InputError([Problem(path.name, "tệp .xlsx chưa trọn vẹn (thiếu phần cuối của tệp): phần mềm một cửa "
                                             "có thể đã ghi dở hoặc tệp bị hỏng; hãy xuất lại sổ")])
    return content


def _agency_and_profile(office: OfficeStore, daily: Daily) -> tuple[Agency, Profile]:
    agency = office.agency_by_abbreviation(daily.agency)
    if agency is None:
        known = ", ".join(a.abbreviation for a in office.agencies()) or "chưa có"
        raise InputError([Problem("--agency", f"không có cơ quan viết tắt «{daily.agency}» (các cơ quan: {known})")])
    profiles = office.profiles(agency.id)
    chosen = [p for p in profiles if daily.profile is None or p.label == daily.profile]
    if len(chosen) != 1:
        labels = "; ".join(f"«{p.label}»" for p in profiles) or "chưa có (người quản trị thêm ở trang Quản trị)"
        why = "không có hồ sơ này" if daily.profile is not None else "cơ quan có nhiều hồ sơ: chọn một bằng --profile"
        raise InputError([Problem("--profile", f"{why}; hồ sơ của {agency.abbreviation}: {labels}")])
    return agency, chosen[0]


def schedule_user(office: OfficeStore) -> User:
    """The account the schedule's runs are made by: made once, never active (no one logs in with it)."""
    from minutes_gen.office.accounts import hash_password

    name, full_name = SCHEDULE_USER
    with office.database.transaction(exclusive=("users",)):
        found = office.credentials(name)
        if found is None:
            user_id = office.add_user(name, full_name, SECRETARY, None, hash_password(secrets.token_urlsafe(32)))
            office.database.execute("UPDATE users SET active = 0 WHERE id = ?", (user_id,))
            found = office.credentials(name)
    return found[0]


def run_daily(office: OfficeStore, daily: Daily) -> str:
    """Prepare the day's run from the newest register of the folder; what was done, as the user reads it."""
    from minutes_gen.vn.dates import vietnam_today

    agency, profile = _agency_and_profile(office, daily)
    day = daily.as_of or vietnam_today()
    files = sorted(_register_files(daily.folder), key=lambda path: path.stat().st_mtime)
    if not files:
        return f"{NOTHING_NEW}: thư mục chưa có sổ theo dõi (.xlsx, .csv)."
    existing = office.run_of_day(agency.id, profile.label, day.isoformat())
    if existing is not None:
        return f"{NOTHING_NEW}: đã có đợt ngày {numeric_date(day)} ({profile.label}), văn bản #{existing[0]}."
    newest = files[-1]
    content = _read_whole(newest, time.time())
    if content is None:
        return f"{NOTHING_NEW}: tệp «{newest.name}» đang được ghi; lần chạy sau sẽ lấy."
    user = schedule_user(office)
    try:
        prepared = prepare_run(office, user, agency, profile, (KINDS[newest.suffix.lower()], content), day)
    except AlreadyPrepared as already:  # another run of the command prepared it meanwhile
        return f"{NOTHING_NEW}: đã có đợt ngày {numeric_date(day)} ({profile.label}), văn bản #{already.document_id}."
    office.audit("lập phiếu xin lỗi", f"đợt chờ cấp số — {prepared.file_name} (từ tệp {newest.name})", user, SCHEDULE,
                 agency.id)
    return (f"Đã lập đợt phiếu xin lỗi ngày {numeric_date(day)} từ «{newest.name}» ({profile.label}): văn bản "
            f"#{prepared.document_id}, chờ văn thư xem và cấp số.")
