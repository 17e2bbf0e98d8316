// quire serve's live reload. The server adds this script to the pages it
// serves (never to `quire build` output). It listens to /__quire/events and
// reloads this tab only when its own page (or a file it uses) changed, swaps a
// changed stylesheet in place, keeps the scroll position across a reload, and
// shows build errors over the page until they are fixed.
(() => {
  "use strict";
  const SCROLL_KEY = "quire-serve-scroll";
  const me = document.currentScript;
  let generation = Number(me && me.dataset.generation);
  let instance = null;
  let base = "/";
  let failing = false;

  const saved = sessionStorage.getItem(SCROLL_KEY);
  if (saved) {
    sessionStorage.removeItem(SCROLL_KEY);
    const s = JSON.parse(saved);
    if (s.path === location.pathname) {
      const restore = () => window.scrollTo(s.x, s.y);
      if (document.readyState === "complete") restore();
      else addEventListener("load", restore, { once: true });
      addEventListener("DOMContentLoaded", restore, { once: true });
    }
  }

  function reload() {
    sessionStorage.setItem(
      SCROLL_KEY,
      JSON.stringify({ path: location.pathname, x: scrollX, y: scrollY })
    );
    location.reload();
  }

  // The output file this tab shows: `/docs/x/` under base `/docs/` is `x/index.html`.
  function shownFile() {
    let p = decodeURIComponent(location.pathname);
    if (!p.startsWith(base)) return null;
    p = p.slice(base.length);
    return p === "" || p.endsWith("/") ? p + "index.html" : p;
  }

  const pathOf = (url) => {
    try {
      return decodeURIComponent(new URL(url, location.href).pathname);
    } catch (_) {
      return null;
    }
  };

  function usesFile(file) {
    const want = base + file;
    return [...document.querySelectorAll("[src],link[href]")].some(
      (el) => pathOf(el.src || el.href) === want
    );
  }

  // A new stylesheet replaces the old one once it has loaded, so the page never flashes unstyled.
  function swapStylesheet(file) {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      if (pathOf(link.href) !== base + file) continue;
      const next = link.cloneNode();
      next.href = base + file + "?quire=" + Date.now();
      next.addEventListener("load", () => link.remove(), { once: true });
      link.after(next);
    }
  }

  function applyChanges(changed) {
    if (changed === null) return reload();
    const here = shownFile();
    if (here !== null && changed.includes(here)) return reload();
    const assets = changed.filter((f) => !f.endsWith(".html") && !f.endsWith(".css"));
    if (assets.some(usesFile)) return reload();
    changed.filter((f) => f.endsWith(".css")).forEach(swapStylesheet);
  }

  function overlay(errors, warnings) {
    let box = document.getElementById("quire-overlay");
    if (!errors.length && !warnings.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "quire-overlay";
      box.setAttribute("role", "alert");
      document.documentElement.appendChild(box);
    }
    const full = errors.length > 0;
    // Warnings leave the page readable: a strip at the bottom, smaller on a phone, in the
    // page's own theme (the theme's choice, else the system's).
    const phone = window.innerWidth < 600;
    const theme = document.documentElement.getAttribute("data-theme");
    const dark = theme ? theme === "dark" : !!(window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches);
    const strip = dark
      ? "background:#2b2410;color:#f5e6b3;border-top:2px solid #9e7c00;"
      : "background:#fff8d6;color:#442;border-top:2px solid #d9b400;";
    box.style.cssText =
      "position:fixed;z-index:2147483647;left:0;right:0;overflow:auto;box-sizing:border-box;" +
      (phone ? "font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;padding:.5em .8em;"
             : "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;padding:.8em 1.6em;") +
      (full
        ? "top:0;bottom:0;background:rgba(30,0,0,.94);color:#fdd;"
        : "bottom:0;max-height:" + (phone ? "15%" : "35%") + ";" + strip);
    box.replaceChildren();
    const add = (tag, text, css) => {
      const el = document.createElement(tag);
      el.textContent = text;
      if (css) el.style.cssText = css;
      box.appendChild(el);
      return el;
    };
    if (full) {
      add(
        "h2",
        `quire: the build failed with ${errors.length} error${errors.length === 1 ? "" : "s"}`,
        "margin:0 0 .3em;font-size:18px;color:#fff"
      );
      add("p", "The last good pages are still served. Fix the file and this page reloads.", "margin:0 0 1em;opacity:.8");
    } else {
      const close = add("button", "×", "float:right;font-size:18px;line-height:1;border:0;background:none;color:inherit;cursor:pointer");
      close.setAttribute("aria-label", "Close the warnings");
      close.addEventListener("click", () => box.remove());
      add("strong", `quire: ${warnings.length} warning${warnings.length === 1 ? "" : "s"}`);
    }
    for (const d of errors.concat(warnings)) {
      const item = add("div", "", (phone ? "margin:.4em 0;" : "margin:.6em 0;") + "white-space:pre-wrap");
      item.className = "quire-" + d.severity;
      const where = document.createElement("div");
      where.className = "quire-location";
      where.textContent = d.location;
      where.style.cssText = "font-weight:bold";
      const what = document.createElement("div");
      what.className = "quire-message";
      what.textContent = `${d.severity}: ${d.message}`;
      item.append(where, what);
      if (d.hint) {
        const hint = document.createElement("div");
        hint.textContent = "help: " + d.hint;
        hint.style.cssText = "opacity:.8";
        item.appendChild(hint);
      }
    }
  }

  function connect() {
    const events = new EventSource("/__quire/events");
    events.addEventListener("hello", (e) => {
      const m = JSON.parse(e.data);
      base = m.base;
      document.documentElement.dataset.quireLive = "connected";
      const restarted = instance !== null && instance !== m.instance;
      instance = m.instance;
      // A build finished while this page loaded or while the connection was down.
      if (restarted || m.generation !== generation) reload();
    });
    // A good build: a tab that showed errors reloads, others apply what changed.
    const good = (m) => {
      if (m.generation !== undefined) generation = m.generation;
      if (failing) {
        failing = false;
        return reload();
      }
      overlay([], m.warnings);
      applyChanges(m.changed);
    };
    events.addEventListener("built", (e) => {
      generation += 1;
      good(JSON.parse(e.data));
    });
    // The site-wide files (search index, feed, sitemap…) that follow an edit's pages, and what
    // the checks found in the whole site; or why that pass failed.
    events.addEventListener("updated", (e) => {
      const m = JSON.parse(e.data);
      if (m.errors) {
        failing = true;
        return overlay(m.errors, m.warnings || []);
      }
      good(m);
    });
    events.addEventListener("failed", (e) => {
      const m = JSON.parse(e.data);
      failing = true;
      overlay(m.errors, m.warnings);
    });
    events.addEventListener("status", (e) => {
      overlay([], JSON.parse(e.data).warnings);
    });
    events.addEventListener("error", () => {
      // The browser retries by itself unless the server refused outright.
      if (events.readyState === EventSource.CLOSED) setTimeout(connect, 1000);
    });
  }
  connect();
})();
