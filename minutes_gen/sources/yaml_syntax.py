"""What PyYAML's syntax errors mean, in words a secretary who edits a file in Notepad reads."""

import yaml


QUOTE_THE_VALUE = "hãy đặt giá trị trong ngoặc kép"
COLON_IN_VALUE = f"giá trị có dấu «:» (đọc thành «tên: giá trị»); {QUOTE_THE_VALUE}, ví dụ \"Thời gian: 8 giờ\""
COMMA_AFTER_VALUE = (f"có dấu «,» sau một giá trị đã đóng ngoặc (\"…\" hoặc […]); {QUOTE_THE_VALUE} "
                     "cả câu, ví dụ \"Sở Nội vụ, Sở Tư pháp\"")

SYNTAX_REASONS = (  # what PyYAML says (start of its message) -> what the user reads
    ("could not find expected ':'", "thiếu dấu «:» sau tên trường"),
    ("mapping values are not allowed here", COLON_IN_VALUE),
    ("found character '\\t' that cannot start any token", "có ký tự Tab; hãy thụt lề bằng dấu cách"),
    ("found undefined alias", "tham chiếu (*) chưa được định nghĩa"),
    ("found unexpected end of stream", "tệp kết thúc giữa chừng (thiếu dấu ngoặc kép hay ngoặc đóng?)"),
    ("found unknown escape character", "ký tự sau dấu «\\» trong ngoặc kép không hợp lệ; hãy viết «\\\\» hoặc dùng ngoặc đơn"),
    ("unacceptable character", "có ký tự điều khiển không in được; hãy xóa ký tự đó"),
    ("special characters are not allowed", "có ký tự điều khiển không in được; hãy xóa ký tự đó"),
    ("expected ',' or '}'", "thiếu dấu «,» hoặc «}» trong nhóm viết trên một dòng {…}"),
    ("expected ',' or ']'", "thiếu dấu «,» hoặc «]» trong danh sách viết trên một dòng […]"),
    ("but found ','", COMMA_AFTER_VALUE),
    ("expected <block end>", "thụt lề không khớp với các dòng trên (kiểm tra số dấu cách đầu dòng)"),
    ("expected a comment or a line break", "có chữ thừa sau giá trị trên cùng dòng"),
    ("found character", "có ký tự không được bắt đầu một giá trị (như @ hay `); hãy đặt giá trị trong ngoặc kép"),
    ("found undefined tag handle", "thẻ YAML (!) không được phép"),
    ("found unexpected ':'", COLON_IN_VALUE),
    ("expected alphabetic or numeric character", "tham chiếu (& hoặc *) sai cách viết"),
    ("found duplicate anchor", "tham chiếu (&) bị đặt tên hai lần"),
    ("expected the node content", "thiếu giá trị ở đây"),
    ("did not find expected key", "thụt lề hoặc dấu «-» đặt sai chỗ"),
    ("did not find expected '-' indicator", "mục danh sách phải bắt đầu bằng «- » và thụt lề đều"),
)


def syntax_reason(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    for english, vietnamese in SYNTAX_REASONS:
        if problem.startswith(english) or english in problem:
            return vietnamese
    return "cấu trúc không hợp lệ ở dòng này (kiểm tra thụt lề, dấu «:», «-» và ngoặc kép)"
