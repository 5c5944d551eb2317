"""Time from launch to first paint and to model ready, and the idle app's memory, in a real pty.

Launches `./dmc` (set-up check included) in a 120x40 pseudo-terminal several times; first paint
is when the tab bar's text is written, ready when the status bar says so. Memory is read from
/proc after the app has idled with the model loaded. Prints JSON; the target is first paint
under 1.5 s on two cores.

    .venv/bin/python benchmarks/app_launch.py [--runs 5] [--threads 2]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
from benchmarks.terminal import REPO, TerminalApp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", default="2")
    args = parser.parse_args()
    first_paint, ready, rss, hwm, exits = [], [], [], [], []
    for _ in range(args.runs):
        app = TerminalApp([str(REPO / "dmc"), "--threads", args.threads])
        first_paint.append(app.wait_for("Characters"))
        ready.append(app.wait_for("ready"))
        app.drain(2.0)
        memory = app.memory_kib()
        rss.append(memory["VmRSS"] / 1024)
        hwm.append(memory["VmHWM"] / 1024)
        exits.append(app.quit())
    print(
        json.dumps(
            {
                "benchmark": "app_launch",
                "runs": args.runs,
                "first_paint_s_median": round(statistics.median(first_paint), 3),
                "first_paint_s_max": round(max(first_paint), 3),
                "model_ready_s_median": round(statistics.median(ready), 3),
                "idle_rss_mib_median": round(statistics.median(rss), 1),
                "peak_rss_mib_max": round(max(hwm), 1),
                "exit_codes": exits,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
