/* Two fixes for assistive technology, no network, no libraries.
 *
 * (The scrollable table boxes are focusable, named regions in the HTML itself:
 * casebook/tables.py and casebook.charts.style write tabindex, role and aria-label.)
 *
 * 1. Vega-Embed's actions menu named (its <summary> holds only an icon).
 *
 * 2. Empty Vega mark containers hidden. Vega's SVG renderer gives a mark container
 * whose items have no description role="graphics-symbol" and no name; a layer a
 * control has filtered to nothing (the WHO layer while RECIST is shown) is such an
 * empty, nameless graphic (axe's svg-img-alt). An empty container shows nothing, so
 * it is hidden from the accessibility tree, on every redraw. Decorative marks are
 * hidden in the chart specs themselves (aria: false). */
(function () {
  "use strict";

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
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
