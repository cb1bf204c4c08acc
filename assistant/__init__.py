"""Stage 3: question -> retrieval -> cited answer (extractive or LLM)."""
