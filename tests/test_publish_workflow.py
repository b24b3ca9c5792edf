"""The publishing workflow is valid GitHub Actions and does what the README says.

``.github/workflows/publish.yml`` is checked offline with check-jsonschema's vendored
GitHub-workflow schema (``--builtin-schema vendor.github-workflows``): the schema ships
inside the package, and the test points every proxy variable at a closed local port so
that a download would fail rather than pass unseen. A copy with a key the schema does
not know (``runs_on``) is refused, so the check can fail.

Then the workflow's own promises: ``make test`` in a Debian container on Python 3.11,
3.12 and 3.13; pull requests only test; the deploy job runs on a push to main after the
tests, with the Pages permissions, and publishes ``_build/html`` with the official
actions.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
CHECK = Path(sys.executable).parent / "check-jsonschema"


def validate(path: Path) -> subprocess.CompletedProcess:
    # A network request would go to the dead proxy and fail: the check is offline.
    dead = "http://127.0.0.1:9"
    env = {**os.environ, "HTTP_PROXY": dead, "HTTPS_PROXY": dead, "NO_PROXY": ""}
    env.update({k.lower(): v for k, v in env.items() if k.endswith("_PROXY")})
    return subprocess.run(
        [str(CHECK), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def test_the_workflow_validates_against_the_vendored_schema():
    result = validate(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_a_key_the_schema_does_not_know_is_refused(tmp_path):
    broken = tmp_path / "publish.yml"
    text = WORKFLOW.read_text()
    assert text.count("    runs-on: ubuntu-latest\n") == 2
    broken.write_text(
        text.replace("    runs-on: ubuntu-latest\n", "    runs_on: ubuntu-latest\n", 1)
    )
    result = validate(broken)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "jobs.test" in result.stdout + result.stderr


def test_tests_run_make_test_in_debian_on_three_pythons(workflow):
    test = workflow["jobs"]["test"]
    assert test["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    assert test["container"] == "python:${{ matrix.python }}-bookworm"
    runs = [s.get("run", "") for s in test["steps"]]
    assert any(r.startswith("make test") for r in runs), runs


def test_pull_requests_test_and_only_main_deploys(workflow):
    on = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as True
    assert on["push"]["branches"] == ["main"]
    assert "pull_request" in on
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "test"
    assert "github.event_name == 'push'" in deploy["if"]
    assert "github.ref == 'refs/heads/main'" in deploy["if"]


def test_deploy_publishes_the_built_site_with_the_official_actions(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    steps = deploy["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert uses.index("actions/upload-pages-artifact") < uses.index("actions/deploy-pages")
    upload = steps[uses.index("actions/upload-pages-artifact")]
    assert upload["with"]["path"] == "_build/html"
    runs = [s.get("run", "") for s in steps]
    assert any(r.startswith("make book") for r in runs), runs
    # Workflow-wide, nothing can write; only the deploy job gets the Pages token.
    assert workflow["permissions"] == {"contents": "read"}
