"""Time from launch to first paint and to model ready, and the idle app's memory, in a real pty.

Launches `./dmc` (set-up check included) in a 120x40 pseudo-terminal several times; first paint
is when the tab bar's text is written, ready when the status bar says so. Memory is read from
/proc after the app has idled with the model loaded; then a rules question that needs the SRD
search (and so the embedding model) is typed, and its answer is timed until its sources show.
Prints JSON; the target is first paint under 1.5 s on two cores.

    .venv/bin/python benchmarks/app_launch.py [--runs 5] [--threads 2] [--repo OTHER_CHECKOUT]

`--repo` launches another checkout (an earlier commit's worktree) with this venv's Python
(`python -m dm_companion`, no set-up check), for a before and after in one run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.terminal import REPO, TerminalApp

QUESTION = "can I ready an action to cast a spell?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", default="2")
    parser.add_argument("--repo", type=Path, help="another checkout to launch with this venv")
    args = parser.parse_args()
    first_paint, ready, rss, hwm, answered, exits = [], [], [], [], [], []
    for _ in range(args.runs):
        if args.repo:
            python = REPO / ".venv" / "bin" / "python"
            app = TerminalApp([str(python), "-m", "dm_companion", "--threads", args.threads], cwd=args.repo)
        else:
            app = TerminalApp([str(REPO / "dmc"), "--threads", args.threads])
        first_paint.append(app.wait_for("Characters"))
        ready.append(app.wait_for("ready"))
        app.drain(2.0)
        memory = app.memory_kib()
        rss.append(memory["VmRSS"] / 1024)
        asked = app.wait_for("ready")
        app.type(QUESTION.encode() + b"\r")
        answered.append(app.wait_for("Sources:") - asked)
        hwm.append(app.memory_kib()["VmHWM"] / 1024)
        exits.append(app.quit())
    print(
        json.dumps(
            {
                "benchmark": "app_launch",
                "repo": str(args.repo or REPO),
                "runs": args.runs,
                "first_paint_s_median": round(statistics.median(first_paint), 3),
                "first_paint_s_max": round(max(first_paint), 3),
                "model_ready_s_median": round(statistics.median(ready), 3),
                "idle_rss_mib_median": round(statistics.median(rss), 1),
                "first_passage_answer_s_median": round(statistics.median(answered), 2),
                "peak_rss_mib_max": round(max(hwm), 1),
                "exit_codes": exits,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
