"""Domain errors that carry a stable code and a message in Chinese and in English.

Services raise these; the API turns them into JSON `{"code", "message", "message_zh", "message_en"}` with
the status below, and the pages show the message in the user's language. Built in one place so every
refusal reads the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class DomainError(Exception):
    """A refusal the user can act on. `zh` and `en` are templates formatted with `params`."""

    code: str
    zh: str
    en: str
    params: dict[str, Any] = field(default_factory=dict)
    status: int = 400

    def __post_init__(self) -> None:
        super().__init__(self.message_en)

    @property
    def message_zh(self) -> str:
        return self.zh.format(**self.params)

    @property
    def message_en(self) -> str:
        return self.en.format(**self.params)

    def message(self, language: str | None) -> str:
        """The message in the user's language (Chinese unless English was chosen)."""
        return self.message_en if (language or "").startswith("en") else self.message_zh

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": f"{self.message_zh} / {self.message_en}",
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }


def not_found(what_zh: str, what_en: str) -> DomainError:
    """404 for a missing object or one the user may not see: the two are indistinguishable on purpose."""
    return DomainError(
        "not_found", "{what_zh}不存在", "{what_en} not found", {"what_zh": what_zh, "what_en": what_en}, 404
    )


def unknown_reference(what_zh: str, what_en: str, **params: Any) -> DomainError:
    """422: the input names an object that does not exist or that the user may not see (the same answer)."""
    return DomainError(
        "unknown_reference",
        "{what_zh}不存在或无权访问",
        "{what_en} does not exist or is not accessible",
        {"what_zh": what_zh, "what_en": what_en, **params},
        422,
    )


def invalid(code: str, zh: str, en: str, **params: Any) -> DomainError:
    """400: input that breaks a rule."""
    return DomainError(code, zh, en, params, 400)


def conflict(code: str, zh: str, en: str, **params: Any) -> DomainError:
    """409: the row changed since the caller read it, or the move is not allowed from its state."""
    return DomainError(code, zh, en, params, 409)


def forbidden() -> DomainError:
    """403: an authenticated user without the role for this operation."""
    return DomainError("forbidden", "无权执行此操作", "You are not allowed to do this", {}, 403)


def stale_version(expected: int, current: int) -> DomainError:
    return conflict(
        "stale_version",
        "数据已被他人修改（您基于版本 {expected}，当前版本 {current}），请刷新后重试",
        "The record changed since you loaded it (you had version {expected}, it is now {current}); reload and retry",
        expected=expected,
        current=current,
    )
