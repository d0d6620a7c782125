"""The built-in Word templates (templates/docx/*.docx), installed as package data."""
