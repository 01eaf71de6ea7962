"""Benchmark: opening one's sealed block on a phone, with the pure-JS fallback, in Debian's Chromium.

    python3 benchmarks/seal_fallback.py                 # builds a 300-person demo with a new secret, then measures
    python3 benchmarks/seal_fallback.py --root DIR      # a portal already built with $PORTAL_SECRET

The site is served over plain http on this machine's first non-loopback
address (`hostname -I`), where Chromium gives no WebCrypto (not a secure
context), so `portal-seal.js` decrypts with the vendored @noble packages
(`generator/assets/noble-crypto.min.js`).  The page runs with Playwright's
Pixel 7 profile (390 px, touch, a phone's user agent) and the CPU throttled
4x through the DevTools protocol (`Emulation.setCPUThrottlingRate`).  Timed:
from pressing 查看 with a person's code to their block shown (key derivation,
unwrapping, decryption, the HTML put in the page), in a fresh browser context
per person (nothing remembered).  A wrong code is tried first on each page and
must open nothing.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
PORTAL = [sys.executable, "-m", "generator"]

TIME_UNLOCK = """async (code) => {
  const block = document.querySelector('div.portal-sealed');
  const form = block.querySelector('form.portal-unlock');
  const opened = new Promise((resolve) => {
    new MutationObserver((changes, observer) => {
      if (block.classList.contains('portal-opened')) { observer.disconnect(); resolve(); }
    }).observe(block, {attributes: true, attributeFilter: ['class']});
  });
  form.querySelector('input[name=code]').value = code;
  const started = performance.now();
  form.querySelector('button[type=submit]').click();
  await opened;
  return performance.now() - started;
}"""

WRONG_CODE = """async () => {
  const form = document.querySelector('div.portal-sealed form.portal-unlock');
  const status = form.querySelector('.portal-unlock-status');
  form.querySelector('input[name=code]').value = 'ABCD-EFGH-JKLM-NPQR';
  const shown = new Promise((resolve) => new MutationObserver(() => {
    if (status.textContent.trim() === form.dataset.wrong) resolve(); }).observe(status, {childList: true, characterData: true, subtree: true}));
  form.querySelector('button[type=submit]').click();
  await shown;
  return document.querySelectorAll('div.portal-sealed.portal-opened').length;
}"""


def intranet_address() -> str:
    found = [a for a in subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split() if "." in a]
    if not found:
        raise SystemExit("no non-loopback IPv4 address: add one, e.g. `ip addr add 10.123.0.1/32 dev lo`")
    return found[0]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def phone_unlock(root: Path, cycle: str, people: list[str], rate: float = 4) -> dict:
    """Milliseconds from pressing 查看 to the person's block shown, per person, on a throttled phone profile over
    plain http (the pure-JS fallback); also the page's secure-context state, as proof of which path ran."""
    from playwright.sync_api import sync_playwright

    from generator.site.codes import code_for
    from generator.site.secret import read_secret

    secret = read_secret()
    if secret is None:
        raise SystemExit("PORTAL_SECRET is not set: the codes of the site cannot be derived")
    host = intranet_address()
    httpd = http.server.ThreadingHTTPServer((host, 0), functools.partial(Quiet, directory=str(root / "site")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    timings: list[float] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            phone = playwright.devices["Pixel 7"]
            for pid in people:
                context = browser.new_context(**phone)
                page = context.new_page()
                page.goto(f"http://{host}:{httpd.server_address[1]}/{cycle}/people/{pid}/")
                page.wait_for_load_state("networkidle")
                secure, subtle = page.evaluate("[window.isSecureContext, typeof (window.crypto && window.crypto.subtle)]")
                if secure or subtle != "undefined":
                    raise SystemExit("the page is a secure context: the fallback would not run")
                context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})
                if page.evaluate(WRONG_CODE) != 0:
                    raise SystemExit("a wrong code opened a block")
                timings.append(page.evaluate(TIME_UNLOCK, code_for(secret, cycle, pid)))
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return {"rate": rate, "people": len(people), "ms": timings, "median_ms": statistics.median(timings), "max_ms": max(timings)}


def sample_people(root: Path, cycle: str, count: int) -> list[str]:
    people = sorted(p.stem for p in (root / "scorecards" / cycle / "people").glob("*.yaml"))
    step = max(1, len(people) // count)
    return people[::step][:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, help="a portal built with $PORTAL_SECRET (default: a new 300-person demo)")
    parser.add_argument("--people", type=int, default=8, help="how many people's blocks to open")
    parser.add_argument("--rate", type=float, default=4, help="CPU slowdown")
    args = parser.parse_args()
    if args.root is None:
        args.root = Path(tempfile.mkdtemp(prefix="portal-unlock-")) / "portal"
        subprocess.run([*PORTAL, "demo", "--people", "300", "--cycles", "1", "--seed", "1", "--out", str(args.root)],
                       check=True, stdout=subprocess.DEVNULL)
        secret_file = args.root.parent / "secret"
        subprocess.run([*PORTAL, "secret", "new", "--out", str(secret_file)], check=True, stdout=subprocess.DEVNULL)
        os.environ["PORTAL_SECRET"] = secret_file.read_text(encoding="ascii").strip()
        subprocess.run([*PORTAL, "build"], cwd=args.root, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cycle = sorted(p.name for p in (args.root / "scorecards").iterdir() if p.is_dir() and p.name != "schemas")[-1]
    found = phone_unlock(args.root, cycle, sample_people(args.root, cycle, args.people), args.rate)
    print(f"Pixel 7 profile, CPU x{found['rate']:g} slower, plain http (pure-JS fallback): opening one's block "
          f"{found['median_ms']:.0f} ms median, {found['max_ms']:.0f} ms at most over {found['people']} people "
          f"(target ≤ 300 ms): " + ", ".join(f"{ms:.0f}" for ms in found["ms"]))


if __name__ == "__main__":
    main()
