/* Interactive differential diagnosis of thrombocytopenia (see casebook/differential.py).
 *
 * Finds every <form class="cb-differential"> on the page, reads the rules from the
 * <script type="application/json" class="cb-differential-data"> inside it, and on each
 * radio change (and the "Use the case's findings" / "Reset" buttons) re-runs the same
 * evaluation as the Python function casebook.differential.evaluate, writing the same
 * markup as casebook.differential.render_results into .cb-differential-results.
 * Native radios and buttons, so the keyboard works as usual. No libraries, no network.
 * Under Node (for the test suite) it only exports the pure functions. */
(function () {
  "use strict";

  // Same mapping as Python's html.escape(s, quote=True).
  // How a reason names its source: a BibTeX key, or honestly none ("general").
  function sourceText(text, citation) {
    return citation === "general" ? text.general_source : text.source.replace("{key}", citation);
  }

  function escapeHtml(value) {
    return String(value)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#x27;");
  }

  function formatScore(score) {
    if (score > 0) return "+" + score;
    if (score < 0) return "\u2212" + -score;
    return "0";
  }

  function findById(list, id) {
    for (let i = 0; i < list.length; i++) if (list[i].id === id) return list[i];
    return null;
  }

  // Mirror of casebook.differential.evaluate. `selected` maps finding id -> option id;
  // missing findings are unknown. Unknown ids throw an Error.
  function evaluate(data, selected) {
    const chosen = {};
    Object.keys(selected || {}).forEach(function (findingId) {
      const finding = findById(data.findings, findingId);
      if (!finding) throw new Error("There is no finding called '" + findingId + "'.");
      const optionId = selected[findingId];
      if (!findById(finding.options, optionId)) {
        throw new Error("The finding '" + findingId + "' has no option '" + optionId + "'.");
      }
      chosen[findingId] = optionId;
    });
    const byCause = {};
    data.causes.forEach(function (cause, index) {
      byCause[cause.id] = { cause_id: cause.id, label: cause.label, excluded: false, score: 0, reasons: [], index: index };
    });
    data.rules.forEach(function (rule) {
      const choice = Object.prototype.hasOwnProperty.call(chosen, rule.finding) ? chosen[rule.finding] : data.unknown;
      if (choice !== rule.option) return;
      const finding = findById(data.findings, rule.finding);
      const entry = byCause[rule.cause];
      if (rule.effect === "supports") entry.score += 1;
      else if (rule.effect === "against") entry.score -= 1;
      else entry.excluded = true;
      entry.reasons.push({
        finding_label: finding.label,
        option_label: findById(finding.options, rule.option).label,
        effect: rule.effect,
        reason: rule.reason,
        citation: rule.citation,
      });
    });
    const results = data.causes.map(function (cause) {
      const e = byCause[cause.id];
      return { cause_id: e.cause_id, label: e.label, status: e.excluded ? "excluded" : "plausible", score: e.score, reasons: e.reasons, index: e.index };
    });
    results.sort(function (a, b) {
      const sa = a.status === "plausible" ? 0 : 1;
      const sb = b.status === "plausible" ? 0 : 1;
      if (sa !== sb) return sa - sb;
      if (a.score !== b.score) return b.score - a.score;
      return a.index - b.index;
    });
    return results.map(function (r) {
      return { cause_id: r.cause_id, label: r.label, status: r.status, score: r.score, reasons: r.reasons };
    });
  }

  // Mirror of casebook.differential.render_results: returns the same HTML string.
  function renderResults(data, results) {
    const text = data.text;
    const plausible = results.filter(function (r) { return r.status === "plausible"; }).length;
    let summary = text.summary.split("{plausible}").join(String(plausible)).split("{total}").join(String(results.length));
    if (plausible) {
      const first = results[0];
      const score = text.score + " " + formatScore(first.score);
      const tied = results.filter(function (r) { return r.status === "plausible" && r.score === first.score; }).length;
      if (tied > 1) {
        summary += " " + text.tied.split("{count}").join(String(tied)).split("{score}").join(score);
      } else {
        summary += " " + text.leading.split("{label}").join(first.label).split("{score}").join(score);
      }
    } else if (results.length) {
      summary += " " + text.none_plausible;
    }
    const parts = ['<p class="cb-differential-summary">' + escapeHtml(summary) + "</p>", '<ol class="cb-causes">'];
    results.forEach(function (r) {
      const cause = findById(data.causes, r.cause_id);
      parts.push(
        '<li class="cb-cause" data-cause="' + escapeHtml(r.cause_id) + '" data-status="' + escapeHtml(r.status) + '" ' +
        'data-score="' + r.score + '">' +
        '<span class="cb-cause-label">' + escapeHtml(r.label) + "</span> " +
        '<span class="cb-cause-status">' + escapeHtml(text.status[r.status]) + "</span> " +
        '<span class="cb-cause-score">(' + escapeHtml(text.score) + " " + formatScore(r.score) + ")</span>" +
        '<p class="cb-cause-next"><strong>' + escapeHtml(text.next_step) + "</strong> " + escapeHtml(cause.next_step) + "</p>" +
        '<ul class="cb-reasons">'
      );
      if (!r.reasons.length) parts.push('<li class="cb-reason cb-reason-none">' + escapeHtml(text.no_reasons) + "</li>");
      r.reasons.forEach(function (reason) {
        parts.push(
          '<li class="cb-reason" data-effect="' + escapeHtml(reason.effect) + '">' +
          '<span class="cb-reason-finding">' + escapeHtml(reason.finding_label) + ": " + escapeHtml(reason.option_label) + "</span> " +
          '<span class="cb-effect">' + escapeHtml(text.effect[reason.effect]) + "</span>. " +
          escapeHtml(reason.reason) + " " +
          '<span class="cb-cite" data-key="' + escapeHtml(reason.citation) + '">' + escapeHtml(sourceText(text, reason.citation)) + "</span>" +
          "</li>"
        );
      });
      parts.push("</ul></li>");
    });
    parts.push("</ol>");
    return parts.join("");
  }

  // ------------------------------------------------------------------ browser wiring

  function radiosFor(form, findingId) {
    return Array.prototype.filter.call(form.querySelectorAll('input[type="radio"]'), function (input) {
      return input.name === findingId;
    });
  }

  function readSelection(form, data) {
    const selected = {};
    data.findings.forEach(function (finding) {
      const checked = radiosFor(form, finding.id).filter(function (input) { return input.checked; })[0];
      selected[finding.id] = checked ? checked.value : data.unknown;
    });
    return selected;
  }

  function applySelection(form, data, selected) {
    data.findings.forEach(function (finding) {
      const wanted = Object.prototype.hasOwnProperty.call(selected, finding.id) ? selected[finding.id] : data.unknown;
      radiosFor(form, finding.id).forEach(function (input) { input.checked = input.value === wanted; });
    });
  }

  function setUp(form) {
    if (form.dataset.cbReady) return;
    const source = form.querySelector("script.cb-differential-data");
    const output = form.querySelector(".cb-differential-results");
    if (!source || !output) return;
    let data;
    try {
      data = JSON.parse(source.textContent);
    } catch (err) {
      return; // leave the pre-rendered results in place
    }
    form.dataset.cbReady = "1";

    function update() {
      output.innerHTML = renderResults(data, evaluate(data, readSelection(form, data)));
    }

    form.addEventListener("change", function (event) {
      if (event.target && event.target.type === "radio") update();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    const caseButton = form.querySelector("button.cb-differential-case");
    const resetButton = form.querySelector("button.cb-differential-reset");
    if (caseButton) {
      caseButton.hidden = false;
      caseButton.addEventListener("click", function () { applySelection(form, data, data.case_findings); update(); });
    }
    if (resetButton) {
      resetButton.hidden = false;
      resetButton.addEventListener("click", function () { applySelection(form, data, {}); update(); });
    }
    // The browser may restore radio states on back/forward navigation: match them.
    update();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form.cb-differential"), setUp);
  }

  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { evaluate: evaluate, renderResults: renderResults, escapeHtml: escapeHtml, formatScore: formatScore };
  }
})();
