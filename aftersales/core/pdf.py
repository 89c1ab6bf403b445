"""HTML to PDF with WeasyPrint, in a renderer process of its own that gives its memory back (issue 9, defect 10).

Rendered in the web worker itself, WeasyPrint left each worker ~38 MB bigger per PDF (peak 567 MB over 100
reports): its fonts, layout boxes and cffi objects form reference cycles that wait for Python's rarely run
full collection, and what the allocator got back it seldom returns to the kernel. So the worker never
imports WeasyPrint. `html_to_pdf` sends the HTML (already rendered by Django's templates in the worker) to
one renderer process per worker, which:

- starts on the first PDF (`spawn`: a fresh interpreter, nothing inherited from the worker), so a worker
  that serves no PDF pays nothing;
- runs a full garbage collection after each PDF, which keeps it at ~70-110 MiB;
- is replaced after `RENDERS_PER_PROCESS` PDFs (`max_tasks_per_child`), which bounds any slower growth;
- exits after `IDLE_SECONDS` without a PDF, so an idle server holds no renderer at all, and at once when
  its worker is gone.

Environment: AFTERSALES_PDF_RENDERS_PER_PROCESS (default 50), AFTERSALES_PDF_IDLE_SECONDS (default 120),
AFTERSALES_PDF_TIMEOUT (seconds one PDF may take, default 60). Figures: docs/benchmarks.md, "Worker memory".
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

RENDERS_PER_PROCESS = int(os.environ.get("AFTERSALES_PDF_RENDERS_PER_PROCESS", "50"))
IDLE_SECONDS = float(os.environ.get("AFTERSALES_PDF_IDLE_SECONDS", "120"))
TIMEOUT_SECONDS = float(os.environ.get("AFTERSALES_PDF_TIMEOUT", "60"))


class RenderError(RuntimeError):
    """The renderer process died or did not answer in time (the PDF was not made)."""


def _start_renderer() -> None:
    """In the renderer process, first: exit when the worker that started it is gone (killed on a timeout, or
    recycled without a clean exit), instead of lingering as an orphan that holds its memory."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="pdf-renderer-parent-watch", daemon=True).start()


def _render(html: str) -> tuple[int, bytes]:
    """In the renderer process: one PDF, then a full collection so its cycles are freed before the next."""
    from weasyprint import HTML

    try:
        return os.getpid(), HTML(string=html, base_url=None).write_pdf()
    finally:
        gc.collect()


class Renderer:
    """One lazily started, recycled renderer process; thread-safe (gthread workers may render at once)."""

    def __init__(self, *, renders_per_process: int, idle_seconds: float, timeout: float) -> None:
        self.renders_per_process = renders_per_process
        self.idle_seconds = idle_seconds
        self.timeout = timeout
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._busy = 0
        self._idle_timer: threading.Timer | None = None
        self.last_process_id: int | None = None  # the renderer process that made the last PDF

    def render(self, html: str) -> bytes:
        """The PDF; a renderer found dead (killed, out of memory) is replaced and the PDF tried once more."""
        try:
            return self._render_once(html)
        except BrokenProcessPool:
            pass
        try:
            return self._render_once(html)
        except BrokenProcessPool as exc:
            raise RenderError("the PDF renderer process died") from exc

    def _render_once(self, html: str) -> bytes:
        pool = self._checkout()
        try:
            self.last_process_id, document = pool.submit(_render, html).result(timeout=self.timeout)
            return document
        except BrokenProcessPool:
            self._discard(pool)
            raise
        except TimeoutError as exc:
            self._discard(pool)
            raise RenderError(f"the PDF took longer than {self.timeout:g} s") from exc
        finally:
            self._checkin()

    def process_ids(self) -> list[int]:
        """The renderer's process ids (none when it is not running); for tests and the benchmark."""
        with self._lock:
            processes = getattr(self._pool, "_processes", None) or {}
            return [pid for pid, process in processes.items() if process.is_alive()]

    def shutdown(self) -> None:
        with self._lock:
            self._cancel_idle_timer()
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _checkout(self) -> ProcessPoolExecutor:
        with self._lock:
            self._cancel_idle_timer()
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    max_tasks_per_child=self.renders_per_process,
                    initializer=_start_renderer,
                )
            self._busy += 1
            return self._pool

    def _checkin(self) -> None:
        with self._lock:
            self._busy -= 1
            if self._busy == 0 and self._pool is not None and self.idle_seconds > 0:
                self._idle_timer = threading.Timer(self.idle_seconds, self._stop_if_idle)
                self._idle_timer.daemon = True
                self._idle_timer.start()

    def _stop_if_idle(self) -> None:
        with self._lock:
            if self._busy or self._pool is None:
                return
            pool, self._pool = self._pool, None
            self._idle_timer = None
        pool.shutdown(wait=True)

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        """Drop a broken or stuck pool (its process is killed), so the next PDF starts a fresh one."""
        with self._lock:
            if self._pool is pool:
                self._pool = None
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def _cancel_idle_timer(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None


renderer = Renderer(renders_per_process=RENDERS_PER_PROCESS, idle_seconds=IDLE_SECONDS, timeout=TIMEOUT_SECONDS)


def html_to_pdf(html: str) -> bytes:
    """The PDF of a complete HTML document (A4 and fonts come from its CSS), made in the renderer process."""
    return renderer.render(html)
