"""What a run writes beside its documents, for people to open: tables for Excel (CSV with BOM,
.xlsx), the manifest of a run, dossier statistics as text, YAML or JSON."""
