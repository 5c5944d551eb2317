"""Wall time and peak memory of one-off CLI commands, each in a cold process, as a DM types them.

Each command runs `runs` times (median reported) against a throw-away campaign dir and data dir
(the SRD index built once before timing, as a user's second run finds it). Peak RSS is the
process's own high-water mark (`wait4`). Prints JSON.

    .venv/bin/python benchmarks/cli_latency.py [--runs 5] [--repo OTHER_CHECKOUT]

`--repo` times another checkout (an earlier commit's worktree) with this venv, for a before and
after in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
REPLAY = (
    '{"op": "add", "name": "Goblin", "monster": "goblin"}\n'
    '{"op": "damage", "target": "Goblin", "amount": 3}\n'
)
COMMANDS = {
    "ask stat look-up": ["ask", "goblin ac"],
    "ask calculator": ["ask", "spell save DC of a level 5 wizard with 18 INT"],
    "ask passage question": ["ask", "can I ready an action to cast a spell?"],
    "memory add": ["memory", "add", "--campaign", "example", "The ferryman Oskel hates trolls."],
    "combat replay": ["combat", "replay", "{replay}", "--json"],
}


def timed(argv: list[str], env: dict, repo: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit status) of one cold run."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=repo)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.stderr.close()
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repo", type=Path, default=ROOT, help="the checkout to time (default: this one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch)
        replay = home / "fight.jsonl"
        replay.write_text(REPLAY)
        env = {
            **os.environ,
            "DMC_DATA_DIR": str(home / "data"),
            "DMC_CAMPAIGNS_DIR": str(home / "campaigns"),
            "HF_HUB_OFFLINE": "1",
        }
        base = [str(PYTHON), "-m", "dm_companion", "--threads", "2"]
        subprocess.run([*base, "ask", "what is a saving throw"], env=env, cwd=args.repo, capture_output=True)
        report: dict = {"benchmark": "cli_latency", "repo": str(args.repo), "runs": args.runs}
        for name, command in COMMANDS.items():
            argv = [*base, *(part.replace("{replay}", str(replay)) for part in command)]
            runs = [timed(argv, env, args.repo) for _ in range(args.runs)]
            report[name] = {
                "wall_s": round(statistics.median(r[0] for r in runs), 2),
                "peak_rss_mb": round(statistics.median(r[1] for r in runs)),
                "exit": max(r[2] for r in runs),
            }
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    sys.exit(main())
