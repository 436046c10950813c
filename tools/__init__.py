"""Generators of test and demo data; not part of the installed package."""
