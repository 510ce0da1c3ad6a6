"""Captures of real public pages, made as a person makes them (see PROVENANCE.md)."""
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The day the text-mode copy of huggingface.co/papers was captured (its own header says so).
HF_CAPTURED_ON = date(2026, 6, 29)
# The day the arXiv API answered the author queries the arXiv pages were rendered from.
ARXIV_CAPTURED_ON = date(2026, 2, 6)


def real_capture(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")
