"""Fill a .docx template with a context: the one place that touches docxtpl.

Values are data, never template source, so ``{{`` in an answer is printed, not evaluated.
Each string is escaped for XML here (``&``, ``<``, ``>``, quotes), characters XML cannot hold
are dropped, and every ``_`` is written as the character reference ``&#95;``: after rendering,
docxtpl turns ``{_{``, ``}_}``, ``{_%`` and ``%_}`` into Jinja delimiters, which would alter an
answer containing them. Line breaks in a value become line breaks in Word (docxtpl). A
placeholder the context does not provide is an error (StrictUndefined): a template edited with
a typo must fail loudly rather than print a blank in a signed contract.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, StrictUndefined, UndefinedError
from markupsafe import Markup, escape

from intake_bot.config import resource_dir
from intake_bot.i18n import render

from intake_bot.documents.errors import DocumentError

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
TEMPLATE_DIR = resource_dir("templates")  # in the installed package, or the checkout's templates/
DIAGNOSTIC_TEMPLATE = "diagnostic_social.docx"
CONTRACT_TEMPLATE = "contrat_accompagnement.docx"


class TemplateError(DocumentError):
    """A template uses a placeholder that the documents do not provide."""


def environment() -> Environment:
    """The Jinja environment of every document: XML-escaped, strict about unknown names."""
    return Environment(autoescape=True, undefined=StrictUndefined)


def template_path(name: str, template_dir: Path | None = None) -> Path:
    """Path of template ``name`` in ``template_dir`` (default: the repository's templates/)."""
    return (template_dir or TEMPLATE_DIR) / name


def render_docx(path: Path, context: dict[str, Any]) -> bytes:
    """The document ``path`` filled with ``context``, as .docx bytes."""
    template = DocxTemplate(str(path))
    data = as_xml_data(context)
    if "logo" in data:
        data["logo"] = logo(template, context["logo"])
    try:
        template.render(data, jinja_env=environment(), autoescape=True)
    except UndefinedError as error:
        raise TemplateError(render("doc.error.template", "fr", template=path.name,
                                   error=str(error))) from error
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def logo(template: DocxTemplate, path: Path | None) -> InlineImage | str:
    """The structure's logo (an image file from the configuration) 15 mm high, or nothing."""
    return InlineImage(template, str(path), height=Mm(15)) if path else ""


def as_xml_data(value: Any) -> Any:
    """``value`` with every string made safe XML text that renders exactly as written."""
    if isinstance(value, str):
        text = str(escape(NOT_XML.sub("", value.replace("\r\n", "\n"))))
        return Markup(text.replace("_", "&#95;"))
    if isinstance(value, dict):
        return {k: as_xml_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_xml_data(v) for v in value]
    return value


def undeclared(path: Path, context: dict[str, Any]) -> set[str]:
    """Top-level placeholders of template ``path`` that ``context`` does not provide."""
    return DocxTemplate(str(path)).get_undeclared_template_variables(environment(), context)
