"""Several servers, one truth (issue 14): two app servers and two Celery workers with two beats against one
PostgreSQL and one Redis, started as real processes, as `make run-scaled` and a deployment start them.

What each test proves across the two servers: a session signed in on one is valid on the other; a rate limit
counts the requests of both; an Idempotency-Key used on one replays on the other; a file uploaded through one
is served by the other (shared MEDIA_ROOT, Django's storage API); a periodic job runs once per period although
two beats send it to two workers; the escalation-notice outbox is drained exactly once by two workers taking
it at the same time; and with 4 workers per server the database connections stay bounded.

Skipped unless DATABASE_URL names PostgreSQL and REDIS_URL is set (`.ci/run` starts both for the PostgreSQL
run). The processes use the production settings (scaled_settings: dev with Redis cache, Argon2 or
PBKDF2 passwords) against the test database; their Redis keys and Celery queue carry a prefix of this run.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import datetime as dt
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="needs PostgreSQL (DATABASE_URL): several servers share one database",
    ),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: a Redis server (.ci/run starts one)"),
]

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "scaled-Secret-2026"
WORKERS_PER_SERVER = 4
LOOKUP_RATE = 6  # warranty lookups an hour per address, counted in the shared cache (an hour: no window ends mid-test)


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _password_hash(password: str) -> str:
    """A PBKDF2 hash the servers accept (their hashers are Argon2 and PBKDF2; the test settings' only MD5)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    return PBKDF2PasswordHasher().encode(password, "scaledsalt", iterations=1000)


class Stack:
    """The processes and what the tests need to reach them."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.run_id = uuid.uuid4().hex[:8]
        self.prefix = f"scaled-{self.run_id}"
        self.queue = f"scaled-{self.run_id}"
        self.media = tmp / "media"  # the one MEDIA_ROOT of both servers (NFS in a deployment)
        self.media.mkdir()
        self.ports = [_free_port(), _free_port()]
        self.processes: list[tuple[str, subprocess.Popen, io.TextIOWrapper]] = []
        db = connection.settings_dict
        self.database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        if db.get("PASSWORD"):
            self.database_url = self.database_url.replace("@", f":{db['PASSWORD']}@", 1)

    def env(self, name: str, **extra: str) -> dict[str, str]:
        var = self.tmp / name
        var.mkdir(exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="aftersales.config.tests.scaled_settings",
            DATABASE_URL=self.database_url,
            REDIS_URL=os.environ["REDIS_URL"],
            AFTERSALES_SECRET_KEY="scaled-test-secret-" + self.run_id,  # one key for every server (sessions)
            AFTERSALES_VAR_DIR=str(var),
            AFTERSALES_MEDIA_ROOT=str(self.media),
            AFTERSALES_CACHE_PREFIX=self.prefix,
            AFTERSALES_CELERY_QUEUE=self.queue,
            AFTERSALES_SCHEDULER="celery",
            AFTERSALES_NOTICE_SECONDS="1",
            AFTERSALES_WARRANTY_LOOKUP_RATE=f"{LOOKUP_RATE}/h",
            AFTERSALES_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            AFTERSALES_LOG_LEVEL="WARNING",
            AFTERSALES_GUNICORN_LOG_LEVEL="warning",
            PYTHONPATH=str(ROOT),
            **extra,
        )
        return env

    def start(self, name: str, argv: list[str], **extra: str) -> None:
        log = (self.tmp / f"{name}.log").open("w+")
        proc = subprocess.Popen(
            argv, cwd=ROOT, env=self.env(name, **extra), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append((name, proc, log))

    def url(self, server: int, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[server]}{path}"

    def logs(self) -> str:
        out = []
        for name, _, log in self.processes:
            log.flush()
            out.append(f"--- {name}\n" + (self.tmp / f"{name}.log").read_text()[-3000:])
        return "\n".join(out)

    def wait_ready(self, timeout: float = 180) -> None:
        import requests

        deadline = time.monotonic() + timeout
        pending = set(range(len(self.ports)))
        while pending:
            for name, proc, _ in self.processes:
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited ({proc.returncode}):\n{self.logs()}")
            for server in list(pending):
                with contextlib.suppress(requests.RequestException):
                    if requests.get(self.url(server, "/login/"), timeout=30).status_code == 200:
                        pending.discard(server)
            if time.monotonic() > deadline:
                raise RuntimeError(f"the servers did not answer within {timeout:.0f} s:\n{self.logs()}")
            time.sleep(0.3)
        # the Celery workers: each runs a task sent to its own queue
        from celery.exceptions import TimeoutError as CeleryTimeout

        from aftersales.config.celery import app

        for index in (1, 2):
            result = app.send_task("aftersales.tickets.tasks.escalation_notices_job", queue=f"{self.queue}-w{index}")
            try:
                result.get(timeout=max(1.0, deadline - time.monotonic()))
            except CeleryTimeout:
                raise RuntimeError(
                    f"Celery worker {index} did not answer within {timeout:.0f} s:\n{self.logs()}"
                ) from None

    def stop(self) -> None:
        for _, proc, _ in self.processes:
            if proc.poll() is None:
                proc.terminate()
        for _, proc, log in self.processes:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.close()

    def redis(self):
        import redis

        return redis.Redis.from_url(os.environ["REDIS_URL"])


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two `aftersales serve` (4 workers each), two Celery workers, two beats; stopped after the module."""
    tmp = tmp_path_factory.mktemp("scaled")
    with django_db_blocker.unblock():
        s = Stack(tmp)
    python = sys.executable
    serve_options = ["--workers", str(WORKERS_PER_SERVER), "--scheduler", "celery"]
    worker_options = ["--loglevel=WARNING", "--without-gossip", "--without-mingle"]
    for index, port in enumerate(s.ports):
        s.start(
            f"server{index + 1}",
            [python, "-m", "aftersales.cli", "serve", "--host", "127.0.0.1", "--port", str(port), *serve_options],
        )
    celery = [python, "-m", "celery", "-A", "aftersales.config.celery"]
    for index in (1, 2):
        s.start(
            f"worker{index}",
            [
                *celery,
                "worker",
                "--pool=solo",
                "-n",
                f"w{index}@{s.run_id}",
                "-Q",
                f"{s.queue},{s.queue}-w{index}",
                *worker_options,
            ],
        )
        s.start(f"beat{index}", [*celery, "beat", "--loglevel=WARNING", "--max-interval", "1"])
    try:
        s.wait_ready()
        yield s
    finally:
        s.stop()


@pytest.fixture
def people(stack):
    """An agent and an expert (escalation notices go to the expert group) whose password the servers accept."""
    from aftersales.accounts.models import User
    from aftersales.customers import services as customer_services

    agent = User.objects.create(username="scaled-agent", role="agent", email="agent@example.com")
    expert = User.objects.create(username="scaled-expert", role="expert", email="expert@example.com")
    User.objects.filter(pk__in=[agent.pk, expert.pk]).update(password=_password_hash(PASSWORD))
    customer = customer_services.customer_create(
        actor=agent, name="合肥市第一人民医院信息科", address="合肥市庐阳区淮河路390号", phone="0551-62799596"
    )
    return {"agent": agent, "expert": expert, "customer": customer}


def _token(stack: Stack, server: int, username: str) -> str:
    import requests

    response = requests.post(
        stack.url(server, "/api/v1/auth/token"), json={"username": username, "password": PASSWORD}, timeout=30
    )
    assert response.status_code == 200, response.text
    return response.json()["token"]


def _signed_in(stack: Stack, server: int, username: str):
    """A browser session (requests.Session) signed in through the login page of `server`."""
    import requests

    session = requests.Session()
    page = session.get(stack.url(server, "/login/"), timeout=30)
    assert page.status_code == 200, page.text[:500]
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        stack.url(server, "/login/"),
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf},
        headers={"Referer": stack.url(server, "/login/")},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:500]
    assert "sessionid" in session.cookies
    return session


