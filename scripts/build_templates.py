"""Build templates/diagnostic_social.docx, templates/contrat_accompagnement.docx and
templates/bilan_accompagnement.docx (the reviews, issue 13).

    .venv/bin/python scripts/build_templates.py [OUT_DIR]

The templates are docxtpl documents: staff may open them in Word and change the wording, the
layout, the logo, the fonts; this script only rebuilds the reference version (it overwrites the
files). Placeholders are listed in docs/templates.md. Tags used:

* ``{{ name }}``: a value; ``{%tr for r in rows %}`` … ``{%tr endfor %}``: one table row per
  entry; ``{%p if … %}`` / ``{%p for … %}``: paragraphs (and the tables between them) shown
  conditionally or repeated.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
HEADER_FILL = "DCE3EE"
LABEL_FILL = "F2F4F7"


# --- building blocks ----------------------------------------------------------------------

def new_document(title: str) -> Document:
    """An A4 document with the house style, in French (fr-FR, so Word checks the spelling in
    French), a header (the structure's logo, name, address and phone when configured) and a
    footer (reference, confidentiality, « page 2 sur 5 »)."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.8)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Calibri", Pt(10)
    for name, size in (("Title", 20), ("Heading 1", 14), ("Heading 2", 12)):
        doc.styles[name].font.color.rgb = ACCENT
        doc.styles[name].font.size = Pt(size)
    upright(doc.styles["Subtitle"])
    doc.styles["Footer"].font.size = Pt(8)  # the page number fields too
    french(doc)
    _header(section, title)
    _footer(section, title)
    return doc


def french(doc) -> None:
    """Declare the document's language French (fr-FR) in its default run properties."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "fr-FR")


def upright(style) -> None:
    """No italic, for any script: Word would slant Persian, Arabic or Ethiopic synthetically."""
    style.font.italic = False
    rpr = style.element.get_or_add_rPr()
    italic_cs = rpr.find(qn("w:iCs"))
    if italic_cs is None:
        italic_cs = OxmlElement("w:iCs")
        rpr.append(italic_cs)
    italic_cs.set(qn("w:val"), "0")


def _header(section, title: str) -> None:
    table = section.header.add_table(1, 2, Cm(17))
    left, right = table.rows[0].cells
    left.paragraphs[0].text = "{%p if logo %}"
    left.add_paragraph("{{ logo }}")
    left.add_paragraph("{%p endif %}")
    left.add_paragraph().add_run("{{ organisation }}").bold = True
    for name in ("service_address", "service_phone"):
        left.add_paragraph("{%p if " + name + " %}")
        left.add_paragraph("{{ " + name + " }}")
        left.add_paragraph("{%p endif %}")
    right.paragraphs[0].text = title
    right.add_paragraph("Référence : {{ reference }}")
    for paragraph in right.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _footer(section, title: str) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.text = title + " — {{ reference }} — document confidentiel, édité le {{ generated_on }} — page "
    field(paragraph, "PAGE")
    paragraph.add_run(" sur ")
    field(paragraph, "NUMPAGES")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in paragraph.runs:
        run.font.size = Pt(8)


def field(paragraph, code: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) to ``paragraph``, updated by Word when printed."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, f" {code} "), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text.strip() == code else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def keep_rows_whole(doc) -> None:
    """No table row split across two pages (a signature block, an answer), in the body and in
    the headers."""
    tables = list(doc.tables) + [t for s in doc.sections for t in s.header.tables]
    for table in tables:
        for row in table.rows:
            trpr = row._tr.get_or_add_trPr()
            if trpr.find(qn("w:cantSplit")) is None:
                trpr.insert(0, OxmlElement("w:cantSplit"))


def shade(cell, fill: str) -> None:
    """Give ``cell`` a background colour."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def header_row(table, labels: list[str]) -> None:
    """Fill the first row with bold shaded labels, repeated on each page."""
    row = table.rows[0]
    for cell, label in zip(row.cells, labels):
        cell.text = ""
        cell.paragraphs[0].add_run(label).bold = True
        shade(cell, HEADER_FILL)
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(repeat)


def loop_table(doc, headers: list[str], rows_var: str, cells: list[str], widths=None):
    """A table with a header row and one row per entry of ``rows_var``."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header_row(table, headers)
    table.rows[1].cells[0].text = "{%tr for r in " + rows_var + " %}"
    for cell, name in zip(table.rows[2].cells, cells):
        cell.text = cell_text(name)
    table.rows[3].cells[0].text = "{%tr endfor %}"
    _widths(table, widths)
    doc.add_paragraph()
    return table


def cell_text(name: str) -> str:
    """The placeholder of a loop cell (a literal when it does not name a field)."""
    return "{{ r." + name + " }}" if name.isidentifier() else name


def facts_table(doc, facts: list[tuple[str, str]], widths=(Cm(6), Cm(11))):
    """A two-column label / value table of fixed rows, labels shaded."""
    table = doc.add_table(rows=len(facts), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, facts):
        row.cells[0].text = ""
        row.cells[0].paragraphs[0].add_run(label).bold = True
        shade(row.cells[0], LABEL_FILL)
        row.cells[1].text = value
    _widths(table, widths)
    doc.add_paragraph()
    return table


def answers_table(doc, rows_var: str):
    """The label / answer table of a theme (rows ``{label, value}``)."""
    table = loop_table(doc, ["Question", "Réponse"], rows_var, ["label", "value"],
                       widths=(Cm(7), Cm(10)))
    return table


def _widths(table, widths) -> None:
    if not widths:
        return
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def tag(doc, text: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag (removed when rendered)."""
    doc.add_paragraph(text)


# --- the diagnostic -------------------------------------------------------------------------

def diagnostic() -> Document:
    """The template of the diagnostic social préalable."""
    doc = new_document("Diagnostic social préalable")
    doc.add_paragraph("Diagnostic social préalable", style="Title")
    doc.add_paragraph("Ménage : {{ applicant_name }} — référence {{ reference }}")
    doc.add_heading("Informations générales", level=1)
    facts_table(doc, [("Structure", "{{ organisation }}"),
                      ("Travailleur social", "{{ worker_name }}"),
                      ("Date du diagnostic", "{{ diagnostic_date }}"),
                      ("Mesure", "{{ measure }}"),
                      ("Orienteur", "{{ referrer }}"),
                      ("Niveau du diagnostic", "{{ diagnostic_level }}"),
                      ("Interprétariat", "{{ interpreter }}")])
    doc.add_heading("Accord du ménage", level=1)
    answers_table(doc, "consents")
    _household(doc)
    doc.add_heading("2. Situation administrative et professionnelle", level=1)
    answers_table(doc, "socio_professional_answers")
    _budget(doc)
    doc.add_heading("4. Parcours logement", level=1)
    doc.add_paragraph("{{ occupation_sentence }}")
    doc.add_paragraph("{{ occupation_norm }}")
    answers_table(doc, "rental_history_answers")
    doc.add_heading("5. Vie dans le logement", level=1)
    answers_table(doc, "living_answers")
    doc.add_heading("6. Suivi social", level=1)
    answers_table(doc, "follow_up_answers")
    _analysis(doc)
    return doc


def _household(doc) -> None:
    doc.add_heading("1. Composition du foyer", level=1)
    doc.add_paragraph("{{ household_type }}. {{ composition_sentence }}")
    loop_table(doc, ["Lien", "Nom et prénom", "Sexe", "Date de naissance (âge)", "Vit au foyer",
                     "Situation professionnelle"],
               "people", ["relation", "name", "sex", "birth", "lives_here", "employment"])
    answers_table(doc, "household_answers")


def _budget(doc) -> None:
    doc.add_heading("3. Budget", level=1)
    doc.add_paragraph("{{ budget_sentence }}")
    doc.add_heading("Ressources mensuelles", level=2)
    loop_table(doc, ["Nature", "Bénéficiaire", "Montant mensuel"], "resources",
               ["type", "owner", "amount"])
    doc.add_heading("Charges mensuelles", level=2)
    loop_table(doc, ["Nature", "Montant mensuel"], "charges", ["type", "amount"])
    doc.add_heading("Dettes", level=2)
    loop_table(doc, ["Créancier", "Montant dû", "Plan de remboursement", "Remboursement mensuel"],
               "debts", ["creditor", "amount", "repayment_plan", "monthly_repayment"])
    doc.add_heading("Synthèse budgétaire", level=2)
    facts_table(doc, [("Total des ressources mensuelles", "{{ total_resources }}"),
                      ("Total des charges mensuelles", "{{ total_charges }}"),
                      ("Remboursements mensuels de dettes", "{{ total_repayments }}"),
                      ("Reste à vivre mensuel", "{{ reste_a_vivre }}"),
                      ("Reste à vivre par jour et par unité de consommation",
                       "{{ reste_a_vivre_per_day_per_unit }}"),
                      ("Taux d'effort", "{{ taux_effort }}"),
                      ("Unités de consommation", "{{ consumption_units }}"),
                      ("Type de ménage", "{{ household_type }}"),
                      ("Total des dettes", "{{ total_debts }}")])
    doc.add_paragraph("{{ taux_effort_base }}")
    _rights(doc)
    answers_table(doc, "budget_answers")


def _rights(doc) -> None:
    """Issue 17: the rights estimate, only when the worker chose to show it (``rights_shown``)."""
    tag(doc, "{%p if rights_shown %}")
    doc.add_heading("{{ rights_title }}", level=2)
    doc.add_paragraph("{{ rights_month }}")
    loop_table(doc, ["{{ rights_head.benefit }}", "{{ rights_head.estimated }}",
                     "{{ rights_head.declared }}", "{{ rights_head.flag }}"],
               "rights_rows", ["benefit", "estimated", "declared", "flag"])
    doc.add_paragraph("{{ rights_caveat }}")
    tag(doc, "{%p endif %}")


def _analysis(doc) -> None:
    doc.add_heading("7. Analyse du travailleur social", level=1)
    doc.add_heading("Freins", level=2)
    loop_table(doc, ["Frein", "Origine"], "freins", ["label", "status"], widths=(Cm(7), Cm(10)))
    doc.add_heading("Préconisations", level=2)
    facts_table(doc, [("Adhésion du ménage", "{{ adhesion }}"),
                      ("Commentaire sur l'adhésion", "{{ adhesion_comment }}"),
                      ("Mesure préconisée", "{{ recommended_measure }}"),
                      ("Solution logement préconisée", "{{ recommended_housing }}"),
                      ("Intensité de l'accompagnement", "{{ intensity }}"),
                      ("Durée préconisée (mois)", "{{ duration_months }}")])
    doc.add_heading("Synthèse", level=2)
    doc.add_paragraph("{{ synthesis }}")
    doc.add_paragraph()
    doc.add_paragraph("{{ done_on }}").paragraph_format.keep_with_next = True
    doc.add_paragraph("Signature du travailleur social :").paragraph_format.keep_with_next = True
    doc.add_paragraph()
    doc.add_paragraph("______________________________")


# --- the contract ---------------------------------------------------------------------------

def contract() -> Document:
    """The template of the contrat d'accompagnement social lié au logement."""
    doc = new_document("Contrat d'accompagnement social lié au logement")
    doc.add_paragraph("{{ title.fr }}", style="Title")
    tag(doc, "{%p if bilingual %}")
    doc.add_paragraph("{{ title.hh }}", style="Subtitle")
    tag(doc, "{%p endif %}")
    key_facts_table(doc)
    tag(doc, "{%p if bilingual %}")
    tag(doc, "{%p for s in sections %}")
    doc.add_heading("{{ s.title_fr }} / {{ s.title_hh }}", level=2)
    tag(doc, "{%p if rtl %}")
    right_to_left(bilingual_table(doc).rows[2].cells[1])
    tag(doc, "{%p else %}")
    bilingual_table(doc)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    tag(doc, "{%p for s in sections %}")
    doc.add_heading("{{ s.title_fr }}", level=2)
    loop_table(doc, ["Clause"], "s.rows", ["fr"], widths=(Cm(17),))
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    _signatures(doc)
    return doc


def key_facts_table(doc):
    """The key facts, label and value in French and in the household's language."""
    table = doc.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text = "{%tr for r in key_facts %}"
    label, value = table.rows[1].cells
    label.text = ""
    label.paragraphs[0].add_run("{{ r.label }}").bold = True
    shade(label, LABEL_FILL)
    value.text = "{{ r.value }}"
    table.rows[2].cells[0].text = "{%tr endfor %}"
    _widths(table, (Cm(6), Cm(11)))
    doc.add_paragraph()
    return table


def bilingual_table(doc):
    """French beside the household's language, one row per clause of ``s.rows``."""
    return loop_table(doc, ["Français", "{{ household_language }}"], "s.rows", ["fr", "hh"],
                      widths=(Cm(8.5), Cm(8.5)))


def right_to_left(cell) -> None:
    """Make the paragraphs of ``cell`` right-to-left (Arabic, Dari, Pashto)."""
    for paragraph in cell.paragraphs:
        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))


