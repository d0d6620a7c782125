"""Outgoing-document numbers (ND30 Điều 15): what a number is and what a register must do.

A number is issued in order from 01 each year and never twice; a series is one issuing body's
year — or, in a register set up per type, one document type's year within it — and belongs to
an *owner*: on the office server the agency (its id), whatever the data's text says, so two
agencies never share a series; ``0`` in a register of the command line alone. Voided numbers
stay in the register and are never reused.
"""

import abc
import datetime as dt
from dataclasses import dataclass

from minutes_gen.vn.numbers import document_number

MAX_NUMBER = 99_999          # a year's numbers stay within five digits
MAX_JUMP = 1_000             # a number given by hand may run ahead of the next free one by this much
SERIES_MODES = ("body", "type")
STATUS_ISSUED, STATUS_VOID = "issued", "void"
OFFICE_FILE = "office:"  # an entry's file on the office server: office:<document id>[/<letter in its .zip>]


@dataclass(frozen=True)
class NumberRequest:
    """A document that needs a number: who issues it, what it is, and for which record."""

    body: str            # issuing body's abbreviation (ĐKT)
    type_code: str       # BB, TB, PXL
    kind: str            # minutes, notice, apology
    record_key: str      # unit name, dossier code
    doc_date: dt.date
    summary: str = ""
    signer: str = ""
    symbol: str = ""     # a công văn's own symbol (ĐKT-CCHC); else type code and body


@dataclass(frozen=True)
class IssuedNumber:
    """A number in the register."""

    id: int
    number: int
    symbol: str
    year: int
    kind: str
    record_key: str
    doc_date: str
    summary: str
    signer: str
    output_file: str
    sha256: str
    issued_at: str
    status: str
    void_reason: str
    owner: int = 0

    @property
    def text(self) -> str:
        """``07/BB-ĐKT``."""
        return f"{document_number(self.number)}/{self.symbol}"


class NumberRegister(abc.ABC):
    """What callers need from a register; a shared server database can implement it later."""

    @abc.abstractmethod
    def allocate(self, requests: list[NumberRequest], renumber: bool = False) -> list[IssuedNumber]:
        """Return a number for every request, in one transaction (a record keeps its number)."""

    @abc.abstractmethod
    def record_given(self, request: NumberRequest, number: int, renumber: bool = False) -> IssuedNumber:
        """Record a number chosen by hand; refuse one already issued in its series and year."""

    @abc.abstractmethod
    def attach(self, issued: IssuedNumber, output_file: str, sha256: str) -> None:
        """Note which file carries the number."""

    @abc.abstractmethod
    def void(self, number: int, symbol: str, year: int, reason: str) -> IssuedNumber:
        """Void a number (it is never reused)."""

    @abc.abstractmethod
    def entries(self, year: int | None = None, kind: str | None = None) -> list[IssuedNumber]:
        """Every number, in issue order."""


def symbol_of(request: NumberRequest) -> str:
    """``BB-ĐKT``: type abbreviation, dash, issuer abbreviation (upper case)."""
    return (request.symbol or f"{request.type_code}-{request.body}").upper()
