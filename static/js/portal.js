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
})();
