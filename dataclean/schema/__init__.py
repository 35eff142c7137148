"""The vocabulary every stage shares. It imports nothing else of dataclean."""
