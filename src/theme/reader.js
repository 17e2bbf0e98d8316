// quire's reader controls: the menu drawer on phones, the search button, the
// theme toggle, Copy buttons on code blocks, remembered tabs and the current section in the TOC.
// Each is a plain <button>, so the keyboard reaches it like any other.
(function () {
  "use strict";
  var root = document.documentElement;

  // The menu button opens the sidebar as a drawer over a dimmed page, which does not scroll
  // behind it; the focus stays in the drawer (and its button) while it is open, and comes back
  // to the button when Escape, the button or a click outside closes it.
  var menu = document.querySelector(".menu-button");
  var drawer = document.getElementById("sidebar");
  var backdrop = null;
  var readAt = 0;
  function isOpen() { return root.classList.contains("drawer-open"); }
  function focusables() {
    var all = drawer.querySelectorAll("a[href], button:not([disabled])");
    return [menu].concat(Array.prototype.filter.call(all, function (e) {
      return e.offsetParent !== null || e.getClientRects().length > 0;
    }));
  }
  function setDrawer(open) {
    if (!menu || !drawer) return;
    if (open) readAt = window.scrollY;
    root.classList.toggle("drawer-open", open);
    menu.setAttribute("aria-expanded", open ? "true" : "false");
    if (backdrop) backdrop.hidden = !open;
    // The page under the drawer stays where it was read, whatever the lock did to it.
    if (!open && window.scrollY !== readAt) window.scrollTo(0, readAt);
    if (open) {
      var first = drawer.querySelector("a[aria-current=page], [aria-current=page] a") || drawer.querySelector(".chapter-list a");
      // Once the drawer is drawn: a hidden element cannot take the focus. The drawer, not the
      // page behind, scrolls to show it.
      // A tap that closed it before that frame keeps the focus where close() put it.
      if (first) requestAnimationFrame(function () {
        if (!isOpen()) return;
        first.focus({ preventScroll: true });
        var r = first.getBoundingClientRect(), d = drawer.getBoundingClientRect();
        if (r.bottom > d.bottom || r.top < d.top) drawer.scrollTop += r.top - d.top - d.height / 3;
      });
    }
  }
  // The button is in the sticky header: focusing it must not scroll the page under it.
  function close() {
    setDrawer(false);
    menu.focus({ preventScroll: true });
  }
  if (menu && drawer) {
    backdrop = document.createElement("div");
    backdrop.className = "drawer-backdrop";
    backdrop.hidden = true;
    backdrop.addEventListener("click", close);
    document.body.appendChild(backdrop);
    menu.addEventListener("click", function () {
      if (isOpen()) close(); else setDrawer(true);
    });
    document.addEventListener("keydown", function (e) {
      if (!isOpen()) return;
      if (e.key === "Escape") {
        close();
      } else if (e.key === "Tab") {
        var list = focusables();
        var at = list.indexOf(document.activeElement);
        var to = e.shiftKey ? (at <= 0 ? list.length - 1 : -1) : (at === list.length - 1 || at < 0 ? 0 : -1);
        if (to >= 0) {
          e.preventDefault();
          list[to].focus({ preventScroll: true });
        }
      }
    });
    // Focus that reaches the page behind (a click, a screen reader) goes back into the drawer.
    document.addEventListener("focusin", function (e) {
      if (isOpen() && !drawer.contains(e.target) && e.target !== menu) menu.focus({ preventScroll: true });
    });
    document.addEventListener("click", function (e) {
      if (isOpen() && !drawer.contains(e.target) && !menu.contains(e.target) && e.target !== backdrop) close();
    });
    // A wider window has no drawer: nothing stays locked.
    if (window.matchMedia) {
      var wide = window.matchMedia("(min-width: 801px)");
      var unlock = function () { if (wide.matches && isOpen()) setDrawer(false); };
      if (wide.addEventListener) wide.addEventListener("change", unlock);
    }
  }

  // Back to top: a button that shows once the reader scrolls up, far from the top
  // (Material's navigation.top), and hides at the top or when scrolling down.
  var up = document.createElement("button");
  up.type = "button";
  up.className = "back-to-top";
  up.hidden = true;
  up.innerHTML = '<svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16"><path d="M8 13V3M3 8l5-5 5 5" fill="none" stroke="currentColor" stroke-width="2"/></svg> Back to top';
  document.body.appendChild(up);
  var lastY = window.scrollY;
  window.addEventListener("scroll", function () {
    var y = window.scrollY;
    var show = y < lastY && y > 400;
    if (y !== lastY && up.hidden === show) up.hidden = !show;
    lastY = y;
  }, { passive: true });
  up.addEventListener("click", function () {
    window.scrollTo({ top: 0 });
    up.hidden = true;
    var main = document.getElementById("content");
    if (main) main.focus({ preventScroll: true });
  });

  // On a phone the search box opens over the header, full width.
  var searchButton = document.querySelector(".search-button");
  var box = document.getElementById("quire-search");
  if (searchButton && box) {
    searchButton.addEventListener("click", function () {
      root.classList.add("search-open");
      box.focus();
    });
    box.addEventListener("blur", function () {
      setTimeout(function () {
        if (!box.value && document.activeElement !== box) root.classList.remove("search-open");
      }, 150);
    });
  }

  // The theme toggle: no attribute follows the system; a choice is kept in localStorage
  // (the inline script in <head> applies it before the page is drawn).
  var toggle = document.querySelector(".theme-toggle");
  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function isDark() {
    var t = root.getAttribute("data-theme");
    return t ? t === "dark" : !!(system && system.matches);
  }
  function label() {
    if (!toggle) return;
    var dark = isDark();
    toggle.setAttribute("aria-pressed", dark ? "true" : "false");
    toggle.setAttribute("title", dark ? "Switch to the light theme" : "Switch to the dark theme");
  }
  if (toggle) {
    toggle.hidden = false;
    label();
    toggle.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("quire-theme", next); } catch (e) { /* private mode: this page only */ }
      label();
    });
    if (system && system.addEventListener) system.addEventListener("change", label);
  }

  // A Copy button in each code block's corner (an icon, named for screen readers); the copy
  // is the <code>'s text, which holds neither line numbers (CSS) nor highlighting markers.
  var COPY_ICON = '<svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16"><path fill="none" stroke="currentColor" stroke-width="1.5" d="M5.5 4.5V2.2c0-.4.3-.7.7-.7h7.6c.4 0 .7.3.7.7v8.6c0 .4-.3.7-.7.7H11.5M2.2 4.5h7.6c.4 0 .7.3.7.7v8.6c0 .4-.3.7-.7.7H2.2c-.4 0-.7-.3-.7-.7V5.2c0-.4.3-.7.7-.7z"/></svg>';
  var DONE_ICON = '<svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16"><path fill="none" stroke="currentColor" stroke-width="2" d="M2.5 8.5l3.5 3.5 7.5-8"/></svg>';
  Array.prototype.forEach.call(document.querySelectorAll("div.highlight"), function (block) {
    var code = block.querySelector("pre code") || block.querySelector("pre");
    if (!code || block.querySelector(".copy-button")) return;
    // The code's own <pre>: with numbered lines the first one is the numbers' column.
    var pre = code.tagName === "CODE" ? code.parentNode : code;
    if (pre && pre.scrollWidth > pre.clientWidth + 1 && !pre.hasAttribute("tabindex")) {
      pre.tabIndex = 0;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.innerHTML = COPY_ICON;
    button.setAttribute("aria-label", "Copy to clipboard");
    button.title = "Copy to clipboard";
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    function done(ok) {
      button.innerHTML = ok ? DONE_ICON : COPY_ICON;
      button.setAttribute("data-state", ok ? "copied" : "failed");
      status.textContent = ok ? "Copied to clipboard" : "Select the code and press Ctrl+C";
      setTimeout(function () {
        button.innerHTML = COPY_ICON;
        button.removeAttribute("data-state");
        status.textContent = "";
      }, 1500);
    }
    button.addEventListener("click", function () {
      var text = code.textContent;
      var fallback = function () {
        var area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        document.body.removeChild(area);
        button.focus();
        done(ok);
      };
      window.quireLastCopy = text;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
      } else {
        fallback();
      }
    });
    block.insertBefore(status, block.firstChild);
    block.insertBefore(button, block.firstChild);
    block.classList.add("has-tools");
  });

  // Content tabs: the label last chosen is chosen again on every page that has it (as
  // Material's content.tabs.link); the page's own script switches the sets of one page.
  var TABS_KEY = "quire-tab";
  function chooseTab(text) {
    Array.prototype.forEach.call(document.querySelectorAll(".tabbed-labels > label"), function (l) {
      if (l.textContent !== text) return;
      var radio = document.getElementById(l.htmlFor);
      if (radio && !radio.checked) radio.checked = true;
    });
  }
  try {
    var chosen = localStorage.getItem(TABS_KEY);
    if (chosen) chooseTab(chosen);
  } catch (e) { /* no storage: each page starts at its first tabs */ }
  document.addEventListener("change", function (e) {
    var set = e.target.parentNode;
    if (!set || !set.classList || !set.classList.contains("tabbed-set")) return;
    var label = set.querySelector('label[for="' + e.target.id + '"]');
    if (!label) return;
    try { localStorage.setItem(TABS_KEY, label.textContent); } catch (e2) { /* this page only */ }
  });

  // The TOC rail marks the section being read.
  var rail = document.querySelector("nav.toc");
  if (rail && "IntersectionObserver" in window) {
    var links = {};
    Array.prototype.forEach.call(rail.querySelectorAll("a[href^='#']"), function (a) {
      links[decodeURIComponent(a.getAttribute("href").slice(1))] = a;
    });
    var heads = Object.keys(links).map(function (id) { return document.getElementById(id); })
      .filter(Boolean);
    var mark = function () {
      var current = heads[0];
      heads.forEach(function (h) {
        if (h.getBoundingClientRect().top < 120) current = h;
      });
      Object.keys(links).forEach(function (id) {
        var on = current && id === current.id;
        links[id].classList.toggle("active", on);
        if (on) links[id].setAttribute("aria-current", "location");
        else links[id].removeAttribute("aria-current");
      });
    };
    var observer = new IntersectionObserver(mark, { rootMargin: "0px 0px -60% 0px" });
    heads.forEach(function (h) { observer.observe(h); });
    window.addEventListener("scroll", mark, { passive: true });
    mark();
  }
})();
