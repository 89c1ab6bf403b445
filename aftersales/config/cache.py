"""The database cache with an atomic `incr`, so that counters shared by all workers (rate limits) never lose a hit.

Django's DatabaseCache increments by reading and writing back the value in two statements: two workers that
read 7 at once both write 8 (django-ratelimit refuses it for that reason, check E003). Here the read and the
write run in one transaction that holds the row: on SQLite the project's IMMEDIATE transactions take the write
lock at BEGIN, on PostgreSQL the row is selected FOR UPDATE. Everything else is Django's DatabaseCache.
"""

from __future__ import annotations

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key, delta=1, version=None):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        with transaction.atomic(using=db):
            if connection.features.has_select_for_update:
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608 - quoted table name from settings
                        [self.make_and_validate_key(key, version=version)],
                    )
            return super().incr(key, delta, version=version)
