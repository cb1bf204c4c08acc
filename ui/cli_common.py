"""Helpers every CLI command uses: settings from options, errors as one line, JSON output."""

from __future__ import annotations

import functools
import json
import sys
from typing import Any, Callable

import typer
from pydantic import BaseModel

from core.errors import AntwoordError


def handle_errors(command: Callable) -> Callable:
    """Turn an AntwoordError into 'Error: <message>' on stderr and exit code 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except AntwoordError as error:
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(code=1)

    return wrapper


def print_json(data: Any) -> None:
    """Print one JSON document (pydantic models included), UTF-8, stable key order as built."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
