// Assembly's only script. Everything works without it; it adds:
// - keyboard shortcuts on the vote card: a = agree, d = disagree, p = pass;
// - a live character counter under the statement box, saying when the text is too long (never cutting it);
// - submitting the language switcher on change;
// - moving focus to the new vote card after htmx swaps it in.
// No inline scripts anywhere, so the Content-Security-Policy can forbid them.
(function () {
  "use strict";

  var VOTE_KEYS = { a: "agree", d: "disagree", p: "pass" };

  function isTyping(target) {
    if (!target) return false;
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || isTyping(event.target)) return;
    var choice = VOTE_KEYS[(event.key || "").toLowerCase()];
    if (!choice) return;
    var button = document.querySelector('[data-vote="' + choice + '"]');
    if (!button || button.disabled) return;
    event.preventDefault();
    // A held key repeats: it must not vote on the statements that follow. A key pressed while the
    // vote before it is still being sent must not vote twice on the same statement.
    if (event.repeat || button.closest(".htmx-request")) return;
    button.click();
  });

  function updateCounter(box) {
    var output = document.getElementById(box.getAttribute("data-counter"));
    if (!output) return;
    // No maxlength on the box: a browser would cut pasted text silently, mid-word. Count characters
    // as the server does (code points, not UTF-16 units) and say how many are too many instead.
    var limit = parseInt(box.getAttribute("data-limit"), 10);
    var left = limit - Array.from(box.value).length;
    var over = left < 0;
    var template = output.getAttribute(over ? "data-over-template" : "data-template");
    output.textContent = template.replace("{n}", String(over ? -left : left));
    output.classList.toggle("counter-low", left >= 0 && left < 15);
    output.classList.toggle("counter-over", over);
    if (over) box.setAttribute("aria-invalid", "true");
    else if (!box.hasAttribute("data-server-invalid")) box.removeAttribute("aria-invalid");
  }

  function initCounters(root) {
    root.querySelectorAll("textarea[data-counter]").forEach(function (box) {
      updateCounter(box);
      box.addEventListener("input", function () { updateCounter(box); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initCounters(document);
  });

  // The vote card is swapped whole (outerHTML): the event's target is the old, detached card, and the
  // button that had focus is gone with it. Focus the new card, so keyboard users go on from it (Tab
  // reaches Agree) and screen readers read its name and statement.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "vote-card") return;
    var card = document.getElementById("vote-card");
    if (card && card.hasAttribute("data-focus-after-swap")) card.focus();
  });
})();
