"""`manage.py queue_reindex`: build the queue's search index again from every request (`tickets.search`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from aftersales.tickets import search


class Command(BaseCommand):
    help = "重建服务请求队列的搜索索引 / Rebuild the queue's search index from every request."

    def handle(self, *args, **options) -> None:
        count = search.index_rebuild()
        self.stdout.write(f"已索引 {count} 个服务请求 / {count} requests indexed")
