"""Browser tests for the therapy chapter's decision pathway, offline in Debian's Chromium.

Serves the folder named by ``CASEBOOK_SITE_DIR`` if set, else ``_build/html``. Every
non-local request is blocked and counted as a failure. For every one of the 6912
combinations the controls are set in the page and the route and statuses the script
writes are compared with :func:`casebook.clinical.route_treatment`; a handful are set
with real key presses. The last test breaks the script in a copy of the site and
checks that the comparison notices.
"""

from __future__ import annotations

import os
import re
import shutil
from itertools import product
from pathlib import Path

from casebook import pathway_view as pv
from casebook.clinical import (
    ACCESS_COMBINATIONS,
    ACCESS_KEYS,
    CASE_PATHWAY_INPUTS,
    CPS_BANDS,
    GBRCA_VALUES,
    HER2_VALUES,
    INTERVAL_VALUES,
    PRIOR_LINE_VALUES,
    marrow_failure_modifier,
    route_treatment,
)
from tests import site_support as site

HTML_DIR = Path(os.environ.get("CASEBOOK_SITE_DIR") or site.HTML_DIR)
PAGE = "book/therapy.html"
FORM = "#therapy-pathway"

site.require_built(PAGE, HTML_DIR)

# The controls' option ids, written out here (not read from the module), by the value
# route_treatment takes. A checkbox per drug: ticked means not available.
CPS_IDS = {"not tested": "not-tested", "<1": "lt1", "1 to <10": "1-to-lt10", "≥10": "ge10"}
INTERVAL_IDS = {True: "ge6", False: "lt6", None: "de-novo"}

FIRST_LINE = {**CASE_PATHWAY_INPUTS, "unavailable": ()}
SECOND_LINE = {
    **CASE_PATHWAY_INPUTS,
    "prior_chemo_lines": 1,
    "unavailable": ("sacituzumab_govitecan",),
}


def controls_for(gbrca, band, her2, lines, interval, off) -> dict:
    """The form's control values: radio name -> value, checkbox name -> ticked."""
    return {
        "gbrca": gbrca,
        "cps": CPS_IDS[band.label],
        "her2": her2,
        "line": str(lines),
        "interval": INTERVAL_IDS[interval],
        **{f"unavailable-{key}": key in off for key in ACCESS_KEYS},
    }


def expected_for(inputs: dict, case_id: str = "") -> list:
    """[route, [[branch, status, reason, to_order], ...], case banner id] as Python has it."""
    r = route_treatment(**inputs)
    return [
        " ".join(r.route),
        [[b.key, b.status, b.reason, b.to_order] for b in r.branches],
        case_id,
    ]


def all_cases() -> tuple[list[dict], list[list]]:
    """Every combination's control values and Python's answer. The case's two entries
    are answered for the case's own inputs (her CPS, not the band's lowest value)."""
    controls, answers = [], []
    case_keys = {
        (g, b, h, n, d, off): case_id
        for case_id, i in (("first-line", FIRST_LINE), ("second-line", SECOND_LINE))
        for g, b, h, n, d, off in [
            (
                i["gbrca"],
                next(b for b in reversed(CPS_BANDS) if i["pdl1_cps"] >= b.value),
                i["her2"],
                i["prior_chemo_lines"],
                i["disease_free_interval_ge_6_months"],
                i["unavailable"],
            )
        ]
    }
    own = {"first-line": FIRST_LINE, "second-line": SECOND_LINE}
    for g, band, h, n, d, off in product(
        GBRCA_VALUES,
        CPS_BANDS,
        HER2_VALUES,
        PRIOR_LINE_VALUES,
        INTERVAL_VALUES,
        ACCESS_COMBINATIONS,
    ):
        controls.append(controls_for(g, band, h, n, d, off))
        case_id = case_keys.get((g, band, h, n, d, off), "")
        inputs = own.get(case_id) or {
            "gbrca": g,
            "pdl1_cps": band.value,
            "her2": h,
            "prior_chemo_lines": n,
            "disease_free_interval_ge_6_months": d,
            "unavailable": off,
        }
        answers.append(expected_for(inputs, case_id))
    assert sum(1 for a in answers if a[2]) == 2
    return controls, answers


