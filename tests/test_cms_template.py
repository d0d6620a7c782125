"""The CMS of a key's signatures made once and filled in per file (signing/cms_template.py) is
byte for byte the CMS pyHanko makes for the same digest — with a PKCS#12 key and through a
SoftHSM2 token (RSA PKCS#1 v1.5 signatures are the same for the same input) — and whatever the
template does not cover (a dry run, a signature with its signing time) is pyHanko's own."""

import asyncio
import datetime as dt
import os

import pytest

from signing_helpers import AGENCY, PASSWORD, PIN, SOFTHSM, ThrowawayCA, softhsm_token

pytest.importorskip("pyhanko")


def _signature(signer, digest: bytes, **options) -> bytes:
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    when = dt.datetime(2025, 9, 19, 8, 30, tzinfo=dt.timezone.utc)
    cms = asyncio.run(signer.async_sign(digest, "sha256", signed_attr_settings=PdfCMSSignedAttributes(signing_time=when),
                                        **options))
    return cms.dump()


def _same_as_pyhanko(signer) -> None:
    from minutes_gen.signing.cms_template import templated

    fast = templated(signer)
    first = os.urandom(32)
    assert _signature(fast, first, use_pades=True) == _signature(signer, first, use_pades=True)
    assert fast._templates["sha256"] is not None  # the next signatures are filled in
    for _ in range(3):
        digest = os.urandom(32)
        assert _signature(fast, digest, use_pades=True) == _signature(signer, digest, use_pades=True)
    digest = os.urandom(32)  # not PAdES: the signing time is signed too, pyHanko builds it
    assert _signature(fast, digest, use_pades=False) == _signature(signer, digest, use_pades=False)
    dry = _signature(fast, digest, use_pades=True, dry_run=True)
    assert len(dry) == len(_signature(signer, digest, use_pades=True, dry_run=True))


def test_a_pkcs12_key_signs_through_the_template_as_pyhanko_does(tmp_path):
    from minutes_gen.signing.keys import pkcs12_signer

    ca = ThrowawayCA(tmp_path)
    _same_as_pyhanko(pkcs12_signer(ca.pkcs12(AGENCY, "co-quan.p12").read_bytes(), PASSWORD, "co-quan.p12"))


def test_a_softhsm2_token_signs_through_the_template_as_pyhanko_does(tmp_path, monkeypatch):
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11

    token = softhsm_token(tmp_path, ThrowawayCA(tmp_path), monkeypatch)
    session = pkcs11.open_pkcs11_session(SOFTHSM, token_criteria=TokenCriteria(label=token["--token"]), user_pin=PIN)
    try:
        _same_as_pyhanko(pkcs11.PKCS11Signer(session, cert_label=token["--key"], key_label=token["--key"]))
    finally:
        session.close()
