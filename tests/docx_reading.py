"""Reading back rendered documents: the effective values a reader sees come from
``minutes_gen.lint.reading`` (the style-chain walk the ND30 checker uses too)."""

from docx.shared import Length

from minutes_gen.lint.reading import all_paragraphs, flag, font_name, font_size, paragraph_value

effective_font = font_name
effective_size = font_size
effective_flag = flag
paragraph_format = paragraph_value

__all__ = ["all_paragraphs", "effective_flag", "effective_font", "effective_size", "find_paragraph", "mm",
           "paragraph_format"]


def find_paragraph(document, text: str):
    """The first paragraph whose text contains ``text``."""
    for paragraph in all_paragraphs(document):
        if text in paragraph.text:
            return paragraph
    raise AssertionError(f"no paragraph contains {text!r}")


def mm(length: Length) -> float:
    return round(length.mm, 1)


def minutes_signatures(document):
    """The minutes' table of signatures: inside the one-row block that ends the minutes (the
    signatures and «Nơi nhận», never split over two pages)."""
    ending = next(table for table in document.tables
                  if any(p.text == "Nơi nhận:" for p in table.rows[0].cells[0].paragraphs))
    return ending.rows[0].cells[0].tables[0]
