// quire: every chapter in the sidebar. The page's HTML holds its own chapter's pages; this
// script (one file for the site) adds the other chapters around it, each opened in place by
// its button, its list made on first opening. A page is [title, path], a chapter an object.
(function () {
  var chapters = /*CHAPTERS*/[];
  var list = document.querySelector(".sidebar ol.chapter-list");
  if (!list) return;
  var current = list.getAttribute("data-current");
  var root = list.getAttribute("data-root") || "";
  var here = list.querySelector("li.current-chapter");
  var before = !!here;
  var made = 0;

  function link(title, path, out) {
    var a = document.createElement("a");
    a.textContent = title;
    if (!out) {
      a.href = root + path;
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

  function item(c, cls) {
    var li = document.createElement("li");
    if (cls) li.className = cls;
    li.appendChild(link(c.title, c.path, c.link));
    if (c.items && c.items.length) {
      var sub = document.createElement("ol");
      sub.className = "pages";
      li.appendChild(sub);
      expander(li, c.title, sub, false, function () {
        c.items.forEach(function (x) {
          if (Array.isArray(x)) {
            var p = document.createElement("li");
            p.appendChild(link(x[0], x[1], false));
            sub.appendChild(p);
          } else {
            sub.appendChild(item(x, "subchapter"));
          }
        });
      });
    }
    return li;
  }

  chapters.forEach(function (c) {
    if (c.id === current) { before = false; return; }
    var li = item(c, "");
    if (before) list.insertBefore(li, here); else list.appendChild(li);
  });
  // The current chapter, open, can be folded like the others.
  var mine = here && here.querySelector(":scope > ol.pages");
  if (mine) expander(here, here.querySelector("a").textContent, mine, true, null);
})();
