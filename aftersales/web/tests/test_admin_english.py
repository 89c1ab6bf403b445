"""The configuration site (admin) in English has no Chinese left in its labels (issue 10).

A superuser with English chosen opens the admin index and, for EVERY registered model, its changelist and add
page. The labels are collected from the HTML: the title, headings (h1/h2/h3: page, fieldsets, inlines, filters),
field labels, the changelist's and inlines' column headers, filter titles, help texts, breadcrumbs and the app
index (captions and model names, also in the navigation sidebar). The data (result rows, select options, the
choices under a filter, a widget's own option labels) is left out: a Chinese customer name is data, not a label.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
CAPTURED = {"title", "h1", "h2", "h3", "label", "th", "caption", "summary"}
CAPTURED_CLASSES = {"help", "helptext", "breadcrumbs"}
# text inside these is data or choices, never a label
DATA_TAGS = {"tbody", "option", "select", "textarea", "ul", "script", "style"}
# a Chinese term kept in brackets after its English name, as the catalogue glosses it: "Three Guarantees (三包)"
GLOSSES = ("(三包)",)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class LabelCollector(HTMLParser):
    """The label texts of an admin page (see the module docstring), each with the tag it was found in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, captures, is data)
        self.texts: list[tuple[str, str]] = []
        self.buffers: list[tuple[str, list[str]]] = []
        self.result_list = 0  # depth inside <table id="result_list">
        self._classes: list[set[str]] = []

    def _inside_data(self) -> bool:
        return any(data for _, _, data in self.stack)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            if tag == "input" and self.buffers and self.buffers[-1][0] == "label":
                self.buffers[-1] = ("label-with-input", self.buffers[-1][1])  # a widget's option, not a field label
            return
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        is_data = tag in DATA_TAGS and not (tag == "tbody" and not self.result_list)
        if tag == "table" and attributes.get("id") == "result_list":
            self.result_list = len(self.stack) + 1
        if tag == "ul" and ("breadcrumbs" in classes or self._in_class("breadcrumbs")):
            is_data = False
        captures = (tag in CAPTURED or bool(classes & CAPTURED_CLASSES)) and not self._inside_data()
        if tag == "th" and self.result_list and self._inside_tag("tbody"):
            captures = False
        self.stack.append((tag, captures, is_data))
        self._classes.append(classes)
        if captures:
            self.buffers.append((tag, []))

    def _in_class(self, name: str) -> bool:
        return any(name in c for c in self._classes)

    def _inside_tag(self, name: str) -> bool:
        return any(t == name for t, _, _ in self.stack)

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, captures, _ = self.stack.pop()
            self._classes.pop()
            if self.result_list and len(self.stack) < self.result_list:
                self.result_list = 0
            if captures:
                kind, parts = self.buffers.pop()
                text = " ".join("".join(parts).split())
                if text and kind != "label-with-input":
                    self.texts.append((open_tag, text))
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.buffers and not self._inside_data():
            for _, parts in self.buffers:
                parts.append(data)


def labels_of(html: str) -> list[tuple[str, str]]:
    collector = LabelCollector()
    collector.feed(html)
    collector.close()
    return collector.texts


def chinese_labels(html: str) -> list[str]:
    def unglossed(text: str) -> str:
        for gloss in GLOSSES:
            text = text.replace(gloss, "")
        return text

    return sorted({f"<{tag}> {text}" for tag, text in labels_of(html) if CJK.search(unglossed(text))})


def test_the_collector_finds_labels_and_skips_data():
    html = (
        "<h1>选择 客户</h1><label for='id_x'>名称:</label><label for='id_y_0'><input type='radio'>是</label>"
        "<div class='help'>帮助</div><table id='result_list'><thead><tr><th>名称</th></tr></thead>"
        "<tbody><tr><th><a>合肥市第一人民医院</a></th><td>张三</td></tr></tbody></table>"
        "<select><option>已受理</option></select><div class='breadcrumbs'><a>首页</a></div>"
    )
    assert chinese_labels(html) == sorted(["<h1> 选择 客户", "<label> 名称:", "<div> 帮助", "<th> 名称", "<div> 首页"])


