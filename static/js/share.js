/* The share form: when the network changes, a text still as suggested becomes the text
   suggested for the new network, and the length hint follows. An edited text is kept.
   Without this script the server does the same on submit (sharing.views._chosen_text). */
(function () {
  "use strict";

  document.querySelectorAll("form.share-form").forEach(function (form) {
    var texts = JSON.parse(form.getAttribute("data-texts"));
    var limits = JSON.parse(form.getAttribute("data-limits"));
    var text = form.querySelector("textarea[name=text]");
    var suggestedFor = form.querySelector("input[name=suggested_for]");
    var hint = form.querySelector("#share-limit");
    if (!text || !suggestedFor) {
      return;
    }

    function showLimit(network) {
      if (hint && limits[network]) {
        hint.textContent = hint.getAttribute("data-template").replace(
          "{limit}", limits[network].toLocaleString()
        );
      }
    }

    form.querySelectorAll("input[name=network]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (!radio.checked) {
          return;
        }
        var previous = suggestedFor.value;
        if (text.value.trim() === (texts[previous] || "").trim()) {
          text.value = texts[radio.value] || "";
          suggestedFor.value = radio.value;
        }
        showLimit(radio.value);
      });
      if (radio.checked) {
        showLimit(radio.value);
      }
    });
  });
})();
