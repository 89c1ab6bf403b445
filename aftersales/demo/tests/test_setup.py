"""`aftersales setup` (migrate, demo, admin): the admin password, generated once or taken from the environment."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from aftersales.accounts.models import User


@pytest.mark.django_db
def test_setup_generates_the_admin_password_once_and_prints_it(settings, tmp_path, monkeypatch, capsys):
    # given no AFTERSALES_ADMIN_PASSWORD
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("AFTERSALES_ADMIN_PASSWORD", raising=False)
    # when setup runs twice
    call_command("setup", "--no-demo")
    first = capsys.readouterr().out
    call_command("setup", "--no-demo")
    second = capsys.readouterr().out
    # then
    password = (tmp_path / "admin_password").read_text().strip()
    admin = User.objects.get(username="admin")
    assert (admin.role, admin.is_superuser, admin.is_staff) == ("admin", True, True)
    assert admin.check_password(password)
    assert oct((tmp_path / "admin_password").stat().st_mode & 0o777) == "0o600"
    assert f"  密码 / password:          {password}\n" in first
    assert password not in second
    assert second.splitlines() == [
        "数据库已是最新 / database is up to date",
        f"管理员 admin 已存在，密码见 {tmp_path / 'admin_password'}（若未修改）/ in {tmp_path / 'admin_password'} "
        "unless changed",
    ]


@pytest.mark.django_db
def test_setup_takes_the_admin_password_from_the_environment(settings, tmp_path, monkeypatch, capsys):
    # given an admin made with a generated password
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("AFTERSALES_ADMIN_PASSWORD", raising=False)
    call_command("setup", "--no-demo")
    # when the variable is set
    monkeypatch.setenv("AFTERSALES_ADMIN_PASSWORD", "Chosen-pass-2026")
    call_command("setup", "--no-demo")
    call_command("setup", "--no-demo")
    # then
    out = capsys.readouterr().out.splitlines()
    assert User.objects.get(username="admin").check_password("Chosen-pass-2026")
    assert not (tmp_path / "admin_password").exists()
    assert out[-3:] == [
        "管理员 admin 的密码已更新为 AFTERSALES_ADMIN_PASSWORD / admin password set from AFTERSALES_ADMIN_PASSWORD",
        "数据库已是最新 / database is up to date",
        "管理员 admin：密码为 AFTERSALES_ADMIN_PASSWORD / admin: password is AFTERSALES_ADMIN_PASSWORD",
    ]