def test_every_admin_screen_in_english_has_no_chinese_label(client, admin_user):
    client.force_login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    found: dict[str, str] = {}  # a Chinese label → the first page it was seen on

    def visit(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        for text in chinese_labels(response.content.decode()):
            found.setdefault(text, url)

    visit(reverse("admin:index"))
    app_labels = sorted({model._meta.app_label for model in admin.site._registry})
    for app_label in app_labels:
        visit(reverse("admin:app_list", args=[app_label]))
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        visit(reverse("admin:{}_{}_changelist".format(*info)))
        request = client.get(reverse("admin:index")).wsgi_request
        if model_admin.has_add_permission(request):
            visit(reverse("admin:{}_{}_add".format(*info)))
    report = "\n".join(f"{text}    ({url})" for text, url in sorted(found.items()))
    assert not found, f"{len(found)} Chinese labels left in the English admin:\n{report}"


def _choice_fields(model) -> list:
    return [f for f in model._meta.get_fields() if getattr(f, "concrete", False) and f.choices]


def test_every_choice_label_is_in_the_english_catalogue():
    from django.apps import apps
    from django.utils import translation

    untranslated = set()
    with translation.override("en"):
        for model in apps.get_models():
            for field in _choice_fields(model):
                for _value, label in field.flatchoices:
                    if isinstance(label, str) and CJK.search(translation.gettext(label)):
                        untranslated.add(f"{model._meta.label}.{field.name}: {label}")
    assert sorted(untranslated) == []


def test_choice_filters_and_drop_downs_in_the_english_admin_are_english(client, admin_user):
    """The entries of a choices filter and the options of a choices drop-down (plain Chinese in choices.py) are
    translated on every admin screen."""
    from django.utils import translation

    client.force_login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    found: dict[str, str] = {}
    for model, model_admin in admin.site._registry.items():
        fields = {f.name: f for f in _choice_fields(model)}
        if not fields:
            continue
        info = (model._meta.app_label, model._meta.model_name)
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        html = client.get(changelist).content.decode()
        with translation.override("en"):
            titles = {
                str(fields[n].verbose_name) for n in model_admin.list_filter if isinstance(n, str) and n in fields
            }
        for title in titles:
            block = re.search(rf'data-filter-title="{re.escape(title)}".*?</details>', html, re.S)
            assert block, (changelist, title)
            for entry in re.findall(r"<a [^>]*>([^<]*)</a>", block.group(0)):
                if CJK.search(entry):
                    found.setdefault(f"filter {title}: {entry.strip()}", changelist)
        request = client.get(reverse("admin:index")).wsgi_request
        if not model_admin.has_add_permission(request):
            continue
        add = reverse("admin:{}_{}_add".format(*info))
        html = client.get(add).content.decode()
        for name in fields:
            select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
            if select is None:
                continue  # not on the form (read-only, excluded) or not a drop-down (radio buttons are labels)
            for option in re.findall(r"<option [^>]*>([^<]*)</option>", select.group(1)):
                if CJK.search(option):
                    found.setdefault(f"option {name}: {option.strip()}", add)
    report = "\n".join(f"{text}    ({url})" for text, url in sorted(found.items()))
    assert not found, f"{len(found)} Chinese choices left in the English admin:\n{report}"


def test_a_choices_column_of_a_changelist_shows_the_label_in_english(client, admin_user, new_ticket, customer):
    new_ticket(customer)
    client.force_login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("admin:tickets_ticket_changelist")).content.decode()
    rows = re.search(r'<table id="result_list">.*?</table>', html, re.S).group(0)
    assert '<td class="field-status">Received</td>' in rows
    assert "已受理" not in rows
    assert 'href="?o=' in rows  # the translated column still sorts
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    rows = client.get(reverse("admin:tickets_ticket_changelist")).content.decode()
    assert '<td class="field-status">已受理</td>' in rows
