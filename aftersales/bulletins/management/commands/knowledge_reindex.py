"""`manage.py knowledge_reindex [--tickets] [--articles]`: rebuild the search indexes of the knowledge base.

`--tickets` indexes every resolved or closed request (those resolved before search existed, or loaded in
bulk); `--articles` recomputes the articles' words and their index (after a change of the jieba dictionary).
Without options, both.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from aftersales.bulletins import services


class Command(BaseCommand):
    help = "重建知识库与已解决请求的全文索引 / rebuild the knowledge-base and resolved-request search indexes"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--tickets", action="store_true", help="resolved requests only")
        parser.add_argument("--articles", action="store_true", help="articles only")

    def handle(self, *args, **options) -> None:
        both = not options["tickets"] and not options["articles"]
        if both or options["tickets"]:
            started = time.perf_counter()
            count = services.ticket_search_backfill()
            self.stdout.write(f"已索引请求 / requests indexed: {count} ({time.perf_counter() - started:.1f} s)")
        if both or options["articles"]:
            started = time.perf_counter()
            count = services.article_reindex()
            self.stdout.write(f"已索引文章 / articles indexed: {count} ({time.perf_counter() - started:.1f} s)")
