"""Vietnamese labels of the form fields (by field path; list indices left out)."""

LABELS = {
    "issuing_body": "Cơ quan ban hành", "issuing_body.parent": "Cơ quan chủ quản", "issuing_body.name": "Tên cơ quan ban hành",
    "issuing_body.abbreviation": "Chữ viết tắt (ký hiệu)", "issuing_body.place": "Địa danh",
    "decision": "Quyết định thành lập Đoàn", "decision.number": "Số quyết định", "decision.date": "Ngày quyết định",
    "decision.issuer": "Người ký quyết định", "decision.subject": "Trích yếu (về việc …)",
    "year": "Năm được kiểm tra", "subject": "Nội dung được kiểm tra (ví dụ: công tác cải cách hành chính năm 2023)",
    "team": "Đoàn kiểm tra", "team.name": "Tên đoàn", "team.head": "Trưởng đoàn", "team.members": "Thành viên",
    "team.secretary": "Thư ký",
    "name": "Họ và tên", "position": "Chức vụ, đơn vị", "role": "Vai trò", "salutation": "Danh xưng (Ông/Bà)",
    "unit": "Đơn vị được kiểm tra", "unit.name": "Tên đơn vị", "unit.short_name": "Tên viết tắt",
    "unit.representatives": "Người đại diện đơn vị", "invited": "Thành phần khác (khách mời)",
    "unit.sub_units": "Đơn vị cấp dưới (ví dụ các xã của huyện)", "unit.sub_units.kind": "Loại đơn vị (ví dụ: xã, thị trấn)",
    "unit.sub_units.visited": "Các đơn vị đoàn đã đến kiểm tra", "period": "Thời kỳ kiểm tra (ví dụ: từ ngày … đến ngày …)",
    "owner": "Đơn vị chủ trì thực hiện",
    "notice.issuing_body": "Cơ quan ban hành thông báo (nếu khác phần đầu biên bản)",
    "notice.issuing_body.parent": "Cơ quan chủ quản", "notice.issuing_body.name": "Tên cơ quan ban hành",
    "notice.issuing_body.abbreviation": "Chữ viết tắt (ký hiệu)", "notice.issuing_body.place": "Địa danh",
    "meeting": "Buổi kiểm tra", "meeting.date": "Ngày kiểm tra", "meeting.start": "Giờ bắt đầu",
    "meeting.end": "Giờ kết thúc", "meeting.location": "Địa điểm",
    "meeting.sessions": "Các buổi làm việc tiếp theo (kiểm tra nhiều ngày)", "meeting.sessions.date": "Ngày",
    "meeting.sessions.start": "Giờ bắt đầu", "meeting.sessions.end": "Giờ kết thúc",
    "meeting.sessions.location": "Địa điểm (bỏ trống: như buổi đầu)",
    "text": "Nội dung", "points": "Các ý nhỏ (a, b, c …)", "cause": "Nguyên nhân",
    "statistics_here": "In đoạn số liệu ngay sau ý này",
    "figures_table": "Bảng số liệu (in sau phần kết quả)", "columns": "Tiêu đề cột (cột đầu là tên dòng)",
    "rows": "Các dòng của bảng", "cells": "Các ô của dòng (ô đầu: tên dòng)", "figures_table.title": "Tên bảng", "figures_table.unit": "Đơn vị tính",
    "appendix": "Phụ lục (in sau chữ ký)", "appendix.title": "Tên phụ lục", "paragraphs": "Các đoạn",
    "appendix.table": "Bảng của phụ lục", "appendix.table.title": "Tên bảng", "appendix.table.unit": "Đơn vị tính",
    "statistics.units_checked.subject": "Nội dung tự kiểm tra",
    "minimum_percent": "Tỷ lệ tối thiểu theo quy định (%)", "statistics.commitment.name": "Tên bản cam kết",
    "scope": "Nội dung kiểm tra", "achievements": "Kết quả đạt được", "shortcomings": "Tồn tại, hạn chế",
    "requests": "Yêu cầu, kiến nghị", "unit_opinion": "Ý kiến của đơn vị được kiểm tra",
    "other_opinions": "Ý kiến của các thành phần khác",
    "statistics": "Số liệu", "statistics.dossiers": "Hồ sơ thủ tục hành chính",
    "period_from": "Từ ngày", "period_to": "Đến ngày", "received": "Đã tiếp nhận", "resolved": "Đã giải quyết",
    "on_time": "Đúng hạn và trước hạn", "overdue": "Quá hạn", "in_process": "Đang giải quyết, trong hạn",
    "carried_over": "Tồn kỳ trước", "in_process_overdue": "Đang giải quyết, quá hạn",
    "statistics.units_checked": "Tự kiểm tra các đơn vị thuộc", "checked": "Số đơn vị đã kiểm tra",
    "total": "Tổng số", "units": "Tên các đơn vị đã kiểm tra",
    "statistics.one_stop_procedures": "Số TTHC theo cơ chế một cửa", "statistics.online_payment": "Thanh toán trực tuyến",
    "procedures": "Số thủ tục", "dossiers": "Số hồ sơ", "statistics.commitment": "Bản cam kết",
    "met": "Số chỉ tiêu đạt", "statistics.feedback": "Phản ánh, kiến nghị", "handled": "Đã xử lý",
    "remediation": "Khắc phục", "remediation.working_days": "Số ngày làm việc", "remediation.report_to": "Báo cáo gửi",
    "minutes": "Biên bản", "notice": "Thông báo kết luận", "number": "Số văn bản (bỏ trống để điền tay)",
    "date": "Ngày ban hành", "copies": "Số bản", "recipients": "Nơi nhận", "archive": "Lưu (sau «VT,»)",
    "signer": "Người ký", "authority": "Thẩm quyền (TM., KT. …)", "title": "Chức vụ người ký",
    "agency": "Cơ quan", "agency.parent": "Cơ quan chủ quản", "agency.name": "Tên cơ quan",
    "agency.abbreviation": "Chữ viết tắt", "agency.place": "Địa danh", "type_code": "Ký hiệu phiếu",
    "extend_days": "Hẹn lại sau (ngày làm việc)", "as_of": "Ngày lập phiếu", "default_reason": "Lý do chậm mặc định", "contact": "Liên hệ",
    "requests.working_days": "Hạn riêng (số ngày làm việc)", "requests.date": "Hạn riêng (ngày)",
    "statistics.dossiers.label": "Tên kỳ (ví dụ: Năm 2022)",
    "remediation.wording": "Cách ghi hạn", "remediation.counted_from": "Hạn tính từ",
    "minutes.signatures": "Các chữ ký dưới biên bản (bỏ trống: như thường lệ)", "notice.issued_by": "Thông báo do ai ban hành",
    "email": "Gửi phiếu qua thư điện tử (dùng với lệnh «minutes-gen apology --send»)",
    "email.host": "Máy chủ thư (SMTP)", "email.sender": "Người gửi (tên <địa chỉ thư>)", "email.port": "Cổng",
    "email.security": "Bảo mật kết nối", "email.user": "Tên đăng nhập máy chủ thư",
    "email.password_env": "Biến môi trường chứa mật khẩu", "email.reply_to": "Địa chỉ nhận thư trả lời",
}

