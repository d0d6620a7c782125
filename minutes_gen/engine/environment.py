"""What the machine offers for PDF output: LibreOffice's version, serif fonts with Vietnamese."""

import shutil
import subprocess

# Fonts metric-compatible with Times New Roman (same widths, so pages break the same way).
TIMES_COMPATIBLE = ("Times New Roman", "Liberation Serif", "Tinos")


def libreoffice_version(soffice: str) -> str | None:
    """``LibreOffice 7.4.7.2 …`` or None when it does not answer."""
    try:
        result = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() or None


def serif_fonts() -> list[str]:
    """The Times New Roman-compatible fonts installed that cover Vietnamese (through fontconfig)."""
    if shutil.which("fc-list") is None:
        return []
    try:
        listed = subprocess.run(["fc-list", ":lang=vi", "family"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    return [font for font in TIMES_COMPATIBLE if font in families]
