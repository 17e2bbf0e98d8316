// quire's search box. The index is small scripts under theme/search/ (see
// src/search/): scripts load from file://, where fetch() is refused,
// and only the files a query needs are loaded, the first time the box is used.
// Their data is sealed with the key in this script's URL fragment, which only the
// site's own pages carry (src/search/seal.rs); over HTTP they are fetched, not run.
// Results are built with textContent, never innerHTML: a page title is shown
// as text, whatever it contains.
(function () {
  "use strict";
  var input = document.getElementById("quire-search");
  var list = document.getElementById("quire-search-results");
  // The site's root, from this script's own address: right from disk, at a
  // host's root, under any sub-path and in `quire serve`.
  var me = document.currentScript;
  var base = me && me.src ? me.src.replace(/theme\/search\.[^\/?#]*\.js([?#].*)?$/, "") : "";
  var key = keyWords(me && me.src ? me.src.split("#")[1] || "" : "");
  var loaded = {};
  var waiting = {};

  function keyWords(hex) {
    var w = new Uint32Array(8);
    for (var i = 0; i < 8 && hex.length >= 64; i++) {
      for (var b = 3; b >= 0; b--) w[i] = (w[i] * 256) + parseInt(hex.substr(i * 8 + b * 2, 2), 16);
    }
    return w;
  }

  // ChaCha20's block function (RFC 8439), as seal.rs's `block`.
  function block(counter, nonce) {
    var init = new Uint32Array([0x61707865, 0x3320646e, 0x79622d32, 0x6b206574,
      key[0], key[1], key[2], key[3], key[4], key[5], key[6], key[7],
      counter, nonce[0], nonce[1], nonce[2]]);
    var s = new Uint32Array(init);
    function q(a, b, c, d) {
      s[a] += s[b]; s[d] ^= s[a]; s[d] = (s[d] << 16) | (s[d] >>> 16);
      s[c] += s[d]; s[b] ^= s[c]; s[b] = (s[b] << 12) | (s[b] >>> 20);
      s[a] += s[b]; s[d] ^= s[a]; s[d] = (s[d] << 8) | (s[d] >>> 24);
      s[c] += s[d]; s[b] ^= s[c]; s[b] = (s[b] << 7) | (s[b] >>> 25);
    }
    for (var r = 0; r < 10; r++) {
      q(0, 4, 8, 12); q(1, 5, 9, 13); q(2, 6, 10, 14); q(3, 7, 11, 15);
      q(0, 5, 10, 15); q(1, 6, 11, 12); q(2, 7, 8, 13); q(3, 4, 9, 14);
    }
    for (var i = 0; i < 16; i++) s[i] += init[i];
    return s;
  }

  // A sealed file's JSON: each character turned back within its class (see seal.rs).
  function unseal(nonceHex, text) {
    var nonce = [0, parseInt(nonceHex.slice(8), 16), parseInt(nonceHex.slice(0, 8), 16)];
    var out = "", chunk = [], stream = null, i = 0;
    for (var ch of text) {
      var c = ch.codePointAt(0), n = 0, at = 0;
      if (i % 16 === 0) stream = block(i / 16, nonce);
      if (c >= 0x20 && c <= 0x7e) { n = 95; at = c - 0x20; }
      else if (c >= 0x80 && c <= 0x7ff) { n = 0x780; at = c - 0x80; }
      else if (c >= 0x800 && c <= 0xd7ff) { n = 0xf000; at = c - 0x800; }
      else if (c >= 0xe000 && c <= 0xffff) { n = 0xf000; at = c - 0x1000; }
      else if (c >= 0x10000) { n = 0x100000; at = c - 0x10000; }
      if (n) {
        var p = (at + n - stream[i % 16] % n) % n;
        c = n === 95 ? 0x20 + p : n === 0x780 ? 0x80 + p :
          n === 0xf000 ? (p < 0xd000 ? 0x800 + p : 0x1000 + p) : 0x10000 + p;
      }
      chunk.push(c);
      if (chunk.length === 4096) { out += String.fromCodePoint.apply(null, chunk); chunk = []; }
      i++;
    }
    return out + String.fromCodePoint.apply(null, chunk);
  }

  function settle(name, how, value) {
    var cbs = waiting[name] || [];
    delete waiting[name];
    cbs.forEach(function (cb) { cb[how](value); });
  }

  function opened(name, nonce, sealed) {
    var data;
    try {
      data = JSON.parse(unseal(nonce, sealed));
    } catch (e) {
      return settle(name, "fail", new Error("theme/search/" + name + ".js"));
    }
    loaded[name] = data;
    settle(name, "ok", data);
  }

  // Every index file calls this with its name and sealed data, when run as a script.
  window.quireSearch = opened;
  window.quireSearch.stem = stem;

  function load(name, version) {
    return new Promise(function (ok, fail) {
      if (name in loaded) return ok(loaded[name]);
      if (waiting[name]) return waiting[name].push({ ok: ok, fail: fail });
      waiting[name] = [{ ok: ok, fail: fail }];
      var src = base + "theme/search/" + name + ".js?v=" + version;
      var failed = function () { settle(name, "fail", new Error(src)); };
      if (/^https?:/.test(src)) {
        // Read, not run: only a page of this site's own origin may read it.
        fetch(src).then(function (r) {
          if (!r.ok) throw new Error(src);
          return r.text();
        }).then(function (text) {
          var args = JSON.parse("[" + text.slice(text.indexOf("(") + 1, text.lastIndexOf(")")) + "]");
          if (args[0] !== name) throw new Error(src);
          opened(name, args[1], args[2]);
        }).catch(failed);
        return;
      }
      var s = document.createElement("script");
      s.src = src;
      s.async = true;
      s.onerror = failed;
      // A file that loads without calling quireSearch is as good as missing.
      s.onload = failed;
      document.head.appendChild(s);
    });
  }

  // The same light stemmer as search.rs's `stem`; keep the two equal.
  function stem(w) {
    if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
    var vowel = /[aeiouy]/;
    var s = w, m;
    if ((m = /^(.{2,})ies$/.exec(w))) s = m[1] + "y";
    else if (/(sses|ches|shes|xes|zes)$/.test(w)) s = w.slice(0, -2);
    else if (/s$/.test(w) && !/(ss|us|is)$/.test(w)) s = w.slice(0, -1);
    if ((m = /^(.*)ing$/.exec(s)) && m[1].length >= 3 && vowel.test(m[1])) s = m[1];
    else if ((m = /^(.*)ed$/.exec(s)) && m[1].length >= 3 && vowel.test(m[1]) && !/e$/.test(m[1])) s = m[1];
    var n = s.length;
    if (n >= 4 && s[n - 1] === s[n - 2] && "lszaeiou".indexOf(s[n - 1]) < 0) s = s.slice(0, -1);
    else if (n >= 4 && s[n - 1] === "e") s = s.slice(0, -1);
    return s;
  }

  if (!input || !list) return;
  var linkRoot = input.getAttribute("data-root");
  if (linkRoot === null) linkRoot = base;
  var meta = null;
  var metaPromise = null;
  var active = -1;
  var serial = 0;

  function loadMeta() {
    if (!metaPromise) {
      // The meta file is asked for afresh once per page: it names the version of the rest.
      metaPromise = load("meta", String(Date.now())).then(function (m) { meta = m; return m; });
      metaPromise.catch(function () { metaPromise = null; });
    }
    return metaPromise;
  }

  // The same splitting as the index's: lower case, letters, digits and _.
  function words(text, stop) {
    return text.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(function (w) {
      return Array.from(w).length >= 2 && w.length <= 32 && (!stop || stop.indexOf(w) < 0);
    });
  }

  function hex(s) {
    return Array.from(new TextEncoder().encode(s)).map(function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
  }

  // The word file holding `term`: see search.rs's `shard_key`.
  function shardKey(term) {
    var chars = Array.from(term);
    var n = Math.min(2, chars.length);
    for (;;) {
      var key = chars.slice(0, n).join("");
      if (n === chars.length || meta.splits.indexOf(key) < 0) return key;
      n++;
    }
  }

  // The word files each query word needs: the one its words are in and, for a word typed so
  // far that is itself a split prefix ("deplo" on a big site), files of its completions, up
  // to EXTRA_BUDGET bytes of them (a reader types letter by letter: each prefix loads its own).
  // Two- and three-letter prefixes get none: they match too many words to help.
  var EXTRA_BUDGET = 80000;
  function wordFiles(terms) {
    if (!meta.sizes) {
      meta.sizes = {};
      meta.files.forEach(function (f) { meta.sizes[f[0]] = f[1]; });
    }
    var total = 0;
    var plan = terms.map(function (t) {
      var key = shardKey(t.stem);
      return key in meta.sizes ? [key] : [];
    });
    terms.forEach(function (t, n) {
      if (Array.from(t.stem).length < 4 || shardKey(t.stem) !== t.stem || meta.splits.indexOf(t.stem) < 0) return;
      meta.files
        .filter(function (f) { return f[0] !== t.stem && f[0].lastIndexOf(t.stem, 0) === 0; })
        .sort(function (a, b) { return a[0].length - b[0].length || b[1] - a[1]; })
        .forEach(function (f) {
          if (total + f[1] <= EXTRA_BUDGET) {
            total += f[1];
            plan[n].push(f[0]);
          }
        });
    });
    return plan;
  }

  // Word files as one, their words still sorted.
  function merge(shards) {
    if (shards.length === 1) return shards[0];
    var pairs = [];
    shards.forEach(function (s) {
      s.w.forEach(function (w, i) { pairs.push([w, s.p[i]]); });
    });
    pairs.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
    return { w: pairs.map(function (p) { return p[0]; }), p: pairs.map(function (p) { return p[1]; }) };
  }

  function lowerBound(arr, w) {
    var lo = 0, hi = arr.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (arr[mid] < w) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // Whether a and b differ by one letter added, dropped, changed or two swapped.
  function oneTypo(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // The index's words that a query word stands for, each with how well it matches.
  function variants(shard, q, last) {
    var out = [];
    var i = lowerBound(shard.w, q);
    for (var j = i; j < shard.w.length && shard.w[j].lastIndexOf(q, 0) === 0; j++) {
      out.push([j, shard.w[j] === q ? 1 : last ? 0.7 : 0.4]);
    }
    if (!out.length && Array.from(q).length >= 5) {
      shard.w.forEach(function (w, j) {
        if (oneTypo(w, q) || (last && w.length > q.length && oneTypo(w.slice(0, q.length), q))) {
          out.push([j, 0.35]);
        }
      });
    }
    return out;
  }

  // Score of one page for one word: title over heading over body, then how often.
  function fieldScore(code) {
    return (code & 4 ? 10 : 0) + (code & 2 ? 4 : 0) + (code & 1 ? 1 + Math.log(1 + (code >> 3)) : 0);
  }

  function rank(terms, shards) {
    var per = terms.map(function (t, n) {
      var scores = {};
      var shard = shards[n];
      variants(shard, t.stem, t.last).forEach(function (v) {
        var p = shard.p[v[0]];
        var idf = Math.log(1 + meta.n / (p.length / 2));
        var doc = 0;
        for (var k = 0; k < p.length; k += 2) {
          doc += p[k];
          var s = v[1] * idf * fieldScore(p[k + 1]);
          if (!(doc in scores) || scores[doc] < s) scores[doc] = s;
        }
        t.matched.push(shard.w[v[0]]);
      });
      return scores;
    });
    // Pages with every word; if there are none, pages with any, below.
    var total = {};
    Object.keys(per[0]).forEach(function (d) {
      var sum = 0;
      for (var n = 0; n < per.length; n++) {
        if (!(d in per[n])) return;
        sum += per[n][d];
      }
      total[d] = sum;
    });
    if (!Object.keys(total).length && per.length > 1) {
      per.forEach(function (scores) {
        Object.keys(scores).forEach(function (d) { total[d] = (total[d] || 0) + scores[d] / 2; });
      });
    }
    return Object.keys(total).map(Number)
      .sort(function (a, b) { return total[b] - total[a] || a - b; })
      .slice(0, 10)
      .map(function (d) { return { doc: d, score: total[d] }; });
  }

  // Where in the text a word matches one of the query's: positions of words, by query word.
  function hits(text, terms) {
    var re = /[\p{L}\p{N}_]+/gu, m, pos = 0, found = [];
    while ((m = re.exec(text))) {
      var w = m[0].toLowerCase(), s = stem(w);
      for (var n = 0; n < terms.length; n++) {
        var t = terms[n];
        if (s.lastIndexOf(t.stem, 0) === 0 || w.lastIndexOf(t.word, 0) === 0 || t.matched.indexOf(s) >= 0) {
          found.push({ term: n, pos: pos, at: m.index, end: m.index + m[0].length });
          break;
        }
      }
      pos++;
    }
    return found;
  }

  // The smallest run of words holding every query word found: [span, first hit].
  function window_(found, count) {
    var best = [Infinity, 0], seen = {}, distinct = 0, from = 0;
    for (var i = 0; i < found.length; i++) {
      seen[found[i].term] = (seen[found[i].term] || 0) + 1;
      if (seen[found[i].term] === 1) distinct++;
      while (distinct === count) {
        var span = found[i].pos - found[from].pos;
        if (span < best[0]) best = [span, from];
        if (--seen[found[from].term] === 0) distinct--;
        from++;
      }
    }
    return best;
  }

  // The section of a page that answers best, with its snippet and a proximity bonus.
  function bestSection(page, terms) {
    var best = null;
    page.s.forEach(function (sec) {
      var inHeading = hits(sec[1], terms);
      var found = hits(sec[2], terms);
      var distinct = {};
      inHeading.concat(found).forEach(function (h) { distinct[h.term] = 1; });
      var count = Object.keys(distinct).length;
      var win = found.length ? window_(found, new Set(found.map(function (h) { return h.term; })).size) : [Infinity, 0];
      var score = count * 4 + inHeading.length * 2 + Math.min(found.length, 5) * 0.2 +
        (count === terms.length && win[0] < Infinity ? 6 / (1 + win[0] - (terms.length - 1)) : 0);
      if (!best || score > best.score) {
        best = { sec: sec, found: found, first: found.length ? found[win[1]] : null, score: score,
          near: count === terms.length && win[0] < Infinity ? 6 / (1 + win[0] - (terms.length - 1)) : 0 };
      }
    });
    return best;
  }

  // About 160 characters of text around `first`, with the query's words marked.
  function snippet(text, found, first) {
    var from = 0;
    if (first && first.at > 50) {
      from = text.lastIndexOf(" ", first.at - 40) + 1;
    }
    var to = Math.min(text.length, from + 170);
    if (to < text.length) to = Math.max(text.lastIndexOf(" ", to), first ? first.end : 0, from + 1);
    var frag = document.createDocumentFragment();
    if (from > 0) frag.appendChild(document.createTextNode("… "));
    var at = from;
    found.forEach(function (h) {
      if (h.at < from || h.end > to) return;
      frag.appendChild(document.createTextNode(text.slice(at, h.at)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(h.at, h.end);
      frag.appendChild(mark);
      at = h.end;
    });
    frag.appendChild(document.createTextNode(text.slice(at, to)));
    if (to < text.length) frag.appendChild(document.createTextNode(" …"));
    return frag;
  }

  function clear() {
    while (list.firstChild) list.removeChild(list.firstChild);
    active = -1;
    input.removeAttribute("aria-activedescendant");
  }

  function show(open) {
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function note(text) {
    clear();
    list.setAttribute("data-query", input.value);
    var li = document.createElement("li");
    li.className = "search-none";
    li.setAttribute("role", "option");
    li.setAttribute("aria-disabled", "true");
    li.textContent = text;
    list.appendChild(li);
    show(true);
  }

  function run() {
    var started = performance.now();
    var query = input.value;
    var mine = ++serial;
    if (!query.trim()) {
      clear();
      show(false);
      return;
    }
    loadMeta().then(function () {
      var raw = words(query, meta.stop);
      if (!raw.length) return [[], []];
      var endsWord = /[^\p{L}\p{N}_]$/u.test(query);
      var terms = raw.map(function (w, n) {
        return { word: w, stem: stem(w), last: n === raw.length - 1 && !endsWord, matched: [] };
      });
      var plan = wordFiles(terms);
      return Promise.all(plan.map(function (keys) {
        return Promise.all(keys.map(function (k) {
          return load("t-" + hex(k), meta.v);
        })).then(merge);
      })).then(function (shards) { return [terms, shards]; });
    }).then(function (r) {
      var terms = r[0];
      if (mine !== serial) return null;
      if (!terms.length) {
        // One letter, or only common words: nothing to look for yet.
        clear();
        show(false);
        return null;
      }
      var top = rank(terms, r[1]);
      return Promise.all(top.map(function (t) {
        // Page n is entry n % g of page file n / g.
        return load("d/" + Math.floor(t.doc / meta.g), meta.v).then(function (file) {
          var page = file[t.doc % meta.g];
          var best = bestSection(page, terms);
          return { page: page, best: best, score: t.score + (best ? best.near : 0), doc: t.doc };
        });
      })).then(function (found) { return [terms, found]; });
    }).then(function (r) {
      if (!r || mine !== serial) return;
      var found = r[1].sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      if (!found.length) return note("No pages found");
      clear();
      found.forEach(function (f, n) {
        // The link is the option itself: an option holding a link would nest two controls.
        var li = document.createElement("li");
        li.setAttribute("role", "none");
        var a = document.createElement("a");
        a.id = "quire-search-" + n;
        a.setAttribute("role", "option");
        a.setAttribute("aria-selected", "false");
        var sec = f.best && f.best.sec;
        var anchor = sec && sec[0] ? "#" + sec[0] : "";
        a.setAttribute("href", linkRoot + f.page.u + anchor);
        a.tabIndex = -1;
        var title = document.createElement("span");
        title.className = "search-title";
        title.textContent = f.page.t;
        a.appendChild(title);
        if (sec && sec[1] && sec[1] !== f.page.t) {
          var h = document.createElement("span");
          h.className = "search-section";
          h.textContent = sec[1];
          a.appendChild(h);
        }
        if (sec && sec[2]) {
          var p = document.createElement("span");
          p.className = "search-snippet";
          p.appendChild(snippet(sec[2], f.best.found, f.best.first));
          a.appendChild(p);
        }
        li.appendChild(a);
        list.appendChild(li);
      });
      show(true);
      // What the results are for and how long they took (tests and measurements read these).
      list.setAttribute("data-query", query);
      list.setAttribute("data-ms", String(Math.round(performance.now() - started)));
    }).catch(function (e) {
      if (mine !== serial) return;
      note("Search is unavailable: its index (" + (e && e.message || "theme/search/") +
        ") could not be loaded. Rebuild the site, or open it through a web server.");
    });
  }

  function move(by) {
    var items = list.querySelectorAll("a[role=option]");
    if (!items.length) return;
    if (active >= 0 && items[active]) {
      items[active].parentNode.classList.remove("active");
      items[active].setAttribute("aria-selected", "false");
    }
    active = (active + by + items.length) % items.length;
    if (active < 0) active = 0;
    items[active].parentNode.classList.add("active");
    items[active].setAttribute("aria-selected", "true");
    items[active].scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", items[active].id);
  }

  input.addEventListener("focus", function () {
    loadMeta().catch(function () {});
    if (list.children.length && input.value.trim()) show(true);
  });
  input.addEventListener("input", run);
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      move(e.key === "ArrowDown" ? 1 : -1);
    } else if (e.key === "Enter") {
      var items = list.querySelectorAll("a[role=option]");
      var go = items[active >= 0 ? active : 0];
      if (go) {
        e.preventDefault();
        window.location.href = go.href;
      }
    } else if (e.key === "Escape") {
      input.value = "";
      clear();
      show(false);
      input.blur();
      document.documentElement.classList.remove("search-open");
    }
  });
  document.addEventListener("click", function (e) {
    if (!list.hidden && !e.target.closest(".search")) show(false);
  });
  // "/" or Ctrl/Cmd-K focuses the box from anywhere but another field.
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if ((e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) ||
        ((e.ctrlKey || e.metaKey) && (e.key === "k" || e.key === "K"))) {
      e.preventDefault();
      document.documentElement.classList.add("search-open");
      input.focus();
      input.select();
    }
  });
})();
