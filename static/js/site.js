/* Roundtable Academy: small progressive enhancements. Loaded with `defer`; the site
 * works without it (the navigation simply stays open on small screens). */
(function () {
  "use strict";

  // Disclosure navigation: the "Menu" button shows and hides #site-nav on small
  // screens. CSS only collapses the navigation once this script has run.
  function setUpNavigation() {
    var toggle = document.querySelector("[data-nav-toggle]");
    if (!toggle) {
      return;
    }
    var nav = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!nav) {
      return;
    }

    function isOpen() {
      return toggle.getAttribute("aria-expanded") === "true";
    }

    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
    }

    setOpen(false);
    toggle.hidden = false;
    document.documentElement.classList.add("has-js-nav");

    toggle.addEventListener("click", function () {
      setOpen(!isOpen());
    });

    // On wide screens the menu is one row; when its links would wrap (many roles,
    // a narrow window, zoomed text) it collapses behind the button as on phones.
    var root = document.documentElement;
    var wide = window.matchMedia("(min-width: 48em)");
    function wraps() {
      var links = nav.querySelectorAll(".site-nav__link");
      if (!links.length) {
        return false;
      }
      var top = links[0].getBoundingClientRect().top;
      return Array.prototype.some.call(links, function (link) {
        return Math.abs(link.getBoundingClientRect().top - top) > 2;
      });
    }
    function fit() {
      var wasOpen = isOpen();
      root.classList.remove("nav-compact");
      if (wide.matches && wraps()) {
        root.classList.add("nav-compact");
        setOpen(wasOpen);
      } else if (wide.matches) {
        setOpen(false);
      }
    }
    var pending = null;
    window.addEventListener("resize", function () {
      window.cancelAnimationFrame(pending);
      pending = window.requestAnimationFrame(fit);
    });
    fit();

    // Escape closes the open menu and returns focus to its button.
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && isOpen()) {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  // An error summary that arrives with the page takes focus, so keyboard and
  // screen-reader users start where the problem is explained.
  function focusErrorSummary() {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }
  }

  setUpNavigation();
  focusErrorSummary();
})();
