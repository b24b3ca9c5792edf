"""Point myst-nb's execution cache at the folder keyed on the book's inputs.

``_config.yml`` runs myst-nb in ``cache`` mode. Its cache key is a page's code
cells; :func:`casebook.buildcache.cache_path` adds everything else a page reads
(``data/``, ``casebook/``, the pinned environment), so a change there starts an
empty cache and every executed page runs again: no stale number can reach the site.
The folder is a Sphinx ``env`` setting, so a new inputs hash also makes Sphinx read
every page again (a changed ``casebook`` can change any page's HTML).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from casebook import buildcache, render


def _on_config_inited(app: Sphinx, config: Any) -> None:
    os.environ.setdefault(render.ENV_VAR, "static")  # as the package's extension does
    config.nb_execution_cache_path = str(buildcache.cache_path(Path(app.confdir)))


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _on_config_inited)


class VegaLiteForNotebooks:
    """A myst-nb mime renderer that renders the Vega-Lite copy of a chart as nothing.

    The static renderer stores each chart as HTML (what the site shows) and as Vega-Lite
    (what the classroom notebooks keep, :func:`casebook.render.static_bundle`). myst-nb
    renders every mime type of an output before choosing one, and warns (an error under
    ``-W``) on a type it does not know; this plugin, registered in ``pyproject.toml``
    (``myst_nb.mime_renderers``), tells it the Vega-Lite copy is expected and has no
    HTML of its own. It is never chosen: it has no render priority, and the HTML does.
    """

    mime_priority_overrides: tuple = ()

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list | None:
        return [] if data.mime_type == render.VEGALITE_MIMETYPE else None
