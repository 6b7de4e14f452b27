/* Where do I stand: on a phone the opinion map keeps its drawn size (legible labels) and scrolls sideways
   inside its box, so the participant's own ring could start out of view. Scroll the box to centre it. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".chart-scroll").forEach(function (box) {
      var ring = box.querySelector(".you circle");
      if (!ring || box.scrollWidth <= box.clientWidth) return;
      var outer = box.getBoundingClientRect();
      var mark = ring.getBoundingClientRect();
      box.scrollLeft += mark.left + mark.width / 2 - (outer.left + outer.width / 2);
    });
  });
})();
