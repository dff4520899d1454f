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
    >>> from analysis.compare import highlight
    >>> print(render("side_by_side.html", title="<ev>", outlets=[("A & B", [("s1 · direct", highlight("<b>oui</b>", []))])]), end="")
    <h4>&lt;ev&gt;</h4>
    <div style="display:flex;gap:12px;align-items:flex-start;overflow-x:auto">
    <div style="flex:1;min-width:220px"><b>A &amp; B</b> (1 sentences)
    <p style="font-size:90%;margin:6px 0"><span style="color:#666">s1 · direct</span><br>&lt;b&gt;oui&lt;/b&gt;</p>
    </div>
    </div>
    """
    return _environment().get_template(template).render(**context)
