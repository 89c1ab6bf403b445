"""The PDF renderer process (aftersales.core.pdf): WeasyPrint never runs in the web worker; the renderer is
replaced after its quota, exits when idle, and a dead or stuck one is replaced (issue 9, defect 10)."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from aftersales.core import pdf

HTML = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 20mm; }
body { font-family: "Noto Sans CJK SC", sans-serif; }
</style></head><body><h1>服务报告</h1><p>更换主板后系统恢复正常。</p></body></html>"""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as status:
            return not any(line.startswith("State:") and "Z" in line.split()[1] for line in status)
    except FileNotFoundError:
        return False


def wait_until(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def renderer():
    made = []

    def make(**options) -> pdf.Renderer:
        options = {"renders_per_process": 50, "idle_seconds": 0, "timeout": 60, **options}
        made.append(pdf.Renderer(**options))
        return made[-1]

    yield make
    for each in made:
        each.shutdown()


def test_the_pdf_is_made_without_weasyprint_in_this_process(monkeypatch, renderer):
    # given: importing weasyprint here fails (as if it were not installed in the web worker)
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    # when
    document = renderer().render(HTML)
    # then
    assert document.startswith(b"%PDF-")
    assert b"%%EOF" in document[-32:]
    assert sys.modules["weasyprint"] is None


def test_html_to_pdf_uses_the_shared_renderer_started_on_first_use(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    assert pdf.html_to_pdf(HTML).startswith(b"%PDF-")
    assert pdf.renderer.last_process_id not in (None, os.getpid())


def test_the_renderer_process_is_replaced_after_its_quota(renderer):
    # given a renderer that makes two PDFs per process
    each = renderer(renders_per_process=2)
    # when it makes five
    pids = []
    for _ in range(5):
        assert each.render(HTML).startswith(b"%PDF-")
        pids.append(each.last_process_id)
    # then: three processes, two PDFs each but the last, none of them this one; the used-up ones are gone
    assert [pids.count(pid) for pid in dict.fromkeys(pids)] == [2, 2, 1]
    assert os.getpid() not in pids
    assert wait_until(lambda: not alive(pids[0]) and not alive(pids[2]))


def test_an_idle_renderer_exits_and_the_next_pdf_starts_another(renderer):
    each = renderer(idle_seconds=0.3)
    each.render(HTML)
    first = each.last_process_id
    assert wait_until(lambda: not alive(first) and each.process_ids() == [])
    each.render(HTML)
    assert each.last_process_id != first


def test_a_killed_renderer_is_replaced_and_the_pdf_still_made(renderer):
    each = renderer()
    each.render(HTML)
    killed = each.last_process_id
    os.kill(killed, signal.SIGKILL)
    assert wait_until(lambda: not alive(killed))
    assert each.render(HTML).startswith(b"%PDF-")
    assert each.last_process_id != killed


def test_a_stuck_render_is_stopped_with_an_error_and_its_process_killed(renderer):
    # given a timeout shorter than starting a renderer takes (a fresh interpreter importing WeasyPrint)
    each = renderer(timeout=0.01)
    # when / then
    with pytest.raises(pdf.RenderError, match="longer than"):
        each.render(HTML)
    assert each.process_ids() == []
    each.timeout = 60
    assert each.render(HTML).startswith(b"%PDF-")
