"""The one way an explorer shows bad input: the ValueError's sentence, as an alert.

Every rule and chart builder raises ``ValueError`` with a sentence a student can act
on; an explorer catches it, keeps its last good chart and shows the sentence above
it with :func:`error_html` (and shows ``""`` once the input is fine again).
"""

from __future__ import annotations

import html

__all__ = ["ERROR_STYLE", "error_html"]

#: A vermillion bar beside the text (the text itself stays black: vermillion text on
#: white is below the WCAG contrast for normal text).
ERROR_STYLE = "border-left:4px solid #D55E00;padding:0.3em 0.6em"


def error_html(message: str, *, heading: str, after: str = "") -> str:
    """``message`` (a ValueError's sentence) as an HTML alert: heading, message, ``after``.

    All three are escaped; ``role="alert"`` makes a screen reader announce it.
    """
    tail = f" {html.escape(after)}" if after else ""
    return (
        f'<p role="alert" class="cb-explorer-error" style="{ERROR_STYLE}">'
        f"<strong>{html.escape(heading)}</strong> {html.escape(message)}{tail}</p>"
    )
