/* quire: draws each <pre class="mermaid"> as an SVG beside it (the source stays, hidden, as
   the fallback and for the next drawing), in the page's light or dark theme, and draws again
   when the reader switches theme. */
(function () {
  var m = window.mermaid;
  var pres = Array.prototype.slice.call(document.querySelectorAll("pre.mermaid"));
  if (!m || !pres.length) return;
  var root = document.documentElement;
  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function dark() {
    var t = root.getAttribute("data-theme");
    if (t === "dark" || t === "light") return t === "dark";
    return !!(system && system.matches);
  }
  var diagrams = pres.map(function (pre, i) {
    var figure = document.createElement("div");
    figure.className = "mermaid-diagram";
    pre.parentNode.insertBefore(figure, pre);
    return { pre: pre, figure: figure, source: pre.textContent, id: "quire-mermaid-" + i };
  });
  var drawn = null;
  var run = 0;
  function draw() {
    var theme = dark() ? "dark" : "default";
    if (theme === drawn) return;
    drawn = theme;
    var mine = ++run;
    // Mermaid's dark theme puts its edge labels' #ccc on #585858 (4.43:1): a darker ground
    // gives them 8.8:1, as text needs 4.5:1.
    var vars = theme === "dark" ? { edgeLabelBackground: "#2b2b2b" } : {};
    m.initialize({ startOnLoad: false, theme: theme, themeVariables: vars, securityLevel: "strict" });
    diagrams.reduce(function (done, d) {
      return done.then(function () {
        if (mine !== run) return null;
        return m.render(d.id + "-" + mine, d.source).then(function (r) {
          d.figure.innerHTML = r.svg;
          var svg = d.figure.querySelector("svg");
          if (svg) svg.setAttribute("role", "img");
          d.pre.hidden = true;
        }, function () {
          d.figure.textContent = "";
          d.pre.hidden = false;
        });
      });
    }, Promise.resolve());
  }
  draw();
  new MutationObserver(draw).observe(root, { attributes: true, attributeFilter: ["data-theme"] });
  if (system && system.addEventListener) system.addEventListener("change", draw);
})();
