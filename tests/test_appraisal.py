"""The appraisal chapter's data (casebook.appraisal): the 13 CARE items in order with
valid statuses, every inconsistency a careful reader finds, links to sections that exist,
sources that exist and are cited on the page, and texts that type no patient value."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace

import pytest
import yaml
from docutils.nodes import make_id

from casebook import appraisal, facts
from casebook.data import DATA_DIR, load_case, rehash
from tests import prose_check as pc

ROOT = pc.ROOT
PAGE = ROOT / "book" / "appraisal.md"

#: The inconsistencies of the brief (fact sheet, section 9), by key.
EXPECTED_INCONSISTENCIES = {
    "mass_size",  # 10 × 10 cm in the text, 10 × 8 cm in the Figure 1 legend
    "figure1_panels",  # Figure 1 panels C/D described differently
    "liver_response",  # liver "slight" in the text, "significant" in Suppl. Figure 2 legend
    "scent",  # "SCENT" for ASCENT
    "doses",  # flat doses, salt or base, "12 cycles"
    "kn355_hr",  # the untraceable KEYNOTE-355 HR
    "prevalence",  # the untraceable 2.1 % and 68.8 %
    "transfusion",  # trigger above guidelines; TPO-RAs outside trial populations
    "ca125",  # CA125 followed rather than CA15-3/CEA
    "recist",  # RECIST without stated imaging
    "figure4",  # Figure 4 only as an image
    "analogies",  # Shiozawa (prostate, mouse), Ayati (myeloma)
}


@pytest.fixture(scope="module")
def f(case):
    return facts.appraisal_facts(case)


def _toc_files() -> set[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = {toc["root"]}
    for part in toc.get("parts", []):
        files.update(ch["file"] for ch in part.get("chapters", []))
    return files


def _headings(page: str) -> list[str]:
    text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    return [m.group(1).strip() for m in re.finditer(r"^#{1,6} (.+)$", text, re.MULTILINE)]


def _bib_keys() -> set[str]:
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\{([^,\s]+),", bib, re.MULTILINE))


# ----------------------------------------------------------------------------- CARE


def test_thirteen_items_in_care_order():
    assert len(appraisal.CARE_ITEMS) == 13
    assert [i.number for i in appraisal.CARE_ITEMS] == list(range(1, 14))
    assert tuple(i.item for i in appraisal.CARE_ITEMS) == appraisal.CARE_ITEM_NAMES
    assert appraisal.CARE_ITEM_NAMES[0] == "Title"
    assert appraisal.CARE_ITEM_NAMES[6] == "Timeline"
    assert appraisal.CARE_ITEM_NAMES[-1] == "Informed consent"


def test_every_status_is_valid_and_every_item_has_evidence():
    for item in appraisal.CARE_ITEMS:
        assert item.status in appraisal.STATUSES
        assert item.asks and item.evidence and item.locator


def test_what_our_copy_cannot_show_is_cannot_tell_with_the_reason():
    """Title, keywords and consent would be in parts of the article our copy lacks."""
    cannot = {i.item: i for i in appraisal.CARE_ITEMS if i.status == "cannot tell"}
    assert set(cannot) == {"Title", "Keywords", "Informed consent"}
    for item in cannot.values():
        assert "our copy" in item.evidence.lower(), item


def test_a_bad_status_is_refused_in_a_sentence():
    item = appraisal.CARE_ITEMS[6]
    with pytest.raises(ValueError, match=r"CARE item 7 \(Timeline\): the status must be one of"):
        replace(item, status="absent")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"number": 14}, "a CARE item number must be a whole number from 1 to 13, got 14"),
        ({"item": "Time line"}, "CARE item 7 is called 'Timeline', got 'Time line'"),
        ({"evidence": " "}, r"CARE item 7 \(Timeline\): evidence must be a sentence"),
    ],
)
def test_other_bad_items_are_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        replace(appraisal.CARE_ITEMS[6], **changes)


def test_status_counts_add_up():
    counts = appraisal.status_counts()
    assert list(counts) == list(appraisal.STATUSES)
    assert sum(counts.values()) == 13
    assert counts["missing"] == 2 and counts["cannot tell"] == 3


def test_care_table_has_a_row_per_item(f):
    frame = appraisal.care_frame(f)
    assert len(frame) == 13 and frame["#"].tolist() == list(range(1, 14))
    out = appraisal.care_table_html(f)
    assert out.count("</tr>") == 14  # the header and 13 items
    assert "2 missing, 3 cannot tell" in out


# -------------------------------------------------------------------- inconsistencies


def test_every_inconsistency_of_the_list_is_there():
    keys = [i.key for i in appraisal.INCONSISTENCIES]
    assert len(keys) == len(set(keys)), "duplicate keys"
    assert set(keys) == EXPECTED_INCONSISTENCIES


def test_the_untraceable_figures_are_the_authors_claims():
    claims = {i.key for i in appraisal.INCONSISTENCIES if i.authors_claim}
    assert claims == {"kn355_hr", "prevalence"}


def test_every_linked_page_is_in_the_toc_and_has_the_section():
    toc = _toc_files()
    for inc in appraisal.INCONSISTENCIES:
        assert inc.page in toc, f"{inc.key}: {inc.page} is not in _toc.yml"
        assert inc.section in _headings(inc.page), f"{inc.key}: no section {inc.section!r}"
        page, anchor = inc.href.split("#")
        assert page == inc.page.removeprefix("book/") + ".html"
        assert anchor == make_id(inc.section)


def test_a_page_in_the_wrong_form_is_refused():
    with pytest.raises(ValueError, match="the page must be written as in _toc.yml"):
        replace(appraisal.INCONSISTENCIES[0], page="book/therapy.md")


def test_every_source_exists_and_is_cited_on_the_page():
    """Each key exists in references.bib, and the page cites it (so the book's
    bibliography, which lists only cited keys, lists it)."""
    keys = _bib_keys()
    page = PAGE.read_text(encoding="utf-8")
    cited = {
        k.strip()
        for m in re.finditer(r"\{footcite:p\}`([^`]+)`", page)
        for k in m.group(1).split(",")
    }
    assert cited <= keys, f"the page cites unknown keys: {cited - keys}"
    used = {k for inc in appraisal.INCONSISTENCIES for k in inc.sources}
    assert used, "no sources at all"
    assert used <= keys, f"unknown BibTeX keys: {used - keys}"
    assert used <= cited, f"sources the page never cites: {used - cited}"
    assert "gagnier2013care" in cited


def test_inconsistency_table_links_every_row(f):
    frame = appraisal.inconsistency_frame(f)
    assert len(frame) == len(appraisal.INCONSISTENCIES)
    out = appraisal.inconsistency_table_html(f)
    assert out.count('<a class="reference internal" href="') == len(frame)
    assert ">href<" not in out  # the URL column is not shown
    assert "therapy.html#reading-the-trials" in out


def test_linked_table_escapes_the_text():
    import pandas as pd

    from casebook import tables

    frame = pd.DataFrame({"a": ["x < y"], "See": ["<b>"], "href": ["p.html#a"]})
    out = tables.linked_table(frame, link_column="See", href_column="href", caption="Seen")
    assert (
        "x &lt; y" in out and '<a class="reference internal" href="p.html#a">&lt;b&gt;</a>' in out
    )


# ------------------------------------------------------------- texts and patient values


def _templates() -> list[str]:
    care = [t for i in appraisal.CARE_ITEMS for t in (i.asks, i.evidence, i.locator)]
    inc = [
        t for i in appraisal.INCONSISTENCIES for t in (i.what, i.where, i.detail, i.why, i.handled)
    ]
    return care + inc


def test_no_text_types_a_patient_value(case):
    """Patient values reach the tables through {fact} placeholders, never typed."""
    patterns = pc.patient_value_patterns(case)
    hits = [h for t in _templates() for h in pc.find_typed_values(t, patterns, "appraisal.py")]
    assert hits == [], [(h.what, h.context) for h in hits]


def test_every_placeholder_is_a_fact(f):
    for text in _templates():
        appraisal.fill(text, f)  # raises ValueError naming a missing fact


def test_a_missing_fact_is_named():
    with pytest.raises(ValueError, match="needs the fact\\(s\\) mass_size_text"):
        appraisal.fill("The text gives {mass_size_text}.", {})


def test_the_tables_follow_the_data(tmp_path):
    """A changed legend size in data/ reaches the table (nothing is typed)."""
    shutil.copytree(DATA_DIR, tmp_path, dirs_exist_ok=True)
    lesions = tmp_path / "lesions.csv"
    text = lesions.read_text(encoding="utf-8")
    old = "2024-06-03,right breast primary,100.0,100.0,100.0,80.0,"
    assert text.count(old) == 1
    lesions.write_text(text.replace(old, old.replace(",80.0,", ",70.0,")), encoding="utf-8")
    rehash(tmp_path)  # a deliberate change: new checksums
    f = facts.appraisal_facts(load_case(tmp_path))
    frame = appraisal.inconsistency_frame(f)
    row = frame[frame["What"].str.startswith("Two sizes")].iloc[0]
    assert "the Figure 1 legend gives 10 × 7 cm" in row["What the report says"]
