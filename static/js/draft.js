/* The draft exercise: shows how many characters the draft has, against the limit of the
   network chosen. The server counts the same way (exercises.services.clean_text) and
   says so in its findings; without this script nothing is lost. */
(function () {
  "use strict";

  document.querySelectorAll("form.draft-form").forEach(function (form) {
    var limits = JSON.parse(form.getAttribute("data-limits"));
    var text = form.querySelector("textarea[name=text]");
    var network = form.querySelector("select[name=network]");
    var count = form.querySelector("#draft-count");
    if (!text || !network || !count) {
      return;
    }

    function show() {
      var length = Array.from(text.value.trim().normalize("NFC")).length;
      var limit = limits[network.value];
      if (!limit) {
        count.hidden = true;
        return;
      }
      count.textContent = count.getAttribute("data-template")
        .replace("{count}", length.toLocaleString())
        .replace("{limit}", limit.toLocaleString());
      count.hidden = false;
    }

    text.addEventListener("input", show);
    network.addEventListener("change", show);
    show();
  });
})();
