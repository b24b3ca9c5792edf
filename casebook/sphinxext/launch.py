"""Launch buttons (Binder, JupyterHub) from one repository URL, or none at all.

Loaded by ``_config.yml`` (``sphinx: extra_extensions``) as ``casebook.sphinxext.launch``.

The maintainers set the repository once: ``repository.url`` in ``_config.yml``, or
``make book REPO_URL=https://github.com/<org>/<repo>`` for one build (the Makefile
passes it as ``CASEBOOK_REPOSITORY_URL``, which wins over ``_config.yml``). The same
goes for a JupyterHub: ``launch_buttons.jupyterhub_url``, or ``JUPYTERHUB_URL=...``
(``CASEBOOK_JUPYTERHUB_URL``).

- **No URL** (this repository's default): every launch service is switched off before
  the theme sees it, so no page shows a launch button. sphinx-book-theme cannot do that
  by itself: with ``binderhub_url`` set and no repository it fails on every notebook
  page (it unpacks a repository it never found).
- **A URL**: it must be ``https://github.com/<org>/<repo>`` or
  ``https://gitlab.com/<org>/<repo>``, the hosts the theme and Binder recognise; any
  other stops the build with a sentence here, instead of the theme's warning that a
  ``-W`` build turns into a failure far from its cause.

The buttons are plain links (a local icon and the theme's own Font Awesome): a page
asks nothing of Binder or the hub until a reader clicks.
"""

from __future__ import annotations

import os
import re
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ConfigError

REPO_ENV = "CASEBOOK_REPOSITORY_URL"
HUB_ENV = "CASEBOOK_JUPYTERHUB_URL"

#: The services a launch button can open; all are cleared when no repository is set.
LAUNCH_KEYS = ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url", "jupyterlite_url")

_REPO = re.compile(r"^https://(github\.com|gitlab\.com)/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_HUB = re.compile(r"^https?://[^\s/]+(/[^\s]*)?$")


def repository_url(configured: str | None, environ: dict[str, str] | None = None) -> str:
    """The repository URL in force: the environment's, else the configured one ('' if none).

    Raises ConfigError for a URL the launch buttons cannot use.
    """
    environ = os.environ if environ is None else environ
    url = (environ.get(REPO_ENV) or configured or "").strip()
    url = url.removesuffix("/").removesuffix(".git")
    if url and not _REPO.match(url):
        raise ConfigError(
            f"repository URL {url!r} (repository.url in _config.yml or REPO_URL): launch "
            "buttons need https://github.com/<org>/<repo> or https://gitlab.com/<org>/<repo>"
        )
    return url


def jupyterhub_url(configured: str | None, environ: dict[str, str] | None = None) -> str:
    """The JupyterHub URL in force ('' if none); ConfigError for one that is not http(s)."""
    environ = os.environ if environ is None else environ
    url = (environ.get(HUB_ENV) or configured or "").strip().removesuffix("/")
    if url and not _HUB.match(url):
        raise ConfigError(
            f"JupyterHub URL {url!r} (launch_buttons.jupyterhub_url or JUPYTERHUB_URL): "
            "expected https://<host>[/<path>]"
        )
    return url


def launch_options(theme_options: dict[str, Any], environ: dict[str, str] | None = None) -> None:
    """Settle ``repository_url`` and ``launch_buttons`` in the theme options, in place."""
    url = repository_url(theme_options.get("repository_url"), environ)
    buttons = dict(theme_options.get("launch_buttons") or {})
    buttons["jupyterhub_url"] = jupyterhub_url(buttons.get("jupyterhub_url"), environ)
    if url:
        theme_options["repository_url"] = url
    else:
        theme_options.pop("repository_url", None)
        for key in LAUNCH_KEYS:
            buttons[key] = ""
        buttons["thebe"] = False
    theme_options["launch_buttons"] = buttons


def _on_config_inited(app: Sphinx, config: Any) -> None:
    options = dict(config.html_theme_options or {})
    launch_options(options)
    config.html_theme_options = options


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _on_config_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
