/* Disclosures that are open on wide screens and folded on phones (the header's menu, listing filters).
   Everything works without this script: <details> opens and closes by itself, and the stylesheet shows
   the contents on wide screens. The script only keeps the `open` state honest as the width changes (so
   assistive technology hears "expanded" where the contents show) and lets Escape fold the phone menu. */
(function () {
    "use strict";
    var wide = window.matchMedia("(min-width: 60rem)");
    var disclosures = Array.prototype.slice.call(document.querySelectorAll("details[data-open-wide]"));
    disclosures.forEach(function (details) {
        details.dataset.openNarrow = details.open ? "true" : "false";
    });

    function sync() {
        disclosures.forEach(function (details) {
            details.open = wide.matches || details.dataset.openNarrow === "true";
        });
    }

    sync();
    if (wide.addEventListener) {
        wide.addEventListener("change", sync);
    }

    document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape" || wide.matches) {
            return;
        }
        var menu = document.querySelector(".site-menu[open]");
        if (menu && menu.contains(document.activeElement)) {
            menu.open = false;
            menu.querySelector("summary").focus();
        }
    });
})();
