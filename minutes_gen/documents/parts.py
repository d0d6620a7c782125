"""Parts both inspection documents print the same way: findings with their sub-points and
causes, the statistics paragraphs placed among the results, a table of figures, an appendix."""

from minutes_gen.documents.columns import column_spans
from minutes_gen.model.statistics_sentences import statistics_paragraphs
from minutes_gen.vn.dates import long_date
from minutes_gen.vn.text import upper_vi

POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"  # Vietnamese alphabetical order, as legal texts number points


def finding_lines(findings, statistics: list[str] = ()) -> list[str]:
    """The findings as printed paragraphs: ``- text``, then ``a) point`` …, then
    ``Nguyên nhân: …``; the statistics paragraphs (``- …``) follow the finding marked
    ``statistics_here``, or the last finding."""
    statistics = [f"- {text}" for text in statistics]
    marked = next((i for i, finding in enumerate(findings) if finding.statistics_here), len(findings) - 1)
    lines = [] if findings else list(statistics)
    for index, finding in enumerate(findings):
        lines.append(f"- {finding.text}")
        lines += [f"{POINT_LETTERS[i % len(POINT_LETTERS)]}) {point}" for i, point in enumerate(finding.points)]
        if finding.cause:
            lines.append(f"Nguyên nhân: {finding.cause}")
        if index == marked:
            lines += statistics
    return lines


def results_context(inspection) -> dict:
    """``achievement_lines`` (with the statistics among them) and ``shortcoming_lines``."""
    return {
        "achievement_lines": finding_lines(inspection.achievements, statistics_paragraphs(inspection)),
        "shortcoming_lines": finding_lines(inspection.shortcomings),
    }


def table_context(table) -> dict | None:
    """A table of figures for the template: the first column names rows, the others repeat;
    ``spans``: each column's width, in columns of the template's fine grid, fitted to its content."""
    if table is None:
        return None
    return {
        "title": table.title or "",
        "unit": f"Đơn vị tính: {table.unit}" if table.unit else "",
        "corner": table.columns[0],
        "headings": table.columns[1:],
        "rows": [{"label": row[0], "cells": row[1:]} for row in table.rows],
        "spans": column_spans(table.columns, table.rows),
    }


def appendix_context(inspection, kind: str, number_symbol: str, date, body) -> dict | None:
    """The appendix: title, the ``(Kèm theo …)`` line naming its document (issued by ``body``), paragraphs, table;
    and the sentence in the document that points to it (ND30: a document says it has one)."""
    appendix = inspection.appendix
    if appendix is None:
        return None
    return {
        "heading": "Phụ lục",
        "title": upper_vi(appendix.title),
        "attached_to": f"(Kèm theo {kind} số {number_symbol} {long_date(date)} của {body.name})",
        "paragraphs": appendix.paragraphs,
        "table": table_context(appendix.table),
        "note": f"Kèm theo {kind} này có Phụ lục: {appendix.title.rstrip(' .')}.",
    }
