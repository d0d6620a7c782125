"""The columns of a dossier register: each field's label and the header texts one-stop software
writes for it, and how a header is compared (case, accents, spacing and punctuation aside)."""

import re

from minutes_gen.vn.text import nfc, strip_accents

# field -> (label shown to users, synonyms)
COLUMNS = {
    "code": ("Mã hồ sơ", ["Mã hồ sơ", "Số biên nhận", "Mã biên nhận", "Số hồ sơ"]),
    "applicant": ("Họ và tên", ["Họ và tên", "Họ tên", "Người nộp", "Tên tổ chức, cá nhân",
                                "Tên người nộp", "Chủ hồ sơ"]),
    "gender": ("Giới tính", ["Giới tính", "Danh xưng"]),
    "address": ("Địa chỉ", ["Địa chỉ", "Địa chỉ liên hệ", "Địa chỉ tổ chức, cá nhân"]),
    "phone": ("Số điện thoại", ["Số điện thoại", "Điện thoại", "Điện thoại liên hệ"]),
    "email": ("Email", ["Email", "E-mail", "Thư điện tử", "Địa chỉ thư điện tử"]),
    "procedure": ("Tên thủ tục", ["Tên thủ tục", "Thủ tục", "Tên thủ tục hành chính"]),
    "field": ("Lĩnh vực", ["Lĩnh vực"]),
    "channel": ("Kênh nộp", ["Kênh nộp", "Kênh tiếp nhận", "Hình thức nộp", "Hình thức tiếp nhận",
                             "Hình thức nộp hồ sơ", "Phương thức nộp"]),
    "received": ("Ngày tiếp nhận", ["Ngày tiếp nhận", "Ngày nhận", "Ngày, giờ tiếp nhận", "Ngày giờ tiếp nhận",
                                     "Thời điểm tiếp nhận", "Nhận hồ sơ", "Ngày nhận hồ sơ"]),
    "received_time": ("Giờ tiếp nhận", ["Giờ tiếp nhận", "Giờ nhận", "Giờ nhận hồ sơ"]),
    "due": ("Ngày hẹn trả", ["Ngày hẹn trả", "Hạn xử lý", "Hạn trả kết quả", "Ngày hẹn trả kết quả"]),
    "returned": ("Ngày trả kết quả", ["Ngày trả kết quả", "Ngày hoàn thành", "Ngày trả"]),
    "reason": ("Lý do chậm", ["Lý do chậm", "Lý do trễ hạn", "Lý do quá hạn"]),
    "apologised": ("Đã xin lỗi", ["Đã xin lỗi", "Ngày xin lỗi"]),
    "reappointed": ("Ngày hẹn lại", ["Ngày hẹn lại"]),
}
REQUIRED = ("code", "applicant", "procedure", "received", "due", "returned")


def header_key(text) -> str:
    """Return a header reduced to compare it: ``Ngày  tiếp-nhận`` -> ``ngay tiep nhan``."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", strip_accents(nfc(str(text or ""))).lower()).split())
