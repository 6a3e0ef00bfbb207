"""The one Jinja2 environment of the product's documents.

Templates live under the bundled ``templates/`` folder. A template may have a version
per language in a ``<lang>/`` folder beside it (legal text a lawyer writes in each
language: ``notices/kk/telegram.html``), or be one template whose labels go through
``_()`` (``evidence/report.html``): :func:`resolve` picks the first that exists.

Autoescaping is always on and the environment is sandboxed: a value from a user (a
channel name, a title) is text, never markup and never template code.
"""

from __future__ import annotations

import base64
import datetime as _dt
from collections.abc import Mapping
from functools import cache
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from jinja2 import (
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment

from screeningroom.documents.errors import BadImage, TemplateFailed, TemplateMissing
from screeningroom_resources import path as resource_path
from screeningroom_resources.i18n import LANGUAGES, UnknownLanguage, _, language

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"


def _check_language(code: str) -> str:
    if code not in LANGUAGES:
        raise UnknownLanguage(code)
    return code


def image_src(data: bytes) -> str:
    """A PNG or JPEG as a ``data:`` URI for ``<img src>`` (the only images a PDF loads)."""
    if not isinstance(data, bytes | bytearray):
        raise BadImage(_("An image for a document must be PNG or JPEG bytes."))
    if data.startswith(PNG_MAGIC):
        mime = "image/png"
    elif data.startswith(JPEG_MAGIC):
        mime = "image/jpeg"
    else:
        raise BadImage(_("An image for a document is neither PNG nor JPEG."))
    return f"data:{mime};base64,{base64.b64encode(bytes(data)).decode('ascii')}"


def _lang() -> str:
    from screeningroom_resources.i18n import current_language

    return current_language()


def _date(value: _dt.date | _dt.datetime, form: str = "long") -> str:
    return format_date(value, form, locale=_lang())


def _datetime(value: _dt.datetime, form: str = "medium") -> str:
    tz = value.tzinfo or _dt.UTC
    text = format_datetime(value, form, tzinfo=tz, locale=_lang())
    offset = value.utcoffset()
    if offset is None or offset == _dt.timedelta(0):
        return text + " UTC"
    return text + " " + value.strftime("%z")


def _number(value: float | int, form: str = "#,##0.##") -> str:
    return format_decimal(value, form, locale=_lang())


def _pvalue(value: float) -> str:
    return f"{value:.3g}" if value >= 1e-3 else f"{value:.2e}"


@cache
def environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(resource_path("templates"))),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals["_"] = _
    env.filters["date"] = _date
    env.filters["datetime"] = _datetime
    env.filters["number"] = _number
    env.filters["pvalue"] = _pvalue
    env.filters["image_src"] = image_src
    return env


def resolve(template_name: str, lang: str) -> str:
    """The template to render: ``<folder>/<lang>/<name>`` if it exists, else the name."""
    _check_language(lang)
    folder, _sep, base = template_name.rpartition("/")
    specific = f"{folder}/{lang}/{base}" if folder else f"{lang}/{base}"
    names = environment().list_templates()
    for candidate in (specific, template_name):
        if candidate in names:
            return candidate
    raise TemplateMissing(
        _("No template {name} for language {lang} (looked for {candidates}).").format(
            name=template_name, lang=lang, candidates=f"{specific}, {template_name}"
        )
    )


def render_html(template_name: str, context: Mapping[str, Any], lang: str) -> str:
    """The template rendered to HTML, with ``_()`` and dates in ``lang``."""
    name = resolve(template_name, lang)
    with language(lang):
        try:
            return environment().get_template(name).render(dict(context))
        except (UndefinedError, TemplateSyntaxError, TemplateNotFound) as exc:
            raise TemplateFailed(
                _("The template {name} could not be rendered: {reason}").format(
                    name=name, reason=str(exc)
                )
            ) from exc


def render_block_html(
    template_name: str, block: str, context: Mapping[str, Any], lang: str
) -> str:
    """Only one ``{% block %}`` of the template (a subject line, say), as HTML."""
    name = resolve(template_name, lang)
    with language(lang):
        env = environment()
        try:
            template = env.get_template(name)
            render = template.blocks.get(block)
            if render is None:
                raise TemplateFailed(
                    _("The template {name} has no block {block}.").format(name=name, block=block)
                )
            return "".join(render(template.new_context(dict(context))))
        except (UndefinedError, TemplateSyntaxError, TemplateNotFound) as exc:
            raise TemplateFailed(
                _("The template {name} could not be rendered: {reason}").format(
                    name=name, reason=str(exc)
                )
            ) from exc
