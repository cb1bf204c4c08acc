"""Stage 1: documents -> records (parsing, cleaning, cross-references, the record store)."""
