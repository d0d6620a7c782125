"""Who signs a run's PDFs and with which key (``--sign person,agency --signing KY_SO.yaml``):
for each role its image and where its key lives; no password or PIN is ever written here."""

from dataclasses import dataclass, field
from pathlib import Path

from minutes_gen.errors import InputError, Problem
from minutes_gen.signing.keys import KeySource

ROLES = ("person", "agency")


@dataclass
class PersonKey:
    """The competent person's signature: the image (blue, transparent PNG) and the key."""

    image: str
    p12: str | None = None
    pkcs11_module: str | None = None
    token: str | None = None
    key: str | None = None


@dataclass
class AgencyKey(PersonKey):
    """The agency's signature: the seal image (red), its real size, the name printed beside it."""

    name: str | None = None
    seal_mm: int = field(default=36, metadata={"min": 20, "max": 60})


@dataclass
class SigningProfile:
    """The keys of a run's signers (either may be absent when only the other signs)."""

    person: PersonKey | None = None
    agency: AgencyKey | None = None


@dataclass(frozen=True)
class SigningRequest:
    """The roles asked for (``person`` first, then ``agency``) and where their keys are."""

    roles: tuple[str, ...]
    profile: SigningProfile
    folder: Path  # the profile file's folder: relative paths in it are relative to it

    def path(self, text: str | None) -> Path | None:
        return None if text is None else (self.folder / Path(text).expanduser())

    def key_source(self, role: str) -> KeySource:
        place = getattr(self.profile, role)
        return KeySource(self.path(place.p12), self.path(place.pkcs11_module), place.token, place.key)

    def appearance(self, role: str):
        """What ``role``'s signature shows (a ``stamp.Appearance``)."""
        from minutes_gen.signing.stamp import Appearance

        place = getattr(self.profile, role)
        return Appearance(self.path(place.image), getattr(place, "name", None), float(getattr(place, "seal_mm", 36)))


def parse_roles(text: str) -> tuple[str, ...]:
    """``person,agency`` -> the roles in signing order; anything else is said."""
    roles = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [role for role in roles if role not in ROLES]
    if unknown or not roles:
        raise InputError([Problem("--sign", f"ghi person, agency hoặc person,agency (không phải «{text}»)")])
    return tuple(role for role in ROLES if role in roles)


def load_signing_request(roles_text: str, profile_file: Path | None) -> SigningRequest:
    """Read the profile and check it has a key and an image for every role asked for."""
    from minutes_gen.model.schema import build
    from minutes_gen.sources.file_kinds import SIGNING, require_kind
    from minutes_gen.sources.yaml_source import load_yaml_mapping

    roles = parse_roles(roles_text)
    if profile_file is None:
        raise InputError([Problem("--signing", "--sign cần tệp --signing KY_SO.yaml ghi ảnh và khóa của người ký, "
                                               "cơ quan (xem README, «Ký số văn bản»)")])
    loaded = load_yaml_mapping(Path(profile_file))
    require_kind(loaded, SIGNING)
    profile, problems = build(SigningProfile, loaded)
    if problems:
        raise InputError(problems)
    request = SigningRequest(roles, profile, Path(profile_file).resolve().parent)
    missing = [loaded.problem((role,), f"--sign {role} nhưng tệp không có mục «{role}:»") for role in roles
               if getattr(profile, role) is None]
    for role in roles:
        place = getattr(profile, role)
        if place is None:
            continue
        if not request.path(place.image).is_file():
            missing.append(loaded.problem((role, "image"), f"không tìm thấy ảnh «{place.image}»"))
        if role == "agency" and not place.name:
            missing.append(loaded.problem((role, "name"), "cần tên cơ quan in cạnh con dấu"))
        try:
            request.key_source(role).check()
        except InputError as error:
            missing += [loaded.problem((role,), problem.message) for problem in error.problems]
    if missing:
        raise InputError(missing)
    return request
