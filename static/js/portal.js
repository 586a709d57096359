// Behaviour for every portal page, from a file (the Content Security Policy allows no inline script).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-action=print]");
    if (target) {
      event.preventDefault();
      window.print();
    }
  });

  // The header's menu button (phones). Without this script the button stays hidden and the
  // navigation stays open: the stylesheet collapses the menu only once the header is marked ready.
  function setUpMenu(button) {
    var header = button.closest("[data-menu]");
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!header || !menu) {
      return;
    }
    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
    setOpen(false);
    header.setAttribute("data-menu", "ready");
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-menu-button]"), setUpMenu);

  // A table wider than the screen scrolls inside its .table-scroll box, and a box that scrolls must
  // be reachable by keyboard (WCAG 2.1.1): while it scrolls it is a region in the tab order, named
  // by the table's caption or its section's heading. Boxes marked up so in the template are left alone.
  var regions = 0;
  function nameRegion(box) {
    var caption = box.querySelector("caption");
    if (caption) {
      if (!caption.id) {
        regions += 1;
        caption.id = "scroll-caption-" + regions;
      }
      box.setAttribute("aria-labelledby", caption.id);
      return;
    }
    var section = box.closest("section, details");
    var heading = section && section.querySelector("h2, h3, summary");
    var text = (heading || box.querySelector("th") || box).textContent.replace(/\s+/g, " ").trim();
    box.setAttribute("aria-label", text);
  }
  function markScrollRegions() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-scroll"), function (box) {
      var automatic = box.hasAttribute("data-scroll-region");
      if (box.hasAttribute("tabindex") && !automatic) {
        return;
      }
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !automatic) {
        box.setAttribute("data-scroll-region", "");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        nameRegion(box);
      } else if (!scrolls && automatic) {
        ["data-scroll-region", "tabindex", "role", "aria-label", "aria-labelledby"].forEach(function (name) {
          box.removeAttribute(name);
        });
      }
    });
  }
  var pending = null;
  function later() {
    window.clearTimeout(pending);
    pending = window.setTimeout(markScrollRegions, 100);
  }
  markScrollRegions();
  window.addEventListener("resize", later);
  document.addEventListener("toggle", later, true); // a table inside <details> shows when opened
})();
