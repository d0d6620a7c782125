"""Báo cáo tình hình khắc phục sau kiểm tra (type ``BC``): where every unit's items stand on a
day (``minutes-gen followup --as-of``), with the remediation table, for the summary report."""

from minutes_gen.documents.case_common import case_file_stem, chosen_signer, ending, plan_reference, signing
from minutes_gen.documents.common import header
from minutes_gen.documents.remediation import remediation_context
from minutes_gen.vn.dates import long_date
from minutes_gen.vn.numbers import count

TEMPLATE = "bao-cao-khac-phuc.docx"
TYPE_CODE = "BC"
FILE_PREFIX = "bao-cao-khac-phuc"


def summary(case, unit=None) -> str:
    return f"Tình hình khắc phục sau kiểm tra {case.first.subject}"


def build_context(case, calendar, number=None, today=None, unit=None, issued=None) -> dict:
    """The follow-up report on ``today`` (the day it is made: ``--as-of``)."""
    first, report = case.first, case.documents.report
    followup = case.documents.followup
    return {
        "header": header(first.issuing_body, TYPE_CODE, number, today),
        "summary": summary(case),
        "addressee": report.addressee,
        "opening": f"Thực hiện {plan_reference(case, issued)}, {first.team.name} đã kiểm tra {first.subject} tại "
                   f"{count(len(case.units))} cơ quan, đơn vị và theo dõi việc khắc phục các tồn tại, hạn chế sau kiểm "
                   f"tra. Tình hình đến {long_date(today)} như sau:",
        **remediation_context(case, calendar, today),
        "closing": f"Trên đây là báo cáo tình hình khắc phục sau kiểm tra {first.subject} của {first.team.name}./.",
        **signing(case, followup.signer if followup else None),
        **ending(["Như trên", *(followup.recipients if followup else [])], followup.archive if followup else None,
                 case),
    }


def document_date(case, today=None, unit=None):
    return today


def signer_name(case, unit=None) -> str:
    followup = case.documents.followup
    return chosen_signer(case, followup.signer if followup else None).name


def output_name(case, unit=None) -> str:
    return case_file_stem(FILE_PREFIX, case)
