/* Small progressive enhancements; every page works without them. Loaded with `defer`:
   the Content-Security-Policy forbids inline scripts. */
(function () {
  "use strict";

  // A form's error summary takes focus, so the person hears and sees what to fix first.
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    summary.focus();
  }

  // The navigation's menus close with Escape, giving the focus back to the menu's button,
  // and with a click anywhere else, as menus do.
  var menus = document.querySelectorAll("header nav details.dropdown");
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    menus.forEach(function (menu) {
      if (menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  });
  document.addEventListener("click", function (event) {
    menus.forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) {
        menu.open = false;
      }
    });
  });

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

  // The language switch reloads the page in the other language: what the page's forms
  // held is kept for that reload (never passwords, tokens or files), then put back.
  var KEPT = "language-switch:kept";
  var switcher = document.querySelector("form.language-switch");
  function keptFields() {
    var fields = [];
    document.querySelectorAll("main form").forEach(function (form, formIndex) {
      Array.prototype.forEach.call(form.elements, function (element) {
        var type = (element.type || "").toLowerCase();
        if (!element.name || ["password", "hidden", "file", "submit", "button"].indexOf(type) >= 0) {
          return;
        }
        var checkable = type === "radio" || type === "checkbox";
        fields.push({
          form: formIndex, name: element.name, value: element.value,
          checkable: checkable, checked: element.checked
        });
      });
    });
    return fields;
  }
  if (switcher && window.sessionStorage) {
    switcher.addEventListener("submit", function () {
      sessionStorage.setItem(KEPT, JSON.stringify({ page: location.pathname + location.search, fields: keptFields() }));
    });
    var kept = JSON.parse(sessionStorage.getItem(KEPT) || "null");
    sessionStorage.removeItem(KEPT);
    if (kept && kept.page === location.pathname + location.search) {
      var forms = document.querySelectorAll("main form");
      kept.fields.forEach(function (field) {
        var form = forms[field.form];
        if (!form) {
          return;
        }
        Array.prototype.forEach.call(form.elements, function (element) {
          if (element.name !== field.name) {
            return;
          }
          if (field.checkable) {
            if (element.value === field.value) {
              element.checked = field.checked;
            }
          } else {
            element.value = field.value;
          }
        });
      });
    }
  }
})();
