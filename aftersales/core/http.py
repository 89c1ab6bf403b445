"""HTTP helpers shared by the apps' API modules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from ninja.responses import NinjaJSONEncoder


class _Encoder(NinjaJSONEncoder):
    def default(self, o: Any) -> Any:
        if type(o) is dt.datetime:  # most of what a presenter hands over: straight to Django's format
            return DjangoJSONEncoder.default(self, o)
        return super().default(o)


_ENCODER = _Encoder()  # what json.dumps(cls=NinjaJSONEncoder) builds on every call; encoding keeps no state


def prerendered(status: int, body: Any) -> HttpResponse:
    """`body` exactly as the API's JSON renderer sends it, without validating it against the response schema
    again. For hot endpoints whose body comes from a presenter: the declared schema still documents it, and
    the schema-conformance test (schemathesis over the OpenAPI document) checks every answer against it."""
    return HttpResponse(_ENCODER.encode(body), status=status, content_type="application/json; charset=utf-8")
