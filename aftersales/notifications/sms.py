"""SMS providers (短信服务商): one small interface, chosen by the setting `AFTERSALES_SMS_PROVIDER`.

A provider is any class with a `name` and `send(phone, text)` that returns the provider's message id or
raises `SmsError`. The default only writes the message to the log, so the embedded mode needs no account
with an SMS gateway; a real gateway (阿里云短信, 腾讯云短信…) is a class of a few lines named in the setting.
"""

from __future__ import annotations

import logging
import uuid
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_PROVIDER = "aftersales.notifications.sms.LoggingSmsProvider"
logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The provider refused or failed to take the message."""


@runtime_checkable
class SmsProvider(Protocol):
    name: str

    def send(self, phone: str, text: str) -> str:
        """Hand one message to the gateway; returns its message id."""
        ...


class LoggingSmsProvider:
    """Writes each message to the log instead of sending it (the default; no gateway needed)."""

    name = "logging"

    def send(self, phone: str, text: str) -> str:
        message_id = uuid.uuid4().hex
        logger.info("短信 / SMS %s to %s: %s", message_id, phone, text)
        return message_id


def sms_provider() -> SmsProvider:
    """The provider named by `AFTERSALES_SMS_PROVIDER` (dotted path of a class), instantiated."""
    path = getattr(settings, "AFTERSALES_SMS_PROVIDER", DEFAULT_PROVIDER) or DEFAULT_PROVIDER
    return import_string(path)()