TRANSACTIONAL = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@TRANSACTIONAL
def test_a_session_signed_in_on_one_server_is_valid_on_the_other(stack, people):
    # given a desk agent signed in through the login page of server 1
    session = _signed_in(stack, 0, "scaled-agent")
    # when the next page is asked of server 2, and of server 1 again
    on_second = session.get(stack.url(1, "/tickets/"), allow_redirects=False, timeout=30)
    on_first = session.get(stack.url(0, "/tickets/"), allow_redirects=False, timeout=30)
    # then both serve it (not a redirect to the login page): the session lives in the shared database
    assert on_second.status_code == 200, on_second.headers.get("Location")
    assert on_first.status_code == 200
    # and without the cookie server 2 sends the visitor to sign in
    import requests

    assert requests.get(stack.url(1, "/tickets/"), allow_redirects=False, timeout=30).status_code == 302


@TRANSACTIONAL
def test_a_rate_limit_counts_the_requests_of_both_servers(stack, people):
    import requests

    # given the public warranty lookup limited to LOOKUP_RATE a minute per address, counted in the shared cache
    def lookup(server: int) -> int:
        return requests.get(stack.url(server, "/api/v1/public/warranty?serial=NO-SUCH-1"), timeout=30).status_code

    # when the same address asks both servers in turn
    answers = [lookup(i % 2) for i in range(LOOKUP_RATE + 2)]
    # then the first LOOKUP_RATE are answered (unknown serial: 404) and the next are refused, by either server:
    # one server alone would have let through twice as many
    assert answers[:LOOKUP_RATE] == [404] * LOOKUP_RATE, answers
    assert answers[LOOKUP_RATE:] == [429, 429], answers


