"""A local web page for people who do not use YAML or a terminal (``minutes-gen serve``).

It has no logic of its own: every page calls the same loading, validation, building and
rendering code as the command line.
"""
