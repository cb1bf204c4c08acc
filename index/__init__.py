"""Stage 2: records -> vectors (FAISS) and a lexical index (BM25); hybrid search."""
