/* Attendance check list: "Mark everyone not yet marked as present" (progressive enhancement).
 * Without this script the button stays hidden and the form works as it is. */
(function () {
  "use strict";

  function markRestPresent(form) {
    var present = form.querySelectorAll('input[type="radio"][value="present"]');
    present.forEach(function (radio) {
      var chosen = form.querySelector('input[type="radio"][name="' + radio.name + '"]:checked');
      if (!chosen || chosen.value === "none") {
        radio.checked = true;
      }
    });
  }

  function init() {
    document.querySelectorAll("[data-attendance-all-present]").forEach(function (button) {
      var form = button.closest("form");
      if (!form) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        markRestPresent(form);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
