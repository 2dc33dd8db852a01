/* A progress indicator while a long form is sent: a `form[data-progress]` shows the
   element whose id it names (holding a <progress>) when it is submitted, and disables
   its submit button so the file is not sent twice. Without this script the form works
   the same, without the indicator. */
(function () {
  "use strict";

  document.querySelectorAll("form[data-progress]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var indicator = document.getElementById(form.getAttribute("data-progress"));
      if (indicator) {
        indicator.hidden = false;
        indicator.setAttribute("role", "status");
      }
      form.setAttribute("aria-busy", "true");
      form.querySelectorAll("[type=submit]").forEach(function (button) {
        // Disabled after the submission has started, so the button's value is still sent.
        setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  });
})();