# The values a choice offers, by field path (or by the field's last name), when the model does
# not list them itself; a value the data already holds stays offered too.
CHOICES = {
    "salutation": ("Ông", "Bà"),
    "role": ("Trưởng đoàn", "Phó Trưởng đoàn", "Thành viên", "Thư ký"),
}
# How a choice's value is shown, when the value itself is not Vietnamese.
CHOICE_LABELS = {
    "by_date": "chậm nhất ngày … (một ngày cụ thể)", "within_days": "trong thời hạn … ngày làm việc",
    "inspection": "ngày kiểm tra", "notice": "ngày thông báo",
    "team": "Đoàn kiểm tra (TM. ĐOÀN KIỂM TRA)", "agency": "Cơ quan ở đầu văn bản (KT. GIÁM ĐỐC …)",
    "starttls": "STARTTLS (thường là cổng 587)", "ssl": "SSL/TLS (thường là cổng 465)",
    "none": "Không mã hóa (chỉ trong mạng nội bộ)",
}


def label(path: str) -> str:
    """The label of ``path`` (``team.members[2].name`` -> ``Họ và tên``)."""
    import re

    plain = re.sub(r"\[[^\]]*\]", "", path)
    return LABELS.get(plain) or LABELS.get(plain.rsplit(".", 1)[-1]) or plain


def choices(path: str) -> tuple[str, ...]:
    """The values ``CHOICES`` offers for ``path`` (``team.members[2].role``), or none."""
    import re

    plain = re.sub(r"\[[^\]]*\]", "", path)
    return CHOICES.get(plain) or CHOICES.get(plain.rsplit(".", 1)[-1]) or ()


def choice_label(value: str) -> str:
    """How a choice's value is shown (``starttls`` -> ``STARTTLS (thường là cổng 587)``)."""
    return CHOICE_LABELS.get(value, value)


def field_label(path: str) -> str:
    """The words a user sees for a field path: ``team.members[2].name`` ->
    ``Đoàn kiểm tra › Thành viên (dòng 2) › Họ và tên``."""
    import re

    words, prefix = [], ""
    for part in path.split("."):
        name, indices = re.sub(r"\[\d+\]", "", part), re.findall(r"\[(\d+)\]", part)
        prefix = f"{prefix}.{name}" if prefix else name
        word = label(prefix)
        places = ", ".join(f"{kind} {index}" for kind, index in zip(("dòng", "ô"), indices))
        words.append(f"{word} ({places})" if places else word)
    return " › ".join(words)


def problem_text(problem) -> str:
    """A problem as the page says it: the field's label (or the register's row and column), then
    the message; never a file path of the server."""
    if problem.field:
        return f"{field_label(problem.field)}: {problem.message}"
    if problem.row is not None:
        column = f", cột «{problem.column}»" if problem.column else ""
        return f"Hàng {problem.row}{column}: {problem.message}"
    return problem.message
