// quire: every chapter in the sidebar, each chapter and sub-chapter opened and folded in
// place. The page's HTML holds its own chapter's pages (what a reader without the script
// sees); this script (one file for the site) makes the whole tree from its data: the current
// top chapter open down to the page's own chapter, the others folded, each list made on first
// opening, so that no page repeats the site. A page is [title, path] or [title, path, icon],
// a chapter an object; an icon is its SVG's place in `icons`, which holds each one once.
(function () {
  var chapters = /*CHAPTERS*/[];
  var icons = /*ICONS*/[];
  // The header's tabs are the top chapters, in order: their icons come from here, on every
  // page with tabs (a post's sidebar lists recent posts, not the chapters).
  var tabs = document.querySelectorAll("nav.tabs > ol > li > a");
  chapters.forEach(function (c, i) {
    if (tabs[i]) iconBefore(tabs[i], c.icon);
  });
  var list = document.querySelector(".sidebar ol.chapter-list");
  if (!list) return;
  var current = list.getAttribute("data-current");
  var mine = list.getAttribute("data-chapter");
  var root = list.getAttribute("data-root") || "";
  var here = list.querySelector("li.current-chapter");
  var before = !!here;
  var made = 0;
  // The page itself, as a link to it resolves (a folder's address and its index.html alike).
  function page(href) { return href.split("#")[0].split("?")[0].replace(/index\.html$/, ""); }
  var me = page(location.href);

  // Icon `k` of the table before the text of link `a`.
  function iconBefore(a, k) {
    if (k === undefined || !icons[k]) return;
    var svg = document.createElement("span");
    svg.className = "nav-icon";
    svg.setAttribute("aria-hidden", "true");
    svg.innerHTML = icons[k];
    a.insertBefore(svg, a.firstChild);
  }

  function link(title, path, out, icon) {
    var a = document.createElement("a");
    a.textContent = title;
    iconBefore(a, icon);
    if (!out) {
      a.href = root + path;
      if (page(a.href) === me) a.setAttribute("aria-current", "page");
      return a;
    }
    // A nav's link out of the site: opened in the same tab, marked, and said so.
    a.href = path;
    a.setAttribute("aria-label", title + " (another site)");
    var mark = document.createElement("span");
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = " \u2197";
    a.appendChild(mark);
    return a;
  }

  // A button after the chapter's link that shows or hides `sub`, filled by `fill` when first opened.
  function expander(li, title, sub, open, fill) {
    if (!sub.id) sub.id = "sidebar-list-" + (++made);
    var b = document.createElement("button");
    b.type = "button";
    b.className = "chapter-toggle";
    b.setAttribute("aria-expanded", open ? "true" : "false");
    b.setAttribute("aria-controls", sub.id);
    b.setAttribute("aria-label", title + ": pages");
    if (open && fill) { fill(); fill = null; }
    sub.hidden = !open;
    b.addEventListener("click", function () {
      var opening = sub.hidden;
      if (opening && fill) { fill(); fill = null; }
      sub.hidden = !opening;
      b.setAttribute("aria-expanded", opening ? "true" : "false");
    });
    var a = li.querySelector(":scope > a");
    li.insertBefore(b, a ? a.nextSibling : sub);
    li.classList.add("has-toggle");
  }

  // Whether chapter `c` is the page's own chapter or holds it: such a chapter starts open.
  function holds(c) {
    return c.id === mine || (c.items || []).some(function (x) {
      return !Array.isArray(x) && holds(x);
    });
  }

  function item(c, cls, open) {
    var li = document.createElement("li");
    if (cls) li.className = cls;
    var a = link(c.title, c.path, c.link, c.icon);
    li.appendChild(a);
    // A section without an index page leads to its first page, which is the one marked.
    var first = (c.items || []).some(function (x) { return Array.isArray(x) && x[1] === c.path; });
    if (first) a.removeAttribute("aria-current");
    if (a.hasAttribute("aria-current")) a.className = "current-link";
    if (c.items && c.items.length) {
      var sub = document.createElement("ol");
      sub.className = "pages";
      li.appendChild(sub);
      expander(li, c.title, sub, open, function () {
        c.items.forEach(function (x) {
          if (!Array.isArray(x)) return sub.appendChild(item(x, "subchapter", holds(x)));
          var p = document.createElement("li");
          var to = p.appendChild(link(x[0], x[1], false, x[2]));
          if (to.hasAttribute("aria-current")) p.className = "current";
          sub.appendChild(p);
        });
      });
    }
    return li;
  }

  chapters.forEach(function (c) {
    if (c.id !== current) {
      var li = item(c, "", false);
      if (before) list.insertBefore(li, here); else list.appendChild(li);
      return;
    }
    before = false;
    // The page's own chapter, made like the others (its HTML was the script-less reader's):
    // open, with its sub-chapters, the one the page is in open too.
    if (here) list.replaceChild(item(c, "current-chapter", true), here);
  });
})();
