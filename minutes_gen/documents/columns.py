"""Column widths of a table of figures, fitted to its content as Word's «AutoFit to contents»
would: every column at least as wide as its longest word, the room left shared by how much more
each column's longest text wants. Widths are given as spans of a fine grid (``GRID_COLUMNS``
equal columns across the text width), which the template applies with docxtpl's ``colspan``."""

from minutes_gen.documents.page import HEADER_CELL_MARGINS_MM, TEXT_WIDTH_MM
from minutes_gen.vn.line_breaks import mixed_text_width_mm

GRID_COLUMNS = 60
TABLE_SIZE_PT = 13


def column_spans(columns: list[str], rows: list[list[str]]) -> list[int]:
    """How many grid columns each table column takes (together ``GRID_COLUMNS``)."""
    least, most = [], []
    for i, heading in enumerate(columns):
        cells = [str(row[i]) for row in rows if i < len(row)]
        words = [_width(word, True) for word in heading.split()] + [
            _width(word, False) for cell in cells for word in cell.split()]
        least.append(max(words or [_width("", False)]))
        most.append(max([least[-1], _two_lines(heading), *(_width(cell, False) for cell in cells)]))
    return _spans(_fit(least, most, TEXT_WIDTH_MM))


def _two_lines(heading: str) -> float:
    """The width a heading wants: its wider half when broken in two lines at the best gap (the
    heading row is bold and repeated on every page: two lines of it are usual, the body's cells
    are the ones to keep on one line)."""
    words = heading.split()
    halves = [max(_width(" ".join(words[:cut]), True), _width(" ".join(words[cut:]), True))
              for cut in range(1, len(words))]
    return min(halves or [_width(heading, True)])


def _width(text: str, bold: bool) -> float:
    """A cell's text on one line (the heading row is bold), with the cell's margins and a grid
    column's room for rounding."""
    return mixed_text_width_mm(text, TABLE_SIZE_PT, bold) + HEADER_CELL_MARGINS_MM + TEXT_WIDTH_MM / GRID_COLUMNS


def _fit(least: list[float], most: list[float], width: float) -> list[float]:
    """Widths filling ``width``: a column whose whole text fits in an even share of the room left
    gets it (short columns first: dates, figures); the others share the rest, each at least its
    longest word, the room beyond shared by how much more each one's longest text wants."""
    fitted: dict[int, float] = {}
    while len(fitted) < len(most):
        free = [i for i in range(len(most)) if i not in fitted]
        share = (width - sum(fitted.values())) / len(free)
        short = {i: most[i] for i in free if most[i] <= share}
        if not short:
            break
        fitted.update(short)
    free = [i for i in range(len(most)) if i not in fitted]
    room = width - sum(fitted.values())
    if not free:
        return [fitted[i] * width / sum(fitted.values()) for i in range(len(most))]
    needed, wants = sum(least[i] for i in free), sum(most[i] - least[i] for i in free)
    for i in free:
        fitted[i] = (least[i] * room / needed if room <= needed
                     else least[i] + (room - needed) * (most[i] - least[i]) / wants)
    return [fitted[i] for i in range(len(most))]


def _spans(widths: list[float]) -> list[int]:
    """Whole grid columns for ``widths`` (at least one each), rounded by largest remainder."""
    exact = [width / TEXT_WIDTH_MM * GRID_COLUMNS for width in widths]
    spans = [max(1, int(value)) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    for index in by_remainder[:max(GRID_COLUMNS - sum(spans), 0)]:
        spans[index] += 1
    while sum(spans) > GRID_COLUMNS and max(spans) > 1:
        spans[spans.index(max(spans))] -= 1
    return spans