# Sets each combination's controls, fires one bubbling `change`, reads back what the
# script wrote: route, each branch's status/reason/order, and the case banner.
DRIVE_ALL = """([form, combos]) => {
  const f = document.querySelector(form);
  const inputs = Array.from(f.querySelectorAll('input'));
  const byName = {};
  inputs.forEach(i => { (byName[i.name] = byName[i.name] || []).push(i); });
  const results = f.querySelector('.cb-pathway-results');
  const banner = results.querySelector('.cb-pathway-case-banner');
  const out = [];
  for (const combo of combos) {
    let last = null;
    for (const [name, value] of Object.entries(combo)) {
      for (const input of byName[name]) {
        input.checked = input.type === 'checkbox' ? value : input.value === value;
        last = input;
      }
    }
    last.dispatchEvent(new Event('change', {bubbles: true}));
    out.push([
      results.querySelector('.cb-pathway-route').dataset.route,
      Array.from(results.querySelectorAll('li.cb-branch')).map(li => [
        li.dataset.branch, li.dataset.status,
        li.querySelector('.cb-branch-reason-text').textContent,
        li.querySelector('.cb-branch-order').hidden ? ''
          : li.querySelector('.cb-branch-order-text').textContent,
      ]),
      banner.hidden ? '' : banner.dataset.case,
    ]);
  }
  return out;
}"""


def read_state(page) -> list:
    """What the form shows now, in the shape of :func:`expected_for`."""
    return page.evaluate(
        """(form) => {
      const results = document.querySelector(form + ' .cb-pathway-results');
      const banner = results.querySelector('.cb-pathway-case-banner');
      return [
        results.querySelector('.cb-pathway-route').dataset.route,
        Array.from(results.querySelectorAll('li.cb-branch')).map(li => [
          li.dataset.branch, li.dataset.status,
          li.querySelector('.cb-branch-reason-text').textContent,
          li.querySelector('.cb-branch-order').hidden ? ''
            : li.querySelector('.cb-branch-order-text').textContent,
        ]),
        banner.hidden ? '' : banner.dataset.case,
      ];
    }""",
        FORM,
    )


def open_pathway(page, base_url):
    log = site.watch(page)
    page.goto(f"{base_url}/{PAGE}", wait_until="load")
    page.wait_for_selector(f"{FORM}[data-cb-ready]")
    return log


def mismatches(page) -> list[str]:
    """Every combination whose displayed answer differs from Python's (first 5)."""
    controls, answers = all_cases()
    shown = page.evaluate(DRIVE_ALL, [FORM, controls])
    assert len(shown) == len(answers) == 6912
    bad = [
        f"{c}: page {s!r} != python {a!r}"
        for c, s, a in zip(controls, shown, answers, strict=True)
        if s != a
    ]
    return bad[:5] + ([f"... {len(bad)} in all"] if len(bad) > 5 else [])


# ------------------------------------------------------------------------------ tests


def test_page_works_offline(page, base_url):
    """No request leaves localhost, no console error, no ipywidgets; the form is wired."""
    problems = site.static_page_problems(page, f"{base_url}/{PAGE}")
    assert problems == []
    page.wait_for_selector(f"{FORM}[data-cb-ready]")
    for name in ("The case at first line", "The case at second line", "Reset"):
        assert page.get_by_role("button", name=name).is_visible(), name
    assert page.locator(f"{FORM} [aria-live='polite'] li.cb-branch").count() == 6


def test_every_combination_shows_what_python_routes(page, base_url):
    log = open_pathway(page, base_url)
    assert mismatches(page) == []
    assert log.problems() == []


def test_the_default_is_shown_before_and_after_the_script(page, base_url):
    open_pathway(page, base_url)
    default = pv.DEFAULT_INPUTS
    assert read_state(page) == expected_for(default)


def test_the_case_buttons_reset_and_banner(page, base_url):
    log = open_pathway(page, base_url)
    banner = page.locator(f"{FORM} .cb-pathway-case-banner")
    modifier = page.locator(f"{FORM} .cb-pathway-modifier")
    assert not banner.is_visible()
    page.get_by_role("button", name="The case at first line").click()
    assert read_state(page) == expected_for(FIRST_LINE, "first-line")
    assert banner.is_visible() and "weekly paclitaxel" in banner.inner_text()
    assert (
        "CPS 3 is below 10"
        in page.locator(f"{FORM} li[data-branch='pembrolizumab_chemotherapy']").inner_text()
    )
    assert modifier.is_visible()  # her marrow was failing at first line
    # One input away from her path: no banner.
    page.check(f"{FORM} input[name='her2'][value='0']")
    assert not banner.is_visible()
    page.get_by_role("button", name="The case at second line").click()
    assert read_state(page) == expected_for(SECOND_LINE, "second-line")
    assert "eribulin" in banner.inner_text() and "not covered" in banner.inner_text()
    saci = page.locator(f"{FORM} li[data-branch='sacituzumab_govitecan']")
    assert "not available to this patient" in saci.inner_text()
    assert page.is_checked(f"{FORM} input[name='unavailable-sacituzumab_govitecan']")
    # Sacituzumab govitecan covered after all: not her path.
    page.uncheck(f"{FORM} input[name='unavailable-sacituzumab_govitecan']")
    assert not banner.is_visible()
    page.get_by_role("button", name="Reset").click()
    assert read_state(page) == expected_for(pv.DEFAULT_INPUTS)
    assert not banner.is_visible() and not modifier.is_visible()
    assert log.problems() == []


