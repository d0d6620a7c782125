"""The agencies' seal keys (kept sealed: ``storage.sealed``; the store never sees them in
clear), the roots trusted when signatures are verified, and the signed PDFs of issued documents;
every read takes the agency."""

import hashlib
from dataclasses import dataclass

from minutes_gen.errors import InputError, Problem
from minutes_gen.office.store.rows import now
from minutes_gen.storage.database import Database

ROLE_COLUMNS = {"person": ("person_by", "person_at"), "agency": ("agency_by", "agency_at")}


@dataclass(frozen=True)
class SealKey:
    """An agency's seal: a sealed PKCS#12 (``p12``) or a PKCS#11 token (``module``, ``token``,
    ``key_label``); ``secret`` is its sealed password or PIN; the image and what its certificate says."""

    agency_id: int
    p12: str | None
    module: str | None
    token: str | None
    key_label: str | None
    secret: str
    image: bytes
    subject: str
    valid_until: str

    @property
    def on_token(self) -> bool:
        return self.module is not None


@dataclass(frozen=True)
class SignedPdf:
    """The signed PDF of an issued document, who signed it (names) and when."""

    pdf: bytes
    sha256: str
    person_by: str
    person_at: str | None
    agency_by: str
    agency_at: str | None


class Keys:
    """Seal keys, trust roots and signed PDFs."""

    database: Database

    def set_seal(self, key: SealKey, user_id: int) -> None:
        """Keep ``key`` as its agency's seal, replacing the one before."""
        with self.database.transaction():
            self.database.execute("DELETE FROM agency_seals WHERE agency_id = ?", (key.agency_id,))
            self.database.execute(
                "INSERT INTO agency_seals (agency_id, p12, module, token, key_label, secret, image, subject,"
                " valid_until, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (key.agency_id, key.p12, key.module, key.token, key.key_label, key.secret, key.image, key.subject,
                 key.valid_until, user_id, now()))

    def seal_key(self, agency_id: int) -> SealKey | None:
        row = self.database.one("SELECT * FROM agency_seals WHERE agency_id = ?", (agency_id,))
        if row is None:
            return None
        return SealKey(row["agency_id"], row["p12"], row["module"], row["token"], row["key_label"], row["secret"],
                       bytes(row["image"]), row["subject"], row["valid_until"])

    def seal_keys(self) -> dict[int, SealKey]:
        """Every agency's seal, by agency."""
        return {agency_id: key for agency_id in (row["agency_id"] for row in
                self.database.all("SELECT agency_id FROM agency_seals")) if (key := self.seal_key(agency_id))}

    def trust_roots(self) -> str:
        """The PEM text of the roots signatures are verified against ("" when none is set)."""
        row = self.database.one("SELECT value FROM office_meta WHERE key = 'trust_roots'")
        return row["value"] if row else ""

    def set_trust_roots(self, pem: str) -> None:
        with self.database.transaction():
            self.database.execute("DELETE FROM office_meta WHERE key = 'trust_roots'")
            self.database.execute("INSERT INTO office_meta (key, value) VALUES ('trust_roots', ?)", (pem,))

    def signed_pdf(self, agency_id: int, document_id: int) -> SignedPdf | None:
        """The signed PDF of a document of ``agency_id`` (None: not signed yet, or another agency's)."""
        row = self.database.one(
            "SELECT s.pdf, s.sha256, s.person_at, s.agency_at, COALESCE(p.full_name, '') AS person_by,"
            " COALESCE(a.full_name, '') AS agency_by FROM signed_pdfs s LEFT JOIN users p ON p.id = s.person_by"
            " LEFT JOIN users a ON a.id = s.agency_by WHERE s.document_id = ? AND s.agency_id = ?",
            (document_id, agency_id))
        if row is None:
            return None
        return SignedPdf(bytes(row["pdf"]), row["sha256"], row["person_by"], row["person_at"], row["agency_by"],
                         row["agency_at"])

    def save_signed(self, agency_id: int, document_id: int, role: str, pdf: bytes, user_id: int,
                    before: str | None) -> None:
        """Keep ``pdf``, signed by ``role``, in place of the signed PDF whose SHA-256 was ``before``
        (None: none yet); refused when another signature was kept meanwhile."""
        by, at = ROLE_COLUMNS[role]
        with self.database.transaction(exclusive=("signed_pdfs",)):
            row = self.database.one("SELECT sha256 FROM signed_pdfs WHERE document_id = ? AND agency_id = ?",
                                    (document_id, agency_id))
            if (row["sha256"] if row else None) != before:
                raise InputError([Problem("văn bản", "vừa có người khác ký văn bản này; hãy tải lại trang")])
            digest = hashlib.sha256(pdf).hexdigest()
            if row is None:
                self.database.execute(f"INSERT INTO signed_pdfs (document_id, agency_id, pdf, sha256, {by}, {at})"
                                      " VALUES (?, ?, ?, ?, ?, ?)", (document_id, agency_id, pdf, digest, user_id, now()))
            else:
                self.database.execute(f"UPDATE signed_pdfs SET pdf = ?, sha256 = ?, {by} = ?, {at} = ?"
                                      " WHERE document_id = ? AND agency_id = ?",
                                      (pdf, digest, user_id, now(), document_id, agency_id))
