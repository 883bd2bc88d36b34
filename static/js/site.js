// Small enhancements only: every page works without this script.
(function () {
    "use strict";
    // (base.html's one inline script has already added the "js" class.)

    // On small screens the main menu folds behind a "Menu" button.
    document.querySelectorAll("[data-nav-toggle]").forEach(function (toggle) {
        var nav = document.getElementById(toggle.getAttribute("aria-controls"));
        if (!nav) {
            return;
        }
        toggle.hidden = false;
        toggle.addEventListener("click", function () {
            var open = toggle.getAttribute("aria-expanded") === "true";
            toggle.setAttribute("aria-expanded", open ? "false" : "true");
        });
        // Escape closes the open menu, from the button or from a link in it.
        [toggle, nav].forEach(function (element) {
            element.addEventListener("keydown", function (event) {
                if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
                    toggle.setAttribute("aria-expanded", "false");
                    toggle.focus();
                }
            });
        });
    });

    // Move focus to an error summary so screen readers announce it.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
    }
})();
