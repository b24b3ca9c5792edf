"""The glossary is complete: every page links each glossary term at its first use, every
``{term}`` link resolves, and every abbreviation in the prose has an entry (or an
allowlisted reason). The checks themselves live in ``tests/glossary_check.py``; the
last tests here show they catch a page broken on purpose.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import glossary_check as gc

ENTRIES = gc.glossary_entries()
PAGES = gc.scanned_pages()
ALLOWED = gc.load_allowlist()


def test_glossary_has_entries_with_unique_names():
    names = [n.lower() for e in ENTRIES for n in e.names]
    assert len(ENTRIES) > 50
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"glossary names defined more than once: {duplicates}"


def test_every_page_of_the_toc_exists_and_is_scanned():
    assert all(p.is_file() for p in gc.toc_pages()), "a page in _toc.yml is missing"
    assert {p.stem for p in PAGES} >= {"intro", "presentation", "marrow", "therapy"}
    assert not {p.stem for p in PAGES} & gc.NOT_SCANNED


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_first_use_of_every_term_is_linked(page: Path):
    unlinked = gc.unlinked_first_uses(page.stem, gc.markdown_of(page), ENTRIES)
    assert not unlinked, "\n".join(str(u) for u in unlinked)


@pytest.mark.parametrize("page", [*PAGES, gc.GLOSSARY], ids=lambda p: p.stem)
def test_every_term_link_names_an_entry(page: Path):
    assert gc.broken_links(gc.markdown_of(page), ENTRIES) == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_abbreviation_has_a_glossary_entry(page: Path):
    undefined = gc.undefined_abbreviations(gc.markdown_of(page), ENTRIES, ALLOWED)
    assert not undefined, (
        f"{page.name}: abbreviations with no glossary entry (add one to book/glossary.md, "
        f"or a reason to tests/abbreviation_allowlist.toml): {undefined}"
    )


def test_every_allowlisted_abbreviation_is_still_used_and_not_defined():
    names = {n for e in ENTRIES for n in e.names}
    everywhere = {
        m.group(0)
        for p in PAGES
        for m in gc.ABBREVIATION.finditer(gc.prose(gc.markdown_of(p)).text)
    }
    assert not set(ALLOWED) & names, "an allowlisted abbreviation now has a glossary entry"
    assert set(ALLOWED) <= everywhere, f"unused allowlist entries: {set(ALLOWED) - everywhere}"


# --- the checks catch what they are for ---------------------------------------------

ENTRY = [gc.Entry(("TNBC", "Triple-negative breast cancer")), gc.Entry(("Myeloma",))]


def test_a_plain_first_use_before_the_link_is_caught():
    text = "Her triple-negative breast cancer spread.\n\nLater, {term}`TNBC` again.\n"
    (hit,) = gc.unlinked_first_uses("p", text, ENTRY)
    assert (hit.entry, hit.used_as, hit.line) == ("TNBC", "triple-negative breast cancer", 1)


def test_a_linked_first_use_passes_and_later_plain_uses_are_fine():
    text = "A {term}`triple-negative cancer <TNBC>`; TNBC again; myelomas aside.\n"
    hits = gc.unlinked_first_uses("p", text, ENTRY)
    assert [h.entry for h in hits] == ["Myeloma"]  # plural, case-insensitive, unlinked


def test_headings_code_glue_and_citations_are_not_prose():
    text = (
        "# TNBC in a heading\n\n```{code-cell} ipython3\nx = 'TNBC'\n```\n\n"
        "{glue:text}`TNBC_rate` and {footcite:p}`myeloma2020` and `TNBC` in code.\n"
    )
    assert gc.unlinked_first_uses("p", text, ENTRY) == []
    assert gc.undefined_abbreviations(text, ENTRY, {}) == {}


def test_an_undefined_abbreviation_is_caught_with_its_forms():
    text = "The CA15-3 and PD-L1 levels; HER2-low; TGF-β; TPO-RAs; a T5 lesion; TNBC.\n"
    found = gc.undefined_abbreviations(text, ENTRY, {"TPO-RA": "test"})
    assert sorted(found) == ["CA15-3", "HER2", "PD-L1", "TGF-β"]


def test_a_name_that_wraps_a_line_is_still_found():
    text = "A woman with triple-negative\nbreast cancer.\n"
    (hit,) = gc.unlinked_first_uses("p", text, ENTRY)
    assert hit.entry == "TNBC" and hit.line == 1


def test_a_term_link_to_no_entry_is_caught():
    assert gc.broken_links("See {term}`the spleen <Hypersplenism>`.", ENTRY) == ["Hypersplenism"]


def test_a_real_page_broken_on_purpose_fails(tmp_path):
    page = gc.ROOT / "book" / "marrow.md"
    text = page.read_text(encoding="utf-8").replace("{term}`ISTH`", "ISTH", 1)
    text = text.replace("platelet count", "platelet count (ZZQX)", 1)
    hits = gc.unlinked_first_uses("marrow", text, ENTRIES)
    assert [h.used_as for h in hits] == ["ISTH"]
    assert "ZZQX" in gc.undefined_abbreviations(text, ENTRIES, ALLOWED)


def test_allowlist_entries_need_a_reason(tmp_path):
    bad = tmp_path / "allow.toml"
    bad.write_text('[[allow]]\nterm = "XYZ"\nreason = " "\n', encoding="utf-8")
    with pytest.raises(ValueError, match="no reason"):
        gc.load_allowlist(bad)