def _signatures(doc) -> None:
    doc.add_heading("Signatures", level=2)
    doc.add_paragraph("{{ done_at }}").paragraph_format.keep_with_next = True
    table = loop_table(doc, ["{{ labels.party }}", "{{ labels.name }}", "{{ labels.mention }}",
                             "{{ labels.signature }}"], "signatures",
                       ["role", "name", "mention", "Le : ____ / ____ / ________"],
                       widths=(Cm(4), Cm(4.5), Cm(3.5), Cm(5)))
    table.rows[2].height = Cm(2.5)


# --- the reviews (issue 13) -----------------------------------------------------------------

def review() -> Document:
    """The template of both reviews (« bilan intermédiaire », « bilan final »): the title and
    the final review's exit section come from the context."""
    doc = new_document("{{ title }}")
    doc.add_paragraph("{{ title }}", style="Title")
    doc.add_paragraph("Ménage : {{ applicant_name }} — référence {{ reference }}")
    doc.add_heading("Informations générales", level=1)
    facts_table(doc, [("Structure", "{{ organisation }}"),
                      ("Travailleur social", "{{ worker_name }}"),
                      ("Mesure", "{{ measure }}"),
                      ("Début du contrat", "{{ contract_start }}"),
                      ("Date du bilan", "{{ review_date }}")])
    doc.add_heading("1. L'avis du ménage", level=1)
    tag(doc, "{%p if household_answered %}")
    answers_table(doc, "household_rows")
    tag(doc, "{%p else %}")
    doc.add_paragraph("{{ household_no_answer }}")
    tag(doc, "{%p endif %}")
    doc.add_heading("2. Objectifs du contrat", level=1)
    tag(doc, "{%p if objectives %}")
    loop_table(doc, ["N°", "Objectif", "Atteinte", "Commentaire"], "objectives",
               ["number", "objective", "status", "comment"],
               widths=(Cm(1), Cm(6), Cm(3), Cm(7)))
    tag(doc, "{%p else %}")
    doc.add_paragraph("{{ no_objectives }}")
    tag(doc, "{%p endif %}")
    doc.add_heading("3. Freins encore présents", level=1)
    loop_table(doc, ["Frein"], "freins", ["label"], widths=(Cm(17),))
    doc.add_heading("4. Adhésion du ménage", level=1)
    facts_table(doc, [("Adhésion actuelle", "{{ adhesion }}"),
                      ("Commentaire sur l'adhésion", "{{ adhesion_comment }}")])
    tag(doc, "{%p if final %}")
    doc.add_heading("Fin de l'accompagnement", level=1)
    answers_table(doc, "exit_rows")
    tag(doc, "{%p endif %}")
    doc.add_heading("5. Suite proposée", level=1)
    facts_table(doc, [("Suite proposée", "{{ next_step }}"),
                      ("Précisions", "{{ next_step_detail }}")])
    doc.add_heading("Synthèse", level=2)
    doc.add_paragraph("{{ synthesis }}")
    doc.add_paragraph()
    doc.add_paragraph("{{ done_on }}").paragraph_format.keep_with_next = True
    table = doc.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    header_row(table, ["Le travailleur social", "Le ménage"])
    for cell, name in zip(table.rows[1].cells, ("{{ worker_name }}", "{{ applicant_name }}")):
        cell.text = name + "\nSignature :\n\n\nLe : ____ / ____ / ________"
    table.rows[1].height = Cm(3)
    return doc


def main(argv: list[str]) -> int:
    """Write both templates to OUT_DIR (default: the repository's templates/)."""
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "templates"
    out.mkdir(parents=True, exist_ok=True)
    for build, name in ((diagnostic, "diagnostic_social.docx"), (contract, "contrat_accompagnement.docx"),
                        (review, "bilan_accompagnement.docx")):
        doc = build()
        keep_rows_whole(doc)
        doc.save(out / name)
    print(f"templates written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
