// quire: adds the site's other chapters to the sidebar, around the current one.
(function () {
  var chapters = /*CHAPTERS*/[];
  var list = document.querySelector(".sidebar ol.chapter-list");
  if (!list) return;
  var current = list.getAttribute("data-current");
  var root = list.getAttribute("data-root") || "";
  var here = list.querySelector("li.current-chapter");
  var before = !!here;
  chapters.forEach(function (c) {
    if (c.id === current) { before = false; return; }
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = root + c.path;
    a.textContent = c.title;
    li.appendChild(a);
    if (before) list.insertBefore(li, here); else list.appendChild(li);
  });
})();
