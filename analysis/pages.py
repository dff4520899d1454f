"""HTML from templates, escaped by default.

Every page and block of HTML the package writes (the report's index, the
term explorer, the side by side of an event) is a Jinja2 template in
``analysis/templates/``, rendered with autoescaping: a value is shown as text
unless the code marks it as HTML it built itself (:class:`markupsafe.Markup`:
pandas' escaped tables, embedded figures, highlighted sentences), so escaping
does not depend on care at each call site.  Inside a ``<script>`` element,
data go through Jinja2's ``tojson`` filter, which escapes ``<``, ``>``, ``&``
and quotes for that context.
"""

from __future__ import annotations

from functools import lru_cache

import jinja2
from markupsafe import Markup

__all__ = ["Markup", "render"]


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """Return the environment of the package's templates: autoescaped, and an undefined value is an error."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("analysis", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}  # tojson: stable, and accents as written
    return env


def render(template: str, **context) -> str:
    """Render one of the package's templates; every value is escaped unless wrapped in :class:`markupsafe.Markup`.

    Examples
    --------
    >>> from markupsafe import Markup
    >>> print(render("legend.html", marks=[("cue", "#FFE08A", "a <b> cue"), ("term", "#F6C6E4", Markup("<i>kept</i>"))]), end="")
    <div class="legend" style="font-size:85%;margin:4px 0"><span style="margin-right:12px"><mark class="cue" style="background:#FFE08A">&nbsp;cue&nbsp;</mark> a &lt;b&gt; cue</span><span style="margin-right:12px"><mark class="term" style="background:#F6C6E4">&nbsp;term&nbsp;</mark> <i>kept</i></span></div>
    """
    return _environment().get_template(template).render(**context)
