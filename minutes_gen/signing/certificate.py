"""What a signer's certificate allows, by one rule for signing (at the present time) and for
verifying (at the signing time): its period of validity, and its KeyUsage, which must hold
digitalSignature or nonRepudiation when it is there (RFC 5280 § 4.2.1.3)."""

import datetime as dt

from minutes_gen.errors import InputError, Problem, show_warnings
from minutes_gen.signing.stamp import VIETNAM

SIGNING_USAGES = frozenset({"digital_signature", "non_repudiation"})


def _shown(moment: dt.datetime) -> str:
    return moment.astimezone(VIETNAM).strftime("%H:%M ngày %d/%m/%Y")


def usage_problem(certificate) -> str:
    """Why ``certificate`` (asn1crypto) may not sign at all, or ""."""
    usage = certificate.key_usage_value
    if usage is not None and not set(usage.native) & SIGNING_USAGES:
        return "không được cấp để ký số (mục KeyUsage không có digitalSignature hay nonRepudiation)"
    return ""


def validity_problem(certificate, at: dt.datetime) -> str:
    """Why ``certificate`` was not valid at ``at`` (expired, not yet valid), or ""."""
    if at > certificate.not_valid_after:
        return f"đã hết hạn từ {_shown(certificate.not_valid_after)}"
    if at < certificate.not_valid_before:
        return f"chưa có hiệu lực (hiệu lực từ {_shown(certificate.not_valid_before)})"
    return ""


def refuse_unusable(certificate, where: str, force: bool) -> None:
    """Before anything is signed: ``InputError`` when ``certificate`` cannot sign now. Only an
    expired one passes, with ``force``, and then with a warning."""
    now = dt.datetime.now(dt.timezone.utc)
    usage, validity = usage_problem(certificate), validity_problem(certificate, now)
    expired = now > certificate.not_valid_after
    if usage or (validity and not (expired and force)):
        hint = "; dùng --force nếu thật cần ký bằng chứng thư đã hết hạn" if expired and not usage else ""
        raise InputError([Problem(where, f"chứng thư số {usage or validity}: không ký tệp nào{hint}")])
    if validity:
        show_warnings([Problem(where, f"chứng thư số {validity}; vẫn ký vì có --force, nhưng phần mềm kiểm tra "
                                      f"chữ ký sẽ báo chữ ký này dùng chứng thư hết hạn")])
