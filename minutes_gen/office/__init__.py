"""The office server: one installation for a whole department (accounts, agencies, history, numbers)."""
