"""Why a document could not be built; every message is French, for the worker or staff."""

from __future__ import annotations


class DocumentError(ValueError):
    """A document cannot be built as asked (the message says why, in French)."""


class CaseNotFound(DocumentError, LookupError):
    """There is no case with this id."""
