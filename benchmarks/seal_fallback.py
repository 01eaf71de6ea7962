"""Benchmark: the pure-JS PBKDF2 (generator/assets/noble-crypto.min.js) that unlocks sealed results where
crypto.subtle is missing (plain http on an intranet address), in Debian's Chromium.

    python3 benchmarks/seal_fallback.py

Prints seconds for PBKDF2-SHA256 with 600,000 iterations (what one code costs), three runs each at full
speed and with Chromium's CPU throttled 4x (a stand-in for an old office PC).
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
BUNDLE = Path(__file__).resolve().parent.parent / "generator/assets/noble-crypto.min.js"
DERIVE = """async () => { const noble = window.portalNoble, started = performance.now();
  await noble.pbkdf2Async(noble.sha256, new TextEncoder().encode('ABCDEFGHJKLMNPQR'), new Uint8Array(16),
                          {c: 600000, dkLen: 32});
  return (performance.now() - started) / 1000; }"""


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page()
        page.set_content("<script>" + BUNDLE.read_text(encoding="utf-8") + "</script>")
        for rate in (1, 4):
            page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})
            seconds = [page.evaluate(DERIVE) for _ in range(3)]
            print(f"CPU x{rate} slower: PBKDF2-SHA256 600,000 iterations in pure JS: " + ", ".join(f"{s:.2f}" for s in seconds) + " s")
        browser.close()


if __name__ == "__main__":
    main()
