"""The outgoing-document register (sổ đăng ký văn bản đi): numbers, their SQLite/PostgreSQL
store, how a command numbers its documents, the export and the check against the documents."""
