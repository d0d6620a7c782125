"""Signing the PDFs a run made: every key opened once (one PIN for the whole run) and its
certificate checked before anything is signed; each document gets the person's signature, then
the agency's, in one pass; each document's result is its own."""

import contextlib
from pathlib import Path

from minutes_gen.errors import InputError
from minutes_gen.signing.profile import SigningRequest
from minutes_gen.signing.run import sign_files
from minutes_gen.signing.stamp import prepare_stamp

ROLE_WORDS = {"person": "người ký", "agency": "cơ quan"}


UNSIGNED = "Các văn bản đã được ghi nhưng chưa ký số văn bản nào."


def sign_documents(documents: list[tuple[Path, str]], request: SigningRequest,
                   progress=lambda done, total, stage: None, force: bool = False, jobs: int = 1) -> dict[Path, str]:
    """Sign ``documents`` (PDF, the signer's name as printed) for every role of ``request``;
    return each PDF's manifest text: «đã ký: người ký, cơ quan» or why not. A key that cannot
    be opened, or whose certificate cannot sign (``force``: see ``opened_signer``), stops the
    run before any signature. Many documents go to ``jobs`` workers where they pay."""
    from minutes_gen.signing.keys import key_secret, opened_signer
    from minutes_gen.signing.workers import sign_in_workers, workers_pay

    failed: dict[Path, str] = {}
    with contextlib.ExitStack() as keys:
        try:
            secrets, stamps = {}, []
            for role in request.roles:  # each key asked for, opened and checked in turn
                secrets[role] = key_secret(request.key_source(role))
                signer = keys.enter_context(opened_signer(request.key_source(role), force, secrets[role]))
                stamps.append(prepare_stamp(role, signer, request.appearance(role)))
        except InputError as error:
            error.footer = error.footer or UNSIGNED
            raise
        for name in sorted({name for _, name in documents}):
            batch = [path for path, signer_name in documents if signer_name == name]
            results = sign_in_workers(batch, request, secrets, name, force, jobs, progress) \
                if workers_pay(len(batch), jobs) else sign_files(batch, stamps, name, False, progress)
            failed.update((path, f"lỗi ký số ({ROLE_WORDS[role]}): {text}") for path, (role, text) in results.items()
                          if text)
    signed = "đã ký: " + ", ".join(ROLE_WORDS[role] for role in request.roles)
    return {path: failed.get(path, signed) for path, _ in documents}
