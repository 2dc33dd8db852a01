/* Small progressive enhancements; every page works without them. Loaded with `defer`:
   the Content-Security-Policy forbids inline scripts. */
(function () {
  "use strict";

  // A form's error summary takes focus, so the person hears and sees what to fix first.
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    summary.focus();
  }

  // Copy buttons: shown only where the browser can copy; a polite status says it worked.
  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy-from"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!source || !status) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(
        function () { status.textContent = button.getAttribute("data-copied"); },
        function () { status.textContent = button.getAttribute("data-copy-failed"); }
      );
    });
  });
})();
