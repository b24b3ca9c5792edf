"""Launch buttons come from one repository URL, or do not exist (casebook.sphinxext.launch).

A module fixture builds a one-page book with the project's own ``_config.yml`` twice,
``-W`` as ``make book`` does (at once, with the third book below): once as shipped (no repository URL: no launch button on
the page) and once with ``repository.url`` set to a github.com repository in the copied
``_config.yml`` and a JupyterHub given the way ``make book JUPYTERHUB_URL=...`` gives it
(the environment). The second page links to mybinder.org with the repository, the branch
and the page's path, and to the hub's nbgitpuller; in Debian's Chromium it makes no
request off the machine until the Binder link is clicked (the click is recorded, which
shows the watch would have seen an earlier one).

Broken on purpose: the Binder icon swapped for the usual remote badge in a copy of the
page is caught as a request before any click; a URL the buttons cannot use stops the
build with a sentence. The unit tests pin the precedence of the environment over
``_config.yml``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from sphinx.errors import ConfigError

from casebook.sphinxext import launch
from tests import site_support as site

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
REPO = "https://github.com/example-org/marrow-first"
HUB = "https://hub.example.edu"
BINDER_LINK = (
    "https://mybinder.org/v2/gh/example-org/marrow-first/main?urlpath=lab/tree/book/page.md"
)

PAGE = textwrap.dedent("""\
    ---
    jupytext:
      text_representation:
        extension: .md
        format_name: myst
    kernelspec:
      display_name: Python 3
      language: python
      name: python3
    ---

    # A notebook page

    ```{code-cell} ipython3
    x = 1 + 1
    ```
    """)


def build(
    root: Path, repo_url: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """A one-page book under ``root`` with the project's _config.yml (``repository.url`` set)."""
    root.mkdir(parents=True)
    config = (ROOT / "_config.yml").read_text()
    if repo_url:
        config, n = re.subn(r'(?m)^(  url:) ""', rf'\1 "{repo_url}"', config)
        assert n == 1, "_config.yml has no `repository: url:` line to set"
    (root / "_config.yml").write_text(config)
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/page\n")
    (root / "book").mkdir()
    shutil.copy(ROOT / "book" / "references.bib", root / "book" / "references.bib")
    (root / "book" / "page.md").write_text(PAGE)
    run_env = {k: v for k, v in os.environ.items() if k not in (launch.REPO_ENV, launch.HUB_ENV)}
    run_env.update(env or {})
    return subprocess.run(
        [str(JUPYTER_BOOK), "build", str(root), "-W", "-n", "--keep-going", "--builder", "html"],
        capture_output=True,
        text=True,
        timeout=300,
        env=run_env,
    )


