"""Save a PNG of each page of the web app (headless Debian chromium via Playwright).

    .venv/bin/python scripts/screenshots.py [--index index] [--out screenshots]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "search": "/?q=How+many+victims+were+identified+in+2025%3F",
    "search-facet": "/?q=residence+permits+for+victims&part=1",
    "question": "/question/25",
    "provisions": "/provisions?ref=Article+144-1+of+the+Criminal+Code",
    "tables": "/tables?n=1",
    "compare": "/compare?target=shelters+for+victims",
    "error": "/question/999",
}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", default="index")
    parser.add_argument("--out", default="screenshots", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    import greta_search as gs
    from greta_search.web.app import create_app
    from greta_search.web.server import BackgroundServer

    args.out.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with BackgroundServer(create_app(gs.open_index(args.index))) as url, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": 900})
        for name, path in PAGES.items():
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            target = args.out / f"{name}.png"
            page.screenshot(path=target, full_page=name not in ("provisions",))
            print(target)
        browser.close()


if __name__ == "__main__":
    main()
