"""minutes-gen: ND30-conformant Word documents for administrative-reform inspections."""

__version__ = "0.1.0"
