"""The office server: one installation for a whole department (accounts, agencies, history, numbers);
``app`` wires the Flask application, ``routes`` its pages, ``context`` a request, ``store`` the database."""
