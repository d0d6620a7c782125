"""Dossier statistics printed as text (Vietnamese), YAML (the inspection's block) or JSON."""

import dataclasses
import json

from minutes_gen.model.dossier_stats import DossierStats
from minutes_gen.vn.dates import numeric_date, short_date
from minutes_gen.vn.numbers import count, percent


def as_text(stats: DossierStats, source: str) -> str:
    """A table a secretary reads on screen."""
    def line(label: str, value: int, whole: int | None = None, indent: int = 2) -> str:
        share = f" ({percent(value, whole)})" if whole else ""
        return f"{' ' * indent}{label:<{34 - indent}}{count(value):>7}{share}"

    lines = [f"Hồ sơ thủ tục hành chính từ ngày {short_date(stats.period_from)} đến ngày "
             f"{short_date(stats.period_to)} (sổ: {source})",
             line("Tiếp nhận trong kỳ:", stats.received)]
    lines += [line(f"- {channel}:", number, stats.received, 4) for channel, number in stats.by_channel.items()]
    resolved, pending = stats.resolved, stats.in_process + stats.in_process_overdue
    lines += [
        line("Tồn kỳ trước chuyển sang:", stats.carried_over),
        line("Đã giải quyết:", resolved),
        line("- Trước hạn:", stats.early, resolved, 4),
        line("- Đúng hạn:", stats.on_time, resolved, 4),
        line("- Quá hạn:", stats.overdue, resolved, 4),
        line("Đang giải quyết:", pending),
        line("- Trong hạn:", stats.in_process, pending, 4),
        line("- Quá hạn:", stats.in_process_overdue, pending, 4),
        line("Phiếu xin lỗi phải có:", stats.apologies_owed),
        line("Phiếu xin lỗi đã ghi nhận:", stats.apologies_recorded),
        line("- Xin lỗi muộn:", stats.apologies_late, stats.apologies_recorded, 4),
    ]
    return "\n".join(lines)


def as_yaml(stats: DossierStats, source: str) -> str:
    """The ``statistics.dossiers`` block of an inspection file, ready to paste."""
    fields = [
        ("period_from", numeric_date(stats.period_from), "đầu kỳ"),
        ("period_to", numeric_date(stats.period_to), "cuối kỳ"),
        ("received", stats.received, "tiếp nhận trong kỳ"),
        ("carried_over", stats.carried_over, "tồn kỳ trước chuyển sang"),
        ("resolved", stats.resolved, "đã giải quyết"),
        ("on_time", stats.early + stats.on_time, "trước hạn và đúng hạn"),
        ("overdue", stats.overdue, "quá hạn"),
        ("in_process", stats.in_process, "đang giải quyết, trong hạn"),
        ("in_process_overdue", stats.in_process_overdue, "đang giải quyết, quá hạn"),
    ]
    lines = [f"# Số liệu tính từ sổ theo dõi {source} (minutes-gen stats)", "statistics:", "  dossiers:"]
    lines += [f"    {f'{key}: {value}':<32}# {comment}" for key, value, comment in fields]
    return "\n".join(lines)


def as_json(stats: DossierStats, source: str) -> str:
    """Every figure, for other programs."""
    data = dataclasses.asdict(stats)
    data["period_from"], data["period_to"] = stats.period_from.isoformat(), stats.period_to.isoformat()
    data["source"] = source
    return json.dumps(data, ensure_ascii=False, indent=2)


FORMATS = {"text": as_text, "yaml": as_yaml, "json": as_json}
