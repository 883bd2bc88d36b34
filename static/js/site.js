// Small enhancements only: every page works without this script.
(function () {
    "use strict";
    document.documentElement.classList.add("js");

    // Fold the main menu behind a button on small screens.
    document.querySelectorAll("[data-nav]").forEach(function (nav) {
        var toggle = nav.querySelector("[data-nav-toggle]");
        if (!toggle) {
            return;
        }
        toggle.hidden = false;
        toggle.addEventListener("click", function () {
            var open = toggle.getAttribute("aria-expanded") === "true";
            toggle.setAttribute("aria-expanded", open ? "false" : "true");
        });
        nav.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
                toggle.setAttribute("aria-expanded", "false");
                toggle.focus();
            }
        });
    });

    // Move focus to an error summary so screen readers announce it.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
    }
})();
