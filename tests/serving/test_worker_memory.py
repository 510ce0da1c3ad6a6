"""A gunicorn worker gives memory a request freed back to the system when it holds much of it
(config/gunicorn.py ``post_request``), and leaves the allocator alone when it has not grown."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run in a process of its own: what glibc holds depends on everything the process did before.
PROGRAM = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import config.gunicorn as server

def private_mb():
    with open("/proc/self/smaps_rollup") as fh:
        return sum(int(line.split()[1]) for line in fh if line.startswith("Private_Dirty")) / 1024

server.post_request(None, None, {}, None)  # the first request: where the worker starts from
before = private_mb()
# 40 MB of 64 KB blocks (under glibc's mmap threshold: they come from the heap), each written,
# with a small block kept after each so that freeing them cannot shrink the heap's top: what a
# request's temporary arrays leave behind.
blocks, kept = [], []
for _ in range(640):
    block = bytearray(64 * 1024)
    block[::4096] = b"x" * len(block[::4096])
    blocks.append(block)
    kept.append(bytearray(64))
held = private_mb()
del blocks
freed = private_mb()
server.post_request(None, None, {}, None)
after = private_mb()
small = server._malloc.trim_if_grown()  # not grown since: nothing to do
print(json.dumps({"before": before, "held": held, "freed": freed, "after": after, "trimmed_again": small}))
"""


def test_a_worker_returns_freed_memory_after_a_request():
    out = subprocess.run([sys.executable, "-c", PROGRAM, str(ROOT)], capture_output=True, text=True,
                         cwd=ROOT, timeout=60, check=True)
    mb = json.loads(out.stdout.strip().splitlines()[-1])
    assert mb["held"] - mb["before"] > 35  # the blocks were really in memory
    assert mb["freed"] - mb["before"] > 30  # freed, but glibc still holds them
    assert mb["freed"] - mb["after"] > 30  # given back after the request
    assert mb["trimmed_again"] is False
