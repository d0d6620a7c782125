"""Whole runs of the pipeline: one document (``single``), an inspection plan (``batch``), the
apology slips of a register (``apology``), with their manifest and shared settings."""
