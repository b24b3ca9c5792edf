/* Two fixes for assistive technology, no network, no libraries.
 *
 * 1. Scrollable table boxes reachable from the keyboard (WCAG 2.1.1; axe's
 * scrollable-region-focusable). casebook/tables.py wraps wide tables in a
 * <div class="cb-table-scroll"> (overflow-x: auto) so a phone scrolls the table, not
 * the page; a keyboard user can scroll it only if it takes focus. Each box without a
 * tabindex gets tabindex="0", role="region" and a name: its bold caption, else the
 * nearest heading above it. The chart data tables (casebook.charts.style) already
 * carry all three.
 *
 * 2. Vega-Embed's actions menu named (its <summary> holds only an icon).
 *
 * 3. Empty Vega mark containers hidden. Vega's SVG renderer gives a mark container
 * whose items have no description role="graphics-symbol" and no name; a layer a
 * control has filtered to nothing (the WHO layer while RECIST is shown) is such an
 * empty, nameless graphic (axe's svg-img-alt). An empty container shows nothing, so
 * it is hidden from the accessibility tree, on every redraw. Decorative marks are
 * hidden in the chart specs themselves (aria: false). */
(function () {
  "use strict";

  function nameFor(box) {
    var caption = box.querySelector(":scope > p > strong");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    var headings = document.querySelectorAll("main h1, main h2, main h3, main h4, article h1, article h2, article h3, article h4");
    var name = "";
    Array.prototype.forEach.call(headings, function (h) {
      if (h.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING) {
        name = h.textContent.replace(/#$/, "").trim();
      }
    });
    return (name ? name + ": " : "") + "table";
  }

  var EMPTY_MARKS = "g.role-mark[role='graphics-symbol']:not([aria-label]):not([aria-hidden])";

  // Vega-Embed's actions menu is a <summary> holding only an icon: no accessible name.
  function nameActionMenus(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".vega-embed details > summary:not([aria-label])"), function (s) {
      s.setAttribute("aria-label", "Chart actions: save the chart as an image");
    });
  }

  function hideEmptyMarks(root) {
    nameActionMenus(root);
    Array.prototype.forEach.call(root.querySelectorAll(EMPTY_MARKS), function (g) {
      if (!g.querySelector("[aria-label]")) {
        g.setAttribute("aria-hidden", "true");
        g.setAttribute("data-cb-hidden", "");
      }
    });
    // A layer drawn again (the control changed back) is shown to assistive technology.
    Array.prototype.forEach.call(root.querySelectorAll("g[data-cb-hidden]"), function (g) {
      if (g.querySelector("[aria-label]")) {
        g.removeAttribute("aria-hidden");
        g.removeAttribute("data-cb-hidden");
      }
    });
  }

  function watchCharts() {
    var pending = false;
    var observer = new MutationObserver(function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        hideEmptyMarks(document);
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".vega-embed, [id^='altair-viz']"), function (el) {
      observer.observe(el, { childList: true, subtree: true });
    });
    hideEmptyMarks(document);
  }

  function init() {
    watchCharts();
    Array.prototype.forEach.call(document.querySelectorAll(".cb-table-scroll:not([tabindex])"), function (box) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", nameFor(box));
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
