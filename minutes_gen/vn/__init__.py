"""Vietnamese rules: dates and times (ND30), numbers, text, working days."""
