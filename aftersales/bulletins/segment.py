"""Chinese word segmentation with jieba (分词), shared by indexing and searching so both cut text alike.

jieba loads its dictionary once per process, on first use (about a second), behind a lock so concurrent
first requests wait for one load. Its cache file goes to var/ (settings.VAR_DIR), not to /tmp. A few
after-sales words are added to the dictionary, and a few synonyms are folded into one form on both sides
(报警 → 告警), so a search finds an article however the fault was worded.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable

from django.conf import settings

# Words jieba should keep whole in this trade.
DOMAIN_WORDS = (
    "丢包",
    "卡纸",
    "告警",
    "蓝屏",
    "死机",
    "黄灯",
    "掉线",
    "光模块",
    "硒鼓",
    "定影器",
    "硬盘",
    "固件",
    "补丁",
    "降级",
    "环网",
    "误码",
    "宕机",
    "双电源",
    "存储阵列",
    "磁盘阵列",
)
# Folded to one form when indexing and when searching.
SYNONYMS = {
    "报警": "告警",
    "宕机": "死机",
    "当机": "死机",
    "掉包": "丢包",
    "夹纸": "卡纸",
    "塞纸": "卡纸",
    "磁盘阵列": "存储阵列",
    "硬碟": "硬盘",
}
_WORD = re.compile(r"\w")
_lock = threading.Lock()
_jieba = None


def _segmenter():
    """The initialised jieba module (loaded once, thread-safe)."""
    global _jieba
    if _jieba is None:
        with _lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                var_dir = getattr(settings, "VAR_DIR", None)
                if var_dir is not None:
                    jieba.dt.tmp_dir = str(var_dir)
                jieba.initialize()
                for word in DOMAIN_WORDS:
                    jieba.add_word(word)
                _jieba = jieba
    return _jieba


def tokens(text: str) -> list[str]:
    """The words of `text` in search mode (long words also give their parts), lower-cased, synonyms folded,
    punctuation and spaces dropped."""
    if not text:
        return []
    out = []
    for token in _segmenter().cut_for_search(text):
        token = token.strip().lower()
        if token and _WORD.search(token):
            out.append(SYNONYMS.get(token, token))
    return out


def index_text(*parts: str) -> str:
    """The search column value of `parts`: their words joined by spaces."""
    return " ".join(token for part in parts for token in tokens(part))


def joined(words: Iterable[str]) -> str:
    return " ".join(words)
