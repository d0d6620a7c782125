"""Take the README's screenshot of the web page (python scripts/screenshot_web.py)."""

import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from minutes_gen.web.app import create_app  # noqa: E402

ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main() -> int:
    httpd = make_server("127.0.0.1", 0, create_app(), threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(f"http://127.0.0.1:{httpd.server_port}/bien-ban")
        page.set_input_files('input[name="yaml_file"]', str(ROOT / "samples" / "kiem-tra-cchc-sldtbxh-2023.yaml"))
        page.click('button[value="open"]')
        page.fill('input[name="meeting.date"]', "31/02/2023")
        page.click('button[value="validate"]')
        page.locator('span.error[data-field="meeting.date"]').scroll_into_view_if_needed()
        page.screenshot(path=str(ROOT / "docs" / "trang-bien-ban.png"))
        browser.close()
    httpd.shutdown()
    print(ROOT / "docs" / "trang-bien-ban.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
