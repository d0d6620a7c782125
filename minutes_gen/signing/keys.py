"""Where a signing key lives: a PKCS#12 file (password from the environment or typed at a
prompt, never on the command line) or a PKCS#11 token such as the USB tokens of the government
CA (module, token label, key label; PIN from the environment or a prompt, asked once for a batch)."""

import contextlib
from dataclasses import dataclass
from pathlib import Path

from minutes_gen.errors import InputError, Problem, explain_os_error
from minutes_gen.sources.secret_input import read_secret

PASSWORD_ENV = "MINUTES_GEN_P12_PASSWORD"
PIN_ENV = "MINUTES_GEN_PIN"


@dataclass(frozen=True)
class KeySource:
    """One of: ``p12`` (a file), or ``module`` + ``token`` + ``key`` (a PKCS#11 token)."""

    p12: Path | None = None
    module: Path | None = None
    token: str | None = None
    key: str | None = None

    def check(self) -> None:
        if (self.p12 is None) == (self.module is None):
            raise InputError([Problem("--p12/--pkcs11-module", "chọn một nơi giữ khóa: --p12 TỆP hoặc "
                                                                "--pkcs11-module THƯ_VIỆN --token NHÃN --key NHÃN")])
        if self.module is not None and not (self.token and self.key):
            raise InputError([Problem("--token/--key", "với --pkcs11-module cần ghi cả --token (nhãn thiết bị) và "
                                                       "--key (nhãn khóa)")])


_TOKEN_ERRORS = {  # python-pkcs11 / pyHanko exception names -> what the user reads
    "PinIncorrect": "sai mã PIN", "PinLocked": "mã PIN đã bị khóa", "PinExpired": "mã PIN đã hết hạn",
    "NoSuchToken": "không thấy thiết bị có nhãn này; hãy cắm thiết bị và kiểm tra --token",
    "PKCS11Error": "không tìm thấy thiết bị hoặc khóa", "TokenNotPresent": "thiết bị chưa được cắm",
    "OSError": "không nạp được thư viện PKCS#11; kiểm tra --pkcs11-module", "RuntimeError": "không nạp được thư viện PKCS#11",
}


def _token_reason(error: Exception) -> str:
    return _TOKEN_ERRORS.get(type(error).__name__, "thư viện của thiết bị ký số báo lỗi")


def kept_key_signer(signer):
    """``signer`` (pyHanko's ``SimpleSigner``) keeping its RSA key loaded: pyHanko's loads it
    again, and checks it, for every signature (~30 ms for RSA-2048)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import padding
    from pyhanko.sign import signers
    from pyhanko.sign.general import get_pyca_cryptography_hash

    loaded = serialization.load_der_private_key(signer.signing_key.dump(), password=None)

    class KeptKeySigner(signers.SimpleSigner):
        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            if self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo == "rsassa_pkcs1v15":
                return loaded.sign(data, padding.PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
            return super().sign_raw(data, digest_algorithm)  # other kinds (PSS, ECDSA…): pyHanko's own way

    return KeptKeySigner(signer.signing_cert, signer.signing_key, signer.cert_registry, signer.signature_mechanism,
                         prefer_pss=signer.prefer_pss, embed_roots=signer.embed_roots)


def key_secret(source: KeySource) -> str:
    """The password of ``source``'s PKCS#12 file, or its token's PIN: from the environment, or
    typed once (a missing key file is said before anything is asked)."""
    source.check()
    if source.p12 is None:
        return read_secret(PIN_ENV, "Mã PIN của thiết bị ký số")
    if not Path(source.p12).is_file():
        raise InputError([Problem(str(source.p12), "không tìm thấy tệp khóa")])
    return read_secret(PASSWORD_ENV, "Mật khẩu tệp khóa")


def pkcs12_signer(data: bytes, password: str, where: str, force: bool = False):
    """The signer of a PKCS#12 file's bytes (a file, or one uploaded and kept in memory only), its
    certificate checked (``certificate.refuse_unusable``); ``where`` names it in messages."""
    from pyhanko.sign import signers

    from minutes_gen.signing.certificate import refuse_unusable

    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=password.encode("utf-8"))
    except Exception:  # the library's own errors: a wrong password, not a PKCS#12 file
        signer = None
    if signer is None or signer.signing_cert is None or signer.signing_key is None:
        raise InputError([Problem(where, "không mở được tệp khóa (sai mật khẩu hoặc tệp không phải PKCS#12)")])
    refuse_unusable(signer.signing_cert, where, force)
    return kept_key_signer(signer)


def _read_key_file(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise InputError([Problem(str(path), f"không đọc được tệp khóa ({explain_os_error(error)})")]) from None


@contextlib.contextmanager
def opened_signer(source: KeySource, force: bool = False, secret: str | None = None):
    """The pyHanko signer of ``source``, open for as many files as needed (one PIN entry:
    ``secret``, else ``key_secret``); a certificate that cannot sign now is refused here,
    before any file is signed (``force``: an expired one is used all the same, see
    ``certificate.refuse_unusable``)."""
    from minutes_gen.signing.certificate import refuse_unusable

    secret = key_secret(source) if secret is None else secret
    if source.p12 is not None:
        yield pkcs12_signer(_read_key_file(Path(source.p12)), secret, str(source.p12), force)
        return
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11 as token_signing

    try:
        session = token_signing.open_pkcs11_session(str(source.module), token_criteria=TokenCriteria(label=source.token),
                                                    user_pin=secret)
    except Exception as error:  # the library's own errors: wrong PIN, no token, bad module
        raise InputError([Problem(str(source.module), f"không mở được thiết bị ký số «{source.token}» "
                                                      f"({_token_reason(error)})")]) from None
    try:
        signer = token_signing.PKCS11Signer(session, cert_label=source.key, key_label=source.key)
        try:
            certificate = signer.signing_cert
        except Exception as error:  # no certificate (or key) with that label on the token
            raise InputError([Problem(str(source.module), f"không đọc được chứng thư «{source.key}» trên thiết bị "
                                                          f"«{source.token}» ({_token_reason(error)})")]) from None
        refuse_unusable(certificate, f"chứng thư «{source.key}» trên thiết bị «{source.token}»", force)
        yield signer
    finally:
        session.close()
