"""Benchmark: reading a dossier register of 10k, 100k and 200k rows — time and peak memory.

    python benchmarks/bench_register.py [--sizes 10000,100000,200000]

For each size it writes an .xlsx register (and its .csv twin), then, each in a process of its
own, measures:
(a) the baseline: openpyxl's read-only mode iterating every row (what minutes-gen used before);
(b) ``minutes-gen stats`` on the .xlsx (bounded streaming reader, every row judged);
(c) ``minutes-gen stats`` on the .csv.
Peak memory is the process's maximum RSS (``wait4``). Prints seconds, MB and the ratios b/a.
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER = ["Mã hồ sơ", "Họ và tên", "Giới tính", "Tên thủ tục", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày trả kết quả"]
PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                           'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
                           'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
                           'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
                           'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
                           'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                           'spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.'
                       'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="So" sheetId="1" '
                       'r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                                  'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
                                  'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                                  'Target="worksheets/sheet1.xml"/></Relationships>',
}
BASELINE = """
import sys
from openpyxl import load_workbook
book = load_workbook(sys.argv[1], read_only=True, data_only=True)
rows = sum(1 for _ in book.active.iter_rows(values_only=True))
print(rows)
"""


def _values(i: int) -> list[str]:
    return [f"H15.28-{i:07d}", f"Nguyễn Văn {i}", "Nam" if i % 2 else "Nữ",
            "Cấp giấy phép lao động cho người lao động nước ngoài", "01/06/2023", "12/06/2023",
            "10/06/2023" if i % 3 else ""]


def make_registers(folder: Path, n: int) -> tuple[Path, Path]:
    """An .xlsx (streamed, inline strings) and a .csv of ``n`` dossiers."""
    xlsx, csv_path = folder / f"so-{n}.xlsx", folder / f"so-{n}.csv"
    with zipfile.ZipFile(xlsx, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode())
            rows = (HEADER if i < 0 else _values(i) for i in range(-1, n))  # lazily: the parent stays small
            for number, values in enumerate(rows, start=1):
                cells = "".join(f'<c r="{chr(65 + c)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
                                for c, v in enumerate(values) if v)
                sheet.write(f'<row r="{number}">{cells}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as handle:
        handle.write(",".join(HEADER) + "\n")
        for i in range(n):
            handle.write(",".join(_values(i)) + "\n")
    return xlsx, csv_path


def measure(command: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"lệnh lỗi: {' '.join(command)}\n{process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,200000")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    print(f"Máy: {platform.machine()}, {os.cpu_count()} lõi, Python {platform.python_version()}")
    print(f"{'số dòng':>8} | {'(a) openpyxl':>18} | {'(b) stats .xlsx':>18} | {'(c) stats .csv':>18} | b/a thời gian, bộ nhớ")
    with tempfile.TemporaryDirectory(dir=ROOT) as folder:
        for n in sizes:
            xlsx, csv_path = make_registers(Path(folder), n)
            stats = [sys.executable, "-m", "minutes_gen", "stats"]
            period = ["--from", "01/01/2023", "--to", "31/12/2023"]
            a = measure([sys.executable, "-c", BASELINE, str(xlsx)])
            b = measure(stats + [str(xlsx)] + period)
            c = measure(stats + [str(csv_path)] + period)
            cells = " | ".join(f"{s:7.2f} s {m:6.0f} MB" for s, m in (a, b, c))
            print(f"{n:>8,}".replace(",", ".") + f" | {cells} | {b[0] / a[0]:.2f}× thời gian; {b[1] / a[1]:.2f}× bộ nhớ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
