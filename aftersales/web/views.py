"""Login, logout and the landing page."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect


@login_required
def home(request):
    return HttpResponse("ok")


def login_view(request):
    return HttpResponse("login")


def logout_view(request):
    logout(request)
    return redirect("web:login")