def _ok(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """The module's three one-page books, built at once (a build mostly waits for its
    kernel and Sphinx's start-up): as shipped, with a github.com repository and a hub,
    and with a repository URL the buttons cannot use."""
    tmp = tmp_path_factory.mktemp("launch")
    asked = {
        "plain": ("", None),
        "launched": (REPO, {launch.HUB_ENV: HUB}),
        "bad": ("https://git.example.org/example-org/marrow-first", None),
    }
    with ThreadPoolExecutor(max_workers=len(asked)) as pool:
        running = {name: pool.submit(build, tmp / name, *args) for name, args in asked.items()}
        return {name: future.result() for name, future in running.items()}


@pytest.fixture(scope="module")
def books(builds) -> dict[str, Path]:
    """The sites of the two books that must build."""
    for name in ("plain", "launched"):
        _ok(builds[name])
    return {name: Path(builds[name].args[2]) / "_build" / "html" for name in ("plain", "launched")}


@pytest.mark.build
def test_no_repository_url_no_launch_button(books):
    html = (books["plain"] / "book" / "page.html").read_text()
    assert "launch-buttons" not in html
    assert "mybinder.org" not in html and "git-pull" not in html


@pytest.mark.build
def test_a_github_url_gives_binder_and_jupyterhub_links(books):
    html = (books["launched"] / "book" / "page.html").read_text()
    assert "launch-buttons" in html
    assert f'href="{BINDER_LINK}"' in html, "no Binder link to the repository and page"
    hub = re.search(r'href="(https://hub\.example\.edu/hub/user-redirect/git-pull\?[^"]+)"', html)
    assert hub, "no JupyterHub link"
    query = parse_qs(urlparse(hub.group(1)).query)
    assert query == {
        "repo": [REPO],
        "urlpath": ["lab/tree/marrow-first/book/page.md"],
        "branch": ["main"],
    }
    # The icons are the site's own files, not badges from the internet.
    icons = re.findall(r'<img [^>]*src="([^"]+)"', html)
    assert icons and all(not src.startswith(("http:", "https:", "//")) for src in icons), icons


def _block_and_record(log: site.PageLog):
    def route(route_obj):
        url = route_obj.request.url
        if site.is_local(url):
            route_obj.continue_()
        else:
            log.external.append(url)
            route_obj.abort()

    return route


def _requests_before_a_click(browser, html_dir: Path) -> list[str]:
    """The external requests the page makes on load, with no click."""
    context = browser.new_context()
    page = context.new_page()
    try:
        with site.serve(html_dir) as url:
            log = site.watch(page)
            page.goto(f"{url}/book/page.html", wait_until="load")
            page.wait_for_timeout(1000)
            return log.external
    finally:
        context.close()


@pytest.mark.browser
def test_a_badge_from_the_internet_would_be_caught(books, browser, tmp_path):
    """The break on purpose: the Binder icon swapped for the usual remote badge."""
    broken = tmp_path / "html"
    shutil.copytree(books["launched"], broken)
    page = broken / "book" / "page.html"
    html = page.read_text()
    assert html.count('src="../_static/images/logo_binder.svg"') == 1
    page.write_text(
        html.replace(
            'src="../_static/images/logo_binder.svg"',
            'src="https://mybinder.org/badge_logo.svg"',
        )
    )
    assert _requests_before_a_click(browser, broken) == ["https://mybinder.org/badge_logo.svg"]


@pytest.mark.browser
def test_no_request_leaves_the_page_until_a_click(books, browser):
    assert _requests_before_a_click(browser, books["launched"]) == []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        with site.serve(books["launched"]) as url:
            log = site.watch(page)
            # The links open a new tab: block and record what any tab asks for.
            context.route("**/*", _block_and_record(log))
            page.goto(f"{url}/book/page.html", wait_until="load")
            page.wait_for_timeout(1000)  # late scripts, fonts, icons
            assert log.problems() == []
            assert log.external == []
            page.locator(".dropdown-launch-buttons button").first.click()
            binder = page.locator(f'a[href="{BINDER_LINK}"]')
            binder.wait_for(state="visible")
            assert log.external == [], "opening the menu reached the internet"
            with context.expect_page() as tab:
                binder.click()
            tab.value.wait_for_timeout(1000)
            assert any(u.startswith("https://mybinder.org/v2/gh/") for u in log.external), (
                f"the click was not seen leaving: {log.external}"
            )
    finally:
        context.close()


@pytest.mark.build
def test_a_url_the_buttons_cannot_use_stops_the_build(builds):
    result = builds["bad"]
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert "launch buttons need https://github.com/<org>/<repo>" in out, out[-3000:]


# ------------------------------------------------------------------------------ unit


@pytest.mark.unit
def test_the_environment_wins_over_the_config_and_is_tidied():
    env = {launch.REPO_ENV: REPO + ".git/"}
    assert launch.repository_url("https://github.com/a/b", env) == REPO
    assert launch.repository_url("https://github.com/a/b", {}) == "https://github.com/a/b"
    assert launch.repository_url("", {}) == ""
    assert launch.repository_url(None, {launch.REPO_ENV: ""}) == ""


@pytest.mark.unit
@pytest.mark.parametrize(
    "url",
    [
        "http://github.com/a/b",
        "https://github.com/a",
        "https://github.com/a/b/tree/main",
        "https://bitbucket.org/a/b",
        "github.com/a/b",
    ],
)
def test_urls_the_buttons_cannot_use_are_refused(url):
    with pytest.raises(ConfigError, match="launch buttons need"):
        launch.repository_url(url, {})


@pytest.mark.unit
def test_no_repository_switches_every_launch_service_off():
    options = {
        "repository_url": "",
        "launch_buttons": {"binderhub_url": "https://mybinder.org", "jupyterhub_url": HUB},
    }
    launch.launch_options(options, {})
    assert "repository_url" not in options
    assert all(options["launch_buttons"][k] == "" for k in launch.LAUNCH_KEYS)


@pytest.mark.unit
def test_a_repository_keeps_binder_and_takes_the_hub_from_the_environment():
    options = {"launch_buttons": {"binderhub_url": "https://mybinder.org", "jupyterhub_url": ""}}
    launch.launch_options(options, {launch.REPO_ENV: REPO, launch.HUB_ENV: HUB + "/"})
    assert options["repository_url"] == REPO
    assert options["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert options["launch_buttons"]["jupyterhub_url"] == HUB
    with pytest.raises(ConfigError, match="JupyterHub URL"):
        launch.launch_options({"launch_buttons": {}}, {launch.HUB_ENV: "hub.example.edu"})
