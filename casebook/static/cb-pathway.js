/* The therapy chapter's decision pathway (see casebook/pathway_view.py).
 *
 * Finds every <form class="cb-pathway"> on the page and reads the table from the
 * <script type="application/json" class="cb-pathway-data"> inside it. It holds NO
 * clinical logic: every answer was computed in Python (casebook.clinical.pathway)
 * when the page was built. On each change it reads the controls as a mixed-radix
 * number (data.controls, in the order Python wrote them: a radio group's digit is the
 * position of its checked value, a checkbox's is 1 when ticked), looks the entry up
 * (data.entries: `width` base-36 digits per entry, naming a row; a case entry in
 * data.cases names its own row) and writes that row's precomputed words into the
 * page. Native radios, checkboxes and buttons, so the keyboard works as usual. No
 * libraries, no network. */
(function () {
  "use strict";

  function inputsNamed(form, name) {
    return Array.prototype.filter.call(form.querySelectorAll("input"), function (input) {
      return input.name === name;
    });
  }

  function setUp(form) {
    if (form.dataset.cbReady) return;
    const source = form.querySelector("script.cb-pathway-data");
    const results = form.querySelector(".cb-pathway-results");
    if (!source || !results) return;
    let data;
    try {
      data = JSON.parse(source.textContent);
    } catch (err) {
      return; // leave the pre-rendered results in place
    }
    form.dataset.cbReady = "1";

    const banner = results.querySelector(".cb-pathway-case-banner");
    const route = results.querySelector(".cb-pathway-route");
    const routeText = results.querySelector(".cb-pathway-route-text");
    const orders = results.querySelector(".cb-pathway-orders");
    const orderList = orders.querySelector("ul");
    const modifier = results.querySelector(".cb-pathway-modifier");
    const modifierBox = inputsNamed(form, "marrow-failure")[0];
    const items = data.branches.map(function (key) {
      return results.querySelector('li.cb-branch[data-branch="' + key + '"]');
    });

    // The table index of the current control values, or -1 if a group has none checked.
    function currentIndex() {
      let index = 0;
      for (let i = 0; i < data.controls.length; i++) {
        const control = data.controls[i];
        const inputs = inputsNamed(form, control.name);
        let digit = -1;
        if (control.kind === "checkbox") {
          digit = inputs[0] && inputs[0].checked ? 1 : 0;
        } else {
          inputs.forEach(function (input) {
            if (input.checked) digit = control.values.indexOf(input.value);
          });
        }
        if (digit < 0) return -1;
        index = index * control.values.length + digit;
      }
      return index;
    }

    // Check the controls that spell table index `index`.
    function applyIndex(index) {
      for (let i = data.controls.length - 1; i >= 0; i--) {
        const control = data.controls[i];
        const size = control.values.length;
        const digit = index % size;
        index = (index - digit) / size;
        inputsNamed(form, control.name).forEach(function (input) {
          input.checked = control.kind === "checkbox" ? digit === 1
            : input.value === control.values[digit];
        });
      }
    }

    function caseAt(index) {
      for (let i = 0; i < data.cases.length; i++) {
        if (data.cases[i].index === index) return data.cases[i];
      }
      return null;
    }

    function setText(element, text) {
      if (element.textContent !== text) element.textContent = text;
    }

    function setAttr(element, name, value) {
      if (element.getAttribute(name) !== value) element.setAttribute(name, value);
    }

    function write(index) {
      const theCase = caseAt(index);
      const w = data.width;
      const row = data.rows[theCase ? theCase.row
        : parseInt(data.entries.slice(index * w, index * w + w), 36)];
      const summary = data.summaries[row[0]];
      setAttr(results, "data-index", String(index));
      banner.hidden = !theCase;
      setAttr(banner, "data-case", theCase ? theCase.id : "");
      setText(banner, theCase ? theCase.banner : "");
      setAttr(route, "data-route", summary[0]);
      setText(routeText, summary[1]);
      const wanted = summary[2].join("\n");
      if (orders.dataset.orders !== wanted) {
        orders.dataset.orders = wanted;
        orderList.textContent = "";
        summary[2].forEach(function (text) {
          const li = document.createElement("li");
          li.textContent = text;
          orderList.appendChild(li);
        });
      }
      orders.hidden = summary[2].length === 0;
      items.forEach(function (item, k) {
        const outcome = data.outcomes[row[k + 1]];
        setAttr(item, "data-status", outcome[0]);
        setText(item.querySelector(".cb-branch-status"), data.status_words[outcome[0]]);
        setText(item.querySelector(".cb-branch-reason-text"), outcome[1]);
        setText(item.querySelector(".cb-branch-order-text"), outcome[2]);
        item.querySelector(".cb-branch-order").hidden = !outcome[2];
      });
    }

    function showModifier() {
      if (modifier && modifierBox) modifier.hidden = !modifierBox.checked;
    }

    function update() {
      let index = currentIndex();
      if (index < 0) {
        index = data.default;
        applyIndex(index);
      }
      write(index);
      showModifier();
    }

    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    Array.prototype.forEach.call(form.querySelectorAll("button.cb-pathway-case"), function (b) {
      const theCase = data.cases.filter(function (c) { return c.id === b.dataset.case; })[0];
      if (!theCase) return;
      b.hidden = false;
      b.addEventListener("click", function () {
        applyIndex(theCase.index);
        if (modifierBox) modifierBox.checked = theCase.marrow_failure;
        update();
      });
    });
    const reset = form.querySelector("button.cb-pathway-reset");
    if (reset) {
      reset.hidden = false;
      reset.addEventListener("click", function () {
        applyIndex(data.default);
        if (modifierBox) modifierBox.checked = false;
        update();
      });
    }
    // The browser may restore control states on back/forward navigation: match them.
    update();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form.cb-pathway"), setUp);
  }

  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
  }
})();
