"""dataclean: clean Vietnamese resident records after the 2025 reform of administrative units."""

__version__ = "0.1.0"