@TRANSACTIONAL
def test_an_idempotency_key_used_on_one_server_replays_on_the_other(stack, people):
    import requests

    from aftersales.tickets.models import Ticket

    # given a request taken on server 1 with an Idempotency-Key
    body = {"customer_id": people["customer"].pk, "channel": "phone", "severity": 3, "title": "打印机卡纸"}
    key = f"retry-{uuid.uuid4()}"
    token = _token(stack, 0, "scaled-agent")
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
    first = requests.post(stack.url(0, "/api/v1/tickets"), json=body, headers=headers, timeout=30)
    # when the client retries it on server 2 (a load balancer sent the retry elsewhere)
    retried = requests.post(stack.url(1, "/api/v1/tickets"), json=body, headers=headers, timeout=30)
    # then the retry gets the first answer and there is one request, not two
    assert first.status_code == 201, first.text
    assert retried.status_code == 201, retried.text
    assert retried.json() == first.json()
    assert Ticket.objects.count() == 1
    # and the same key with another body is refused on either server
    other = requests.post(
        stack.url(1, "/api/v1/tickets"), json={**body, "title": "另一件事"}, headers=headers, timeout=30
    )
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"


@TRANSACTIONAL
def test_a_file_uploaded_through_one_server_is_served_by_the_other(stack, people):
    if "aftersales.attachments" not in settings.INSTALLED_APPS:
        pytest.skip("no upload in this tree yet (aftersales.attachments)")
    from django.apps import apps
    from PIL import Image

    from aftersales.tickets import services as ticket_services

    attachment_model = apps.get_model("attachments", "Attachment")
    intake = ticket_services.ticket_create(
        actor=people["agent"], customer_id=people["customer"].pk, channel="phone", severity=3, title="机柜进水"
    )
    ticket_id = intake.ticket.pk
    photo = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(photo, format="PNG")
    # given a photo uploaded through the page of server 1
    session = _signed_in(stack, 0, "scaled-agent")
    csrf = session.cookies["csrftoken"]
    uploaded = session.post(
        stack.url(0, f"/attachments/tickets/{ticket_id}/"),
        data={"csrfmiddlewaretoken": csrf, "next": f"/tickets/{ticket_id}/"},
        files={"file": ("现场.png", photo.getvalue(), "image/png")},
        headers={"Referer": stack.url(0, f"/tickets/{ticket_id}/")},
        allow_redirects=False,
        timeout=60,
    )
    assert uploaded.status_code == 302, uploaded.text[:500]
    attachment = attachment_model.objects.get()
    # when server 2 is asked for it
    served = session.get(stack.url(1, f"/attachments/{attachment.pk}/"), timeout=30)
    # then it serves the same bytes server 1 stored in the shared MEDIA_ROOT
    assert served.status_code == 200
    stored = [p for p in stack.media.rglob("*") if p.is_file()]
    assert stored, "nothing was written under the shared MEDIA_ROOT"
    assert served.content in {p.read_bytes() for p in stored}


def _runs(stack: Stack, job: str, since: float) -> list[dict]:
    entries = stack.redis().lrange(f"{stack.prefix}:1:aftersales:periodic:runs", 0, -1)
    return [e for e in (json.loads(x) for x in entries) if e["job"] == job and e["at"] >= since]


