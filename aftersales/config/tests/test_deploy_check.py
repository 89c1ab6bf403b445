"""Production settings (issue 9, defect 8): `check --deploy` is clean with the documented variables; CSP holds."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "AFTERSALES_SECURE_COOKIES": "1",
    "AFTERSALES_SSL_REDIRECT": "1",
    "AFTERSALES_HSTS_SECONDS": "31536000",
    "AFTERSALES_HSTS_INCLUDE_SUBDOMAINS": "1",
    "AFTERSALES_HSTS_PRELOAD": "1",
    "AFTERSALES_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "AFTERSALES_ALLOWED_HOSTS": "service.example.cn",
    "AFTERSALES_CSRF_TRUSTED_ORIGINS": "https://service.example.cn",
}


def check_deploy(tmp_path, extra: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFTERSALES_") and k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="aftersales.config.settings.dev",  # what `aftersales serve` runs
        AFTERSALES_VAR_DIR=str(tmp_path),
        AFTERSALES_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_production_variables(tmp_path):
    result = check_deploy(tmp_path, PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_them_check_deploy_names_what_is_missing(tmp_path):
    result = check_deploy(tmp_path, {"AFTERSALES_ALLOWED_HOSTS": "service.example.cn"})
    found = set(re.findall(r"security\.W\d+", result.stdout + result.stderr))
    assert {"security.W004", "security.W008", "security.W016"} <= found
    # the session cookie: W012 when Django finds its session middleware by name, W010 (the app) for ours
    assert found & {"security.W010", "security.W012"}


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    policy = client.get("/login/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src-elem"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_no_template_has_an_inline_script_or_event_handler():
    """What the policy would block: <script> without src (JSON data blocks excepted), on*="…" attributes,
    javascript: URLs and <style> elements in the pages (PDF templates are rendered on the server, not here)."""
    offending = []
    for path in sorted(ROOT.glob("aftersales/*/templates/**/*.html")):
        if "_pdf" in path.name or "pdf" in path.relative_to(ROOT).parts:
            continue  # WeasyPrint's templates (rendered on the server, never sent to a browser)
        text = path.read_text()
        name = path.relative_to(ROOT)
        scripts = re.findall(r"<script\b[^>]*>", text)
        offending += [f"{name}: {t}" for t in scripts if "src=" not in t and "application/json" not in t]
        offending += [f"{name}: {b}" for b in re.findall(r"\son[a-z]+\s*=|javascript:|<style\b", text)]
    assert offending == []
