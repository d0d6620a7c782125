"""Template loading, rendering and writing: the only layer that knows .docx files."""
