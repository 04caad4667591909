"""The web app in a real browser: `budgethub serve --target all` of its own (fresh databases, so the
test's first registration is the ADMIN) serving the built app (BH_WEB_DIR, from scripts/web-build), and
web/e2e/app.e2e.mjs driving Debian's headless Chromium through it. Screenshots go to build/web-screenshots/."""
import os
import pathlib
import random
import shutil
import string
import subprocess

import pytest

from conftest import SERVICES, free_port, require, system_environment, wait_ready

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_web_app_in_a_browser(start):
    web_dir = require("BH_WEB_DIR")
    assert (pathlib.Path(web_dir) / "index.html").is_file(), f"{web_dir}: run scripts/web-build"
    if not shutil.which("node") or not os.access("/usr/bin/chromium", os.X_OK):
        pytest.fail("node and /usr/bin/chromium are required (scripts/bootstrap installs them)")
    tag = "".join(random.choices(string.ascii_lowercase, k=6))
    ports = {name: free_port() for name in SERVICES}
    env = system_environment(ports, "web" + tag)
    env.pop("BUDGETHUB_LOG_FORMAT")  # start() sets it
    env["BUDGETHUB_PORTAL_WEB_DIR"] = web_dir
    env["BUDGETHUB_AUTH_RESET_URL"] = f"http://127.0.0.1:{ports['portal']}/reset-password"  # the e-mailed link
    running = start("serve", "--target", "all", env=env)
    for name in SERVICES:
        wait_ready(f"http://127.0.0.1:{ports[name]}/readyz", deadline_s=90, running=running)
    shots = ROOT / "build" / "web-screenshots"
    result = subprocess.run(
        ["node", str(ROOT / "web" / "e2e" / "app.e2e.mjs")],
        env=dict(os.environ, BASE_URL=f"http://127.0.0.1:{ports['portal']}", SCREENSHOT_DIR=str(shots)),
        capture_output=True, text=True, timeout=300)
    print(result.stdout)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}\n{running.log()[-3000:]}"
