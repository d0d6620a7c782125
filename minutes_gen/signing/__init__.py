"""Digital signatures on issued PDFs, laid out as ND30 says (the signer's image between title
and name, the agency's seal over its left third), and their verification.

The signing libraries log in English to the terminal (a font table they drop, a certificate
path they could not build): what matters of it reaches the user as a Vietnamese result, so
their loggers are kept quiet here."""

import logging

for _name in ("pyhanko", "pyhanko_certvalidator", "fontTools", "pkcs11"):
    _logger = logging.getLogger(_name)
    _logger.addHandler(logging.NullHandler())
    _logger.propagate = False
