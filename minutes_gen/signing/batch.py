"""Signing the PDFs a run made: every key opened once (one PIN for the whole run) and its
certificate checked before anything is signed; each document gets the person's signature, then
the agency's, in one pass; each document's result is its own."""

import contextlib
from pathlib import Path

from minutes_gen.errors import InputError
from minutes_gen.signing.profile import SigningRequest
from minutes_gen.signing.run import sign_files
from minutes_gen.signing.stamp import Appearance, prepare_stamp

ROLE_WORDS = {"person": "người ký", "agency": "cơ quan"}


UNSIGNED = "Các văn bản đã được ghi nhưng chưa ký số văn bản nào."


def sign_documents(documents: list[tuple[Path, str]], request: SigningRequest,
                   progress=lambda done, total, stage: None, force: bool = False) -> dict[Path, str]:
    """Sign ``documents`` (PDF, the signer's name as printed) for every role of ``request``;
    return each PDF's manifest text: «đã ký: người ký, cơ quan» or why not. A key that cannot
    be opened, or whose certificate cannot sign (``force``: see ``opened_signer``), stops the
    run before any signature."""
    from minutes_gen.signing.keys import opened_signer

    failed: dict[Path, str] = {}
    with contextlib.ExitStack() as keys:
        try:
            signers = {role: keys.enter_context(opened_signer(request.key_source(role), force)) for role in request.roles}
            stamps = [prepare_stamp(role, signer, _appearance(request, role)) for role, signer in signers.items()]
        except InputError as error:
            error.footer = error.footer or UNSIGNED
            raise
        for name in sorted({name for _, name in documents}):
            batch = [path for path, signer_name in documents if signer_name == name]
            for path, (role, text) in sign_files(batch, stamps, name, False, progress).items():
                if text:
                    failed[path] = f"lỗi ký số ({ROLE_WORDS[role]}): {text}"
    signed = "đã ký: " + ", ".join(ROLE_WORDS[role] for role in request.roles)
    return {path: failed.get(path, signed) for path, _ in documents}


def _appearance(request: SigningRequest, role: str) -> Appearance:
    place = getattr(request.profile, role)
    return Appearance(request.path(place.image), getattr(place, "name", None), float(getattr(place, "seal_mm", 36)))
