"""Specific exceptions whose messages name the bad value and the next step."""


class AntwoordError(Exception):
    """Base class: the CLI prints 'Error: <message>' and exits 1; the UI shows st.error."""


class IngestError(AntwoordError):
    """A source file cannot be read or parsed; the message names the file and the problem."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class IndexMismatchError(AntwoordError):
    """The index on disk was built with other settings than the ones in use."""


class IndexMissingError(AntwoordError):
    """No index has been built yet."""


class LLMError(AntwoordError):
    """The LLM endpoint is down, too slow or returned something unusable."""
