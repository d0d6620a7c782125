"""The statistics paragraphs written from an inspection's figures.

Counts take a leading zero below 10; shares are rounded half up to one decimal
(see ``vn.numbers``); dates in running text are written ``15/6/2023``.
"""

from minutes_gen.model.inspection import Inspection
from minutes_gen.vn.dates import short_date
from minutes_gen.vn.numbers import count, percent, ratio, share


def statistics_paragraphs(inspection: Inspection) -> list[str]:
    """Return one sentence per group of figures present, in the order minutes quote them."""
    stats, unit = inspection.statistics, inspection.unit_short_name
    writers = [(period, _dossiers) for period in stats.dossiers] + [
        (stats.one_stop_procedures, _one_stop),
        (stats.online_payment, _online_payment),
        (stats.units_checked, _units_checked),
        (stats.commitment, _commitment),
        (stats.feedback, _feedback),
    ]
    written = [writer(group, unit) for group, writer in writers if group is not None]
    return [text for text in written if text]


def _year_prefix(year: int | None) -> str:
    return f"Năm {year}, " if year else ""


def _dossiers(figures, unit: str) -> str | None:
    """The dossiers sentence with the figures the data gives (None when it gives none)."""
    clauses = []
    if figures.received is not None:
        carried = (f" (ngoài ra có {count(figures.carried_over)} hồ sơ tồn từ kỳ trước chuyển sang)"
                   if figures.carried_over else "")
        clauses.append(f"đã tiếp nhận {count(figures.received)} hồ sơ thủ tục hành chính{carried}")
    split = []
    if figures.on_time is not None:
        reached = f" (đạt {percent(figures.on_time, figures.resolved)})" if figures.resolved else ""
        split.append(f"đúng hạn và trước hạn {count(figures.on_time)} hồ sơ{reached}")
    if figures.overdue is not None:
        split.append(f"quá hạn {count(figures.overdue)} hồ sơ")
    if figures.resolved is not None:
        clauses.append(f"đã giải quyết {count(figures.resolved)} hồ sơ" + (f", trong đó {', '.join(split)}" if split else ""))
    elif split:
        clauses.append(f"đã giải quyết {', '.join(split)}")
    pending = [f"{count(number)} hồ sơ {state}" for number, state in
               ((figures.in_process, "trong hạn"), (figures.in_process_overdue, "quá hạn")) if number is not None]
    if pending:
        clauses.append("đang giải quyết " + " và ".join(pending))
    if not clauses:
        return None
    period = f"từ ngày {short_date(figures.period_from)} đến ngày {short_date(figures.period_to)}"
    when = f"{figures.label} ({period})" if figures.label else period[0].upper() + period[1:]
    return f"{when}, {unit} {'; '.join(clauses)}."


def _one_stop(procedures: int, unit: str) -> str:
    return (f"Số thủ tục hành chính giải quyết theo cơ chế một cửa, một cửa liên thông là "
            f"{count(procedures)} thủ tục.")


def _online_payment(payment, unit: str) -> str:
    return (f"Số thủ tục hành chính thực hiện thanh toán trực tuyến là {count(payment.procedures)} "
            f"thủ tục; số hồ sơ có phát sinh giao dịch thanh toán trực tuyến là "
            f"{count(payment.dossiers)} hồ sơ.")


def _units_checked(units, unit: str) -> str:
    value = share(units.checked, units.total)
    verdict = ""
    if units.minimum_percent:
        met = "đảm bảo" if value is not None and value >= units.minimum_percent else "chưa đảm bảo"
        verdict = f", {met} ít nhất {units.minimum_percent}% số đơn vị được kiểm tra theo quy định"
    names = f": {'; '.join(units.units)}" if units.units else ""
    checked = f"đã kiểm tra {units.subject}" if units.subject else "đã tự kiểm tra"
    return (f"{_year_prefix(units.year)}{unit} {checked} tại "
            f"{ratio(units.checked, units.total)} đơn vị thuộc và trực thuộc "
            f"(đạt {percent(units.checked, units.total)}{verdict}){names}.")


def _commitment(commitment, unit: str) -> str:
    year = f" năm {commitment.year}" if commitment.year else ""
    missed = commitment.total - commitment.met
    missed_text = f"; {count(missed)} chỉ tiêu, nhiệm vụ không đạt" if missed > 0 else ""
    return (f"Kết quả thực hiện {commitment.name.rstrip(' .')}{year}: đạt "
            f"{ratio(commitment.met, commitment.total)} chỉ tiêu, nhiệm vụ "
            f"({percent(commitment.met, commitment.total)}){missed_text}.")


def _feedback(feedback, unit: str) -> str:
    return (f"{_year_prefix(feedback.year)}{unit} đã tiếp nhận {count(feedback.received)} phản ánh, "
            f"kiến nghị liên quan đến việc giải quyết thủ tục hành chính, đã xử lý "
            f"{ratio(feedback.handled, feedback.received)} phản ánh, kiến nghị.")
