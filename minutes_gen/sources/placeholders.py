"""Placeholders of the starter files (``minutes-gen init``) that a user forgot to replace.

A value that is one of the starters' placeholder texts, or that holds a lone ``...`` (as in
``UBND tỉnh ...``), is an error with its line: it would otherwise be printed in an official
document.
"""

import re

PLACEHOLDERS = frozenset({
    "Họ và tên", "Chức vụ", "Tên tỉnh", "Họ và tên Trưởng đoàn", "Họ và tên thành viên", "Họ và tên thư ký",
    "Họ và tên người ký", "Tên đầy đủ của đơn vị được kiểm tra", "Tên viết tắt", "Tên cơ quan",
    "Tên cơ quan chủ quản", "Nội dung kết quả đạt được.", "Nội dung tồn tại, hạn chế.", "Nội dung yêu cầu.",
    "Tên đơn vị", "Tên đơn vị thứ hai", "Tên ngày nghỉ", "Tiêu đề cột",
})
_LONE_ELLIPSIS = re.compile(r"(?:^|\s)(?:\.{3,}|…)(?:\s|$)")


def is_placeholder(text: str) -> bool:
    """True when ``text`` is a starter's placeholder, or holds a lone ``...``."""
    stripped = text.strip()
    return stripped in PLACEHOLDERS or bool(_LONE_ELLIPSIS.search(stripped))


def placeholder_message(text: str) -> str:
    """The error for a placeholder left in a file."""
    return f"«{text.strip()}» là chữ mẫu của tệp khởi tạo; hãy thay bằng nội dung thật"