@TRANSACTIONAL
def test_a_periodic_job_runs_once_per_period_however_many_beats_send_it(stack, people):
    # given two beats that each send the escalation-notice job every second, to two workers
    since = time.time()
    # when five seconds pass
    time.sleep(5.5)
    runs = _runs(stack, "escalation_notices", since)
    # then every period (second) it was sent in ran exactly once; the other beat's turn was skipped
    ran_per_slot = collections.Counter(e["slot"] for e in runs if e["ran"])
    slots = sorted({e["slot"] for e in runs})
    assert len(slots) >= 4, runs
    assert all(ran_per_slot[slot] <= 1 for slot in slots), runs  # never twice, at the window's edges either
    # the first and the last period seen may be cut by the window: the two beats fire at different moments of a
    # second, so one beat's turn can fall before `since` (or after the read) and the other's inside (CI saw a
    # period with only the skipped turn in the list)
    inner = slots[1:-1]
    assert all(ran_per_slot[slot] == 1 for slot in inner), runs
    assert sum(not e["ran"] for e in runs) >= 3, "both beats sent the job"
    assert len({e["by"] for e in runs}) == 2, "both workers took turns"


@TRANSACTIONAL
def test_the_notice_outbox_is_drained_exactly_once_by_two_workers(stack, people):
    import requests

    from aftersales.config.celery import app
    from aftersales.core import clock
    from aftersales.notifications.models import Notification
    from aftersales.tickets.models import EscalationBatch, EscalationNotice

    # given three batches of climbs that a sweep cut short left in its outbox two minutes ago
    left = [f"SWEPT{batch}{n}" for batch in range(3) for n in range(3)]
    for batch in range(3):
        climbs = [[9_000 + n, f"SWEPT{batch}{n}", 2, "机房空调故障", None] for n in range(3)]
        EscalationBatch.objects.create(created_at=clock.now() - dt.timedelta(minutes=2), climbs=climbs)
    # and 30 class-1 requests taken on both servers: each climbs to the expert group at intake and queues a notice
    tokens = [_token(stack, server, "scaled-agent") for server in (0, 1)]

    def take(i: int) -> dict:
        body = {"customer_id": people["customer"].pk, "channel": "phone", "severity": 1, "title": f"核心交换机宕机 {i}"}
        response = requests.post(
            stack.url(i % 2, "/api/v1/tickets"),
            json=body,
            headers={"Authorization": f"Bearer {tokens[i % 2]}"},
            timeout=30,
        )
        assert response.status_code == 201, response.text
        return response.json()

    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        numbers = {t["number"] for t in pool.map(take, range(30))}
    # when both workers are told to send the queued notices at once, several times (besides the beats' turns)
    sent = [app.send_task("aftersales.tickets.tasks.escalation_notices_job", queue=stack.queue) for _ in range(8)]
    for result in sent:
        result.get(timeout=60)
    deadline = time.monotonic() + 30
    while (EscalationNotice.objects.exists() or EscalationBatch.objects.exists()) and time.monotonic() < deadline:
        time.sleep(0.2)
    # then both outboxes are empty and the expert was told of each request and each climb left exactly once
    assert not EscalationNotice.objects.exists()
    assert not EscalationBatch.objects.exists()
    texts = [
        f"{title}\n{body}"
        for title, body in Notification.objects.filter(user=people["expert"], kind="escalation").values_list(
            "title", "body"
        )
    ]
    told = {n: sum(len(re.findall(re.escape(n) + r"(?![0-9])", text)) for text in texts) for n in [*numbers, *left]}
    assert len(numbers) == 30
    assert set(told.values()) == {1}, told


@TRANSACTIONAL
def test_database_connections_stay_bounded_with_four_workers_per_server(stack, people):
    import requests

    # given both servers busy: 8 clients, 200 authenticated requests spread over both
    token = _token(stack, 0, "scaled-agent")

    def hit(i: int) -> int:
        return requests.get(
            stack.url(i % 2, "/api/v1/tickets"), headers={"Authorization": f"Bearer {token}"}, timeout=30
        ).status_code

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        assert set(pool.map(hit, range(200))) == {200}
    # when the connections to this database are counted
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        (held,) = cursor.fetchone()
    # then there are at most one per server worker (persistent, reused) and one per Celery worker
    assert 2 <= held <= 2 * WORKERS_PER_SERVER + 2, held
