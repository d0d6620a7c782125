"""Signing a run's PDFs over worker processes, where they pay: each worker opens the keys
itself once (its own token session), with the password or PIN the main process read (typed
once), prepares its stamps once, then signs chunks of files; results come back per file."""

import contextlib
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

from minutes_gen.signing.profile import SigningRequest

CHUNK = 16
# Below this many files one process is surely quicker than starting workers (~1 s each: a fresh
# interpreter, the signing libraries, the keys opened). Not measured with free cores: on the
# shared 2-core development machine, always busy, bench_sign.py's (d) ran at 0.7–1.3× of (c).
WORKERS_FROM = 200

_KEYS = contextlib.ExitStack()  # a worker's opened keys, for its whole life
_STAMPS: list = []


def _open_keys(request: SigningRequest, secrets: dict[str, str], force: bool) -> None:
    """A worker's start: its own keys and stamps (Ctrl-C is the main process's to handle; the
    certificates' warnings were shown by the main process, which checked them first)."""
    import io

    from minutes_gen.engine.interrupts import ignore_sigint_in_worker
    from minutes_gen.signing.keys import opened_signer
    from minutes_gen.signing.stamp import prepare_stamp

    ignore_sigint_in_worker()
    with contextlib.redirect_stderr(io.StringIO()):
        for role in request.roles:
            signer = _KEYS.enter_context(opened_signer(request.key_source(role), force, secrets[role]))
            _STAMPS.append(prepare_stamp(role, signer, request.appearance(role)))


def _sign_chunk(files: list[Path], name: str, resign: bool) -> dict:
    from minutes_gen.signing.run import sign_files

    return sign_files(files, _STAMPS, name, resign)


def workers_pay(files: int, jobs: int) -> bool:
    """Whether ``files`` are signed quicker by ``jobs`` workers: enough files, cores free."""
    from minutes_gen.engine.workers import machine_busy

    return jobs > 1 and files >= WORKERS_FROM and not machine_busy()


def sign_in_workers(files: list[Path], request: SigningRequest, secrets: dict[str, str], name: str, force: bool,
                    jobs: int, progress, resign: bool = False) -> dict[Path, tuple[str, str]]:
    """``signing.run.sign_files`` over ``jobs`` workers (keys opened with ``secrets``, per role;
    ``resign``: files already signed, or out of order, are signed all the same — ``sign --force``)."""
    import multiprocessing

    results: dict = {}
    # Started afresh (spawn): a worker sees this process's environment as it is now (a token
    # library's configuration), and never a copy of its memory (the register).
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_open_keys,
                               initargs=(request, secrets, force))
    try:
        pending = {pool.submit(_sign_chunk, files[start:start + CHUNK], name, resign) for start in range(0, len(files), CHUNK)}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                results.update(future.result())
            progress(len(results), len(files), "sign")
    finally:  # Ctrl-C or a failure: the chunks under way finish (no half file), no other starts
        pool.shutdown(wait=True, cancel_futures=True)
    return {path: results[path] for path in files}
