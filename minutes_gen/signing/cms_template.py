"""The CMS of a key's PDF signatures built once, then filled in per file: every PAdES signature
a key makes (no time-stamp) is the same SignedData but for the document's digest and the raw
signature. pyHanko rebuilds it all in asn1crypto for every file (its certificates, signed
attributes and SignerInfo: most of an agency signature's time); here pyHanko builds the first,
and the next ones are that one with the digest and the signature set in their places — byte
for byte what pyHanko would have made (tests/test_cms_template.py)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class _Template:
    """A CMS pyHanko made (``der``) and where its varying parts lie: the digest (inside the
    signed attributes, themselves at ``attributes``) and the raw signature."""

    der: bytes
    attributes: slice
    digest: slice
    signature: slice

    def filled(self, digest: bytes, signature: bytes) -> bytes:
        der = bytearray(self.der)
        der[self.digest] = digest
        der[self.signature] = signature
        return bytes(der)

    def signed_attributes(self, digest: bytes) -> bytes:
        """The DER the raw signature is made on: the signed attributes as a SET (tag 0x31;
        inside the SignerInfo they carry the tag [0])."""
        attributes = bytearray(self.der[self.attributes])
        start = self.digest.start - self.attributes.start
        attributes[start:start + len(digest)] = digest
        return b"\x31" + bytes(attributes[1:])


def _only_place(der: bytes, part: bytes) -> slice | None:
    start = der.find(part)
    return slice(start, start + len(part)) if start >= 0 and der.find(part, start + 1) < 0 else None


def _template(cms, digest: bytes) -> _Template | None:
    """``cms`` (pyHanko's, for ``digest``) as a template; None when a part is not in one place."""
    der = cms.dump()
    signer_info = cms["content"]["signer_infos"][0]
    attributes = _only_place(der, signer_info["signed_attrs"].dump())
    digest_at = _only_place(der, digest)
    signature_at = _only_place(der, signer_info["signature"].native)
    if None in (attributes, digest_at, signature_at) or not attributes.start <= digest_at.start < attributes.stop:
        return None
    return _Template(der, attributes, digest_at, signature_at)


class TemplatedSigner:
    """``signer`` (pyHanko's) whose PAdES signatures reuse the first one's CMS; anything else
    (a dry run, a time-stamp, other attributes, a signature of another length) is pyHanko's own."""

    def __init__(self, signer):
        self._signer = signer
        self._templates: dict[str, _Template | None] = {}

    def __getattr__(self, name):
        return getattr(self._signer, name)

    def _plain(self, **arguments) -> bool:
        settings = arguments.get("signed_attr_settings")
        return (arguments.get("use_pades") and not arguments.get("dry_run") and arguments.get("timestamper") is None
                and arguments.get("encap_content_info") is None and arguments.get("is_pdf_sig", True)
                and self._signer.signed_attr_prov_spec is None and self._signer.unsigned_attr_prov_spec is None
                and (settings is None or (settings.cades_signed_attrs is None and settings.adobe_revinfo_attr is None)))

    async def async_sign(self, data_digest: bytes, digest_algorithm: str, **arguments):
        from asn1crypto import cms

        algorithm = digest_algorithm.lower()
        template = self._templates.get(algorithm) if self._plain(**arguments) else None
        if template is not None and len(data_digest) == template.digest.stop - template.digest.start:
            signature = await self._signer.async_sign_raw(template.signed_attributes(data_digest), algorithm)
            if len(signature) == template.signature.stop - template.signature.start:
                return cms.ContentInfo.load(template.filled(data_digest, signature))
        made = await self._signer.async_sign(data_digest, digest_algorithm, **arguments)
        if self._plain(**arguments) and algorithm not in self._templates:
            self._templates[algorithm] = _template(made, data_digest)
        return made


def templated(signer) -> TemplatedSigner:
    """``signer`` signing through a CMS template (see ``TemplatedSigner``)."""
    return signer if isinstance(signer, TemplatedSigner) else TemplatedSigner(signer)
