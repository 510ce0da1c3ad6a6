"""Generated captures for the benchmarks: ``../shared/bench/gen_captures.py`` found in one
place, and run once per folder (a folder holding its ``truth.jsonl`` is reused)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generator_found() -> Path | None:
    """gen_captures.py: under ADVISOR_SHARED_DIR when set, else in ``shared/`` beside the
    checkout (or beside the folder of worktrees that holds it); None when it is in neither (a
    bare clone: the tests that need it skip, or fail in CI)."""
    bases = [Path(os.environ["ADVISOR_SHARED_DIR"])] if os.environ.get("ADVISOR_SHARED_DIR") else []
    bases += [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    for base in bases:
        candidate = base / "bench" / "gen_captures.py"
        if candidate.exists():
            return candidate
    return None


def generator() -> Path:
    """``generator_found``, or the bench stops saying where it looked."""
    found = generator_found()
    if found is None:
        sys.exit("bench: shared/bench/gen_captures.py not found beside the checkout; set ADVISOR_SHARED_DIR.")
    return found


def pages_for_named(researchers: int) -> int:
    """Pages to generate for this many named researchers: every tenth generated page is a
    Daily Papers list that names nobody."""
    return -(-researchers * 10 // 9) + 1


def captures_generate(out: Path, *, pages: int, papers: int, seed: int | None = None, quiet: bool = True) -> Path:
    """Write ``pages`` generated captures of ``papers`` papers each into ``out`` unless it holds
    them already; returns ``out``."""
    if not (out / "truth.jsonl").exists():
        command = [sys.executable, str(generator()), "--out", str(out), "--researchers", str(pages),
                   "--papers", str(papers)] + (["--seed", str(seed)] if seed is not None else [])
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL if quiet else None)
    return out