def test_marrow_failure_shows_reasoning_and_changes_no_branch(page, base_url):
    open_pathway(page, base_url)
    page.get_by_role("button", name="The case at first line").click()
    before = read_state(page)
    box = page.get_by_label("Marrow failure / visceral crisis")
    modifier = page.locator(f"{FORM} .cb-pathway-modifier")
    box.uncheck()
    assert not modifier.is_visible()
    assert read_state(page) == before
    box.focus()
    page.keyboard.press("Space")
    assert modifier.is_visible()
    text = modifier.inner_text()
    assert marrow_failure_modifier().label in text and "not trial evidence" in text
    assert read_state(page) == before


def test_keyboard_alone_reaches_the_case(page, base_url):
    """Tab between the groups, arrow keys within them, Space and Enter on the rest."""
    log = open_pathway(page, base_url)
    page.locator(f"{FORM} input[name='gbrca']:checked").focus()
    page.keyboard.press("ArrowUp")  # unknown -> negative
    assert page.is_checked(f"{FORM} input[name='gbrca'][value='negative']")
    state = expected_for({**pv.DEFAULT_INPUTS, "gbrca": "negative"})
    assert read_state(page) == state
    page.keyboard.press("Tab")  # to the CPS group
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # not tested -> <1 -> 1 to <10
    assert page.is_checked(f"{FORM} input[name='cps'][value='1-to-lt10']")
    page.keyboard.press("Tab")  # HER2 stays "not known"
    page.keyboard.press("Tab")  # line stays first
    page.keyboard.press("Tab")  # interval
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # >= 6 months -> < 6 months -> de novo
    # Her first-line inputs, reached from the keyboard: the banner says so.
    assert read_state(page) == expected_for(FIRST_LINE, "first-line")
    page.keyboard.press("Tab")  # the PARP-inhibitor access box
    page.keyboard.press("Space")
    # Off her path, the CPS band is shown at its lowest value.
    band_low = {**FIRST_LINE, "pdl1_cps": 1}
    assert read_state(page) == expected_for({**band_low, "unavailable": ("parp_inhibitor",)})
    page.keyboard.press("Shift+Tab")  # back to the interval group
    page.keyboard.press("ArrowUp")  # de novo -> < 6 months
    assert read_state(page) == expected_for(
        {
            **band_low,
            "disease_free_interval_ge_6_months": False,
            "unavailable": ("parp_inhibitor",),
        }
    )
    page.get_by_role("button", name="The case at second line").focus()
    page.keyboard.press("Enter")
    assert read_state(page) == expected_for(SECOND_LINE, "second-line")
    page.keyboard.press("Tab")  # to Reset
    page.keyboard.press("Space")
    assert read_state(page) == expected_for(pv.DEFAULT_INPUTS)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")  # The case at first line
    page.keyboard.press("Enter")
    assert read_state(page) == expected_for(FIRST_LINE, "first-line")
    assert log.problems() == []


def test_status_is_written_in_words(page, base_url):
    open_pathway(page, base_url)
    for li in page.locator(f"{FORM} li.cb-branch").all():
        status = li.get_attribute("data-status")
        assert li.locator(".cb-branch-status").inner_text() == pv.STATUS_WORDS[status]


def test_no_sideways_scroll_on_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_pathway(page, base_url)
        page.get_by_role("button", name="The case at second line").click()
        page.get_by_label("Marrow failure / visceral crisis").check()
        widths = page.evaluate(
            """(form) => {
          const f = document.querySelector(form);
          return [document.documentElement.scrollWidth, f.scrollWidth,
                  Math.ceil(f.getBoundingClientRect().right)];
        }""",
            FORM,
        )
        assert widths[0] <= 390 and widths[1] <= 390 and widths[2] <= 390, widths
    finally:
        context.close()


def test_a_broken_script_is_caught(page, tmp_path):
    """Swap two statuses in a copy of cb-pathway.js: the comparison must notice."""
    broken = tmp_path / "html"
    shutil.copytree(HTML_DIR, broken, ignore=shutil.ignore_patterns("_sources", "reports"))
    script = broken / "_static" / "cb-pathway.js"
    text = script.read_text(encoding="utf-8")
    swap = 'const status = {"met": "not met", "not met": "met"}[outcome[0]] || outcome[0];'
    new, n = re.subn(
        r'setAttr\(item, "data-status", outcome\[0\]\);',
        swap + ' setAttr(item, "data-status", status);',
        text,
    )
    assert n == 1, "the break did not apply"
    script.write_text(new, encoding="utf-8")
    with site.serve(broken) as url:
        open_pathway(page, url)
        found = mismatches(page)
    assert found and "... " in found[-1], found
