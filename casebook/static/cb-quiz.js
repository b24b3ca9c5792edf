/* Kernel-free quizzes for the case book (see casebook/sphinxext.py).
 * Each .cb-quiz holds the question and .cb-quiz-option blocks; an option has a
 * .cb-quiz-label (the answer) and a .cb-quiz-feedback (its explanation). This turns
 * every label into a real <button> (keyboard and screen-reader friendly) and
 * reveals the chosen option's explanation with a written verdict, so the result
 * never depends on colour alone. No network, no libraries. */
(function () {
  "use strict";

  function setUp(quiz) {
    if (quiz.dataset.cbReady) return;
    quiz.dataset.cbReady = "1";
    var options = Array.prototype.slice.call(quiz.querySelectorAll(".cb-quiz-option"));
    options.forEach(function (option, index) {
      var label = option.querySelector(".cb-quiz-label");
      var feedback = option.querySelector(".cb-quiz-feedback");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cb-quiz-choice";
      button.setAttribute("aria-pressed", "false");
      var letter = document.createElement("span");
      letter.className = "cb-quiz-letter";
      letter.textContent = String.fromCharCode(65 + index) + ". ";
      button.appendChild(letter);
      while (label.firstChild) button.appendChild(label.firstChild);
      label.appendChild(button);
      feedback.id = feedback.id || quiz.id + "-fb-" + index;
      feedback.hidden = true;
      feedback.setAttribute("role", "status");
      button.setAttribute("aria-controls", feedback.id);
      var verdict = document.createElement("strong");
      verdict.className = "cb-quiz-verdict";
      verdict.textContent = option.classList.contains("cb-quiz-correct") ? "Correct. " : "Not quite. ";
      feedback.insertBefore(verdict, feedback.firstChild);
      button.addEventListener("click", function () { choose(options, option); });
    });
  }

  function choose(options, chosen) {
    options.forEach(function (option) {
      var isChosen = option === chosen;
      var button = option.querySelector(".cb-quiz-choice");
      option.querySelector(".cb-quiz-feedback").hidden = !isChosen;
      button.setAttribute("aria-pressed", isChosen ? "true" : "false");
      option.classList.toggle("cb-quiz-chosen", isChosen);
      option.classList.toggle("cb-quiz-right", isChosen && option.classList.contains("cb-quiz-correct"));
      option.classList.toggle("cb-quiz-wrong", isChosen && !option.classList.contains("cb-quiz-correct"));
    });
  }

  function init() {
    document.documentElement.classList.add("cb-js");
    Array.prototype.forEach.call(document.querySelectorAll(".cb-quiz"), setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
