"""Field rules: pure functions from a raw value to a clean value and the reason."""
