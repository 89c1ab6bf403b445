"""Translatable names of the codes the bulletin pages show (Chinese msgids, English in the catalogue)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

KIND = {"defect": _("缺陷通告"), "patch": _("补丁通知"), "firmware": _("固件升级"), "safety": _("安全通告")}
ACK = {"portal": _("客户门户"), "link": _("邮件链接"), "phone": _("电话确认")}
CHANNEL = {"in_app": _("站内消息"), "email": _("电子邮件"), "sms": _("短信"), "webhook": "Webhook"}
