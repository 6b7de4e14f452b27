// The share box's copy button. Without this script the link stays a selectable field (the button stays
// hidden); with it, one press copies the link and says so in a status line screen readers announce.
(function () {
  "use strict";

  function copied(button) {
    var status = document.getElementById("share-copied");
    if (status) status.textContent = status.getAttribute("data-copied");
    button.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-copy"));
      if (!field) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        field.select();
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(function () { copied(button); }, function () {
            document.execCommand("copy");
            copied(button);
          });
        } else {
          document.execCommand("copy");
          copied(button);
        }
      });
    });
  });
})();
