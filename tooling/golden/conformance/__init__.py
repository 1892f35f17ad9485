"""Modules of generate_conformance.py: encoding, edge inputs, and the cases per topic."""
