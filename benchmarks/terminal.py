"""Running the real app in a pseudo-terminal, as a DM's terminal would (used by a benchmark and a test)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_CONTROL = re.compile(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])")


class TerminalApp:
    """The app in a pty of the given size; `wait_for` reads its output until some text appears."""

    def __init__(
        self, command: list[str], size: tuple[int, int] = (120, 40), env: dict | None = None, cwd: Path = REPO
    ):
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child: size the terminal, then become the app
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
            os.environ.update(
                {"TERM": "xterm-256color", "COLUMNS": str(size[0]), "LINES": str(size[1]), **(env or {})}
            )
            os.chdir(cwd)
            os.execvp(command[0], command)
        self.output = b""

    @property
    def text(self) -> str:
        """What was written, control sequences removed (painted words can be split by them)."""
        return _CONTROL.sub(b"", self.output).decode("utf-8", errors="replace")

    def wait_for(self, text: str, timeout: float = 60.0) -> float:
        """Seconds from launch until `text` was first written to the terminal."""
        deadline = time.perf_counter() + timeout
        while text not in self.text:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(
                    f"{text!r} did not appear within {timeout} s; the last text written: {self.text[-600:]!r}"
                )
            ready, _, _ = select.select([self.fd], [], [], min(remaining, 0.5))
            if ready:
                try:
                    self.output += os.read(self.fd, 65536)
                except OSError:  # the app exited
                    raise TimeoutError(f"the app exited before {text!r} appeared") from None
        return time.perf_counter() - self.started

    def drain(self, seconds: float) -> None:
        deadline = time.perf_counter() + seconds
        while (remaining := deadline - time.perf_counter()) > 0:
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if ready:
                try:
                    self.output += os.read(self.fd, 65536)
                except OSError:
                    return

    def type(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def memory_kib(self) -> dict[str, int]:
        fields = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                fields[line.split(":")[0]] = int(line.split()[1])
        return fields

    def quit(self, timeout: float = 10.0) -> int | None:
        """Presses Ctrl+Q; returns the exit status, or None if the app had to be killed."""
        self.type(b"\x11")
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            self.drain(0.1)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)
        return None
