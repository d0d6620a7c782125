"""Loaders: read input files into plain data, remembering where each value came from."""
