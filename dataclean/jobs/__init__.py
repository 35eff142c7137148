"""Files in, files out: one function per command (normalize, dedupe, report, apply-decisions)."""
