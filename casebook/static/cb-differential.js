/* Interactive differential diagnosis of thrombocytopenia (see casebook/differential.py).
 *
 * Finds every <form class="cb-differential"> on the page, reads the rules from the
 * <script type="application/json" class="cb-differential-data"> inside it, and on each
 * radio change (and the "Use the case's findings" / "Reset" buttons) re-runs the same
 * evaluation as the Python function casebook.differential.evaluate, writing the same
 * markup as casebook.differential.render_results into .cb-differential-results.
 * Generic: everything it knows about findings, causes, weights, prerequisites and
 * wording comes from the JSON. Native radios and buttons, so the keyboard works as
 * usual. No libraries, no network. Under Node (for the test suite) it only exports
 * the pure functions. */
(function () {
  "use strict";

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  // Same mapping as Python's html.escape(s, quote=True).
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

  // Replace every {name} in a template (like Python's str.replace, not a regex).
  function fill(template, values) {
    let out = template;
    Object.keys(values).forEach(function (name) {
      out = out.split("{" + name + "}").join(String(values[name]));
    });
    return out;
  }

  function findById(list, id) {
    for (let i = 0; i < list.length; i++) if (list[i].id === id) return list[i];
    return null;
  }

  function choiceOf(data, chosen, findingId) {
    return has(chosen, findingId) ? chosen[findingId] : data.unknown;
  }

  // Mirror of casebook.differential.Condition.holds, for a list of conditions.
  function allHold(data, chosen, conditions) {
    return conditions.every(function (condition) {
      return condition.options.indexOf(choiceOf(data, chosen, condition.finding)) !== -1;
    });
  }

  function checkSelection(data, selected) {
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
    return chosen;
  }

  function statusOf(data, reasons) {
    const effects = reasons.map(function (r) { return r.effect; });
    if (effects.indexOf("excludes") !== -1) return "excluded";
    if (effects.indexOf(data.open_prerequisite) !== -1) return "not_yet_callable";
    return "plausible";
  }

  // Mirror of casebook.differential.evaluate. `selected` maps finding id -> option id;
  // missing findings are unknown. Unknown ids throw an Error.
  function evaluate(data, selected) {
    const chosen = checkSelection(data, selected);
    const byCause = {};
    data.causes.forEach(function (cause, index) {
      byCause[cause.id] = { score: 0, reasons: [], index: index };
    });
    data.rules.forEach(function (rule) {
      if (choiceOf(data, chosen, rule.finding) !== rule.option) return;
      if (!allHold(data, chosen, rule.given)) return;
      const finding = findById(data.findings, rule.finding);
      const entry = byCause[rule.cause];
      entry.score += data.points[rule.effect];
      entry.reasons.push({
        finding_label: finding.label,
        option_label: findById(finding.options, rule.option).label,
        effect: rule.effect,
        reason: rule.reason,
        citation: rule.citation,
      });
    });
    data.prerequisites.forEach(function (prerequisite) {
      if (!allHold(data, chosen, prerequisite.open_when)) return;
      byCause[prerequisite.cause].reasons.push({
        finding_label: data.text.still_open,
        option_label: prerequisite.what,
        effect: data.open_prerequisite,
        reason: prerequisite.reason,
        citation: prerequisite.citation,
      });
    });
    const results = data.causes.map(function (cause) {
      const e = byCause[cause.id];
      return { cause_id: cause.id, label: cause.label, status: statusOf(data, e.reasons),
        score: e.score, reasons: e.reasons, index: e.index };
    });
    results.sort(function (a, b) {
      const sa = data.statuses.indexOf(a.status);
      const sb = data.statuses.indexOf(b.status);
      if (sa !== sb) return sa - sb;
      if (a.score !== b.score) return b.score - a.score;
      return a.index - b.index;
    });
    return results.map(function (r) {
      return { cause_id: r.cause_id, label: r.label, status: r.status, score: r.score,
        reasons: r.reasons };
    });
  }

  // Mirror of casebook.differential._top: the best score among causes not excluded,
  // and the causes that have it.
  function top(results) {
    const contenders = results.filter(function (r) { return r.status !== "excluded"; });
    if (!contenders.length) return { best: 0, holders: [] };
    const best = Math.max.apply(null, contenders.map(function (r) { return r.score; }));
    return { best: best, holders: contenders.filter(function (r) { return r.score === best; }) };
  }

  function summaryText(data, results) {
    const text = data.text;
    function count(status) {
      return results.filter(function (r) { return r.status === status; }).length;
    }
    const summary = fill(text.summary, { plausible: count("plausible"), total: results.length,
      not_yet: count("not_yet_callable"), excluded: count("excluded") });
    const t = top(results);
    const score = text.score + " " + formatScore(t.best);
    if (!t.holders.length) return summary + " " + text.none_plausible;
    if (t.holders.length > 1) {
      return summary + " " + fill(text.tied, { count: t.holders.length, score: score });
    }
    const key = t.holders[0].status === "plausible" ? "leading" : "blocked";
    return summary + " " + fill(text[key], { label: t.holders[0].label, score: score });
  }

  // How a reason names its source: a BibTeX key, or honestly none ("general").
  function sourceText(text, citation) {
    return citation === "general" ? text.general_source : text.source.replace("{key}", citation);
  }

  function effectWords(data, effect) {
    const points = has(data.points, effect) ? data.points[effect] : 0;
    const words = data.text.effect[effect];
    return points ? words + " (" + formatScore(points) + ")" : words;
  }

  function renderReason(data, reason) {
    return '<li class="cb-reason" data-effect="' + escapeHtml(reason.effect) + '">' +
      '<span class="cb-reason-finding">' + escapeHtml(reason.finding_label) + ": " +
      escapeHtml(reason.option_label) + "</span> " +
      '<span class="cb-effect">' + escapeHtml(effectWords(data, reason.effect)) + "</span>. " +
      escapeHtml(reason.reason) + " " +
      '<span class="cb-cite" data-key="' + escapeHtml(reason.citation) + '">' +
      escapeHtml(sourceText(data.text, reason.citation)) + "</span></li>";
  }

  function renderCause(data, r) {
    const text = data.text;
    const cause = findById(data.causes, r.cause_id);
    const parts = [
      '<li class="cb-cause" data-cause="' + escapeHtml(r.cause_id) + '" data-status="' +
        escapeHtml(r.status) + '" data-score="' + r.score + '">' +
        '<span class="cb-cause-label">' + escapeHtml(r.label) + "</span> " +
        '<span class="cb-cause-status">' + escapeHtml(text.status[r.status]) + "</span> " +
        '<span class="cb-cause-score">(' + escapeHtml(text.score) + " " +
        formatScore(r.score) + ")</span>" +
        '<p class="cb-cause-next"><strong>' + escapeHtml(text.next_step) + "</strong> " +
        escapeHtml(cause.next_step) + "</p>" +
        '<ul class="cb-reasons">',
    ];
    if (!r.reasons.length) {
      parts.push('<li class="cb-reason cb-reason-none">' + escapeHtml(text.no_reasons) + "</li>");
    }
    r.reasons.forEach(function (reason) { parts.push(renderReason(data, reason)); });
    parts.push("</ul></li>");
    return parts.join("");
  }

  // Mirror of casebook.differential.render_results: returns the same HTML string.
  function renderResults(data, results) {
    const parts = [
      '<p class="cb-differential-summary">' + escapeHtml(summaryText(data, results)) + "</p>",
      '<ol class="cb-causes">',
    ];
    results.forEach(function (r) { parts.push(renderCause(data, r)); });
    parts.push("</ol>");
    return parts.join("");
  }

  // ------------------------------------------------------------------ browser wiring

  function radiosFor(form, findingId) {
    const radios = form.querySelectorAll('input[type="radio"]');
    return Array.prototype.filter.call(radios, function (input) {
      return input.name === findingId;
    });
  }

  function readSelection(form, data) {
    const selected = {};
    data.findings.forEach(function (finding) {
      const checked = radiosFor(form, finding.id).filter(function (input) {
        return input.checked;
      })[0];
      selected[finding.id] = checked ? checked.value : data.unknown;
    });
    return selected;
  }

  function applySelection(form, data, selected) {
    data.findings.forEach(function (finding) {
      const wanted = choiceOf(data, selected, finding.id);
      radiosFor(form, finding.id).forEach(function (input) {
        input.checked = input.value === wanted;
      });
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
      caseButton.addEventListener("click", function () {
        applySelection(form, data, data.case_findings);
        update();
      });
    }
    if (resetButton) {
      resetButton.hidden = false;
      resetButton.addEventListener("click", function () {
        applySelection(form, data, {});
        update();
      });
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
    module.exports = {
      evaluate: evaluate,
      renderResults: renderResults,
      escapeHtml: escapeHtml,
      formatScore: formatScore,
    };
  }
})();
