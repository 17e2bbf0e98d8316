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
  window.quireSearch.parts = parts;

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

  // The parts of an identifier, as words.rs's `parts`: split at _ and where the case turns
  // up ("makeServer", "HTTPServer"); none for a word that is one part. Keep the two equal.
  function parts(w) {
    var chars = Array.from(w), out = [], cur = "";
    var up = /\p{Uppercase}/u, low = /\p{Lowercase}/u, num = /\p{N}/u;
    if (w.indexOf("_") < 0 && !chars.slice(1).some(function (c) { return up.test(c); })) return [];
    chars.forEach(function (c, i) {
      var before = chars[i - 1], next = chars[i + 1];
      if (i > 0 && up.test(c) && (low.test(before) || num.test(before) ||
          (up.test(before) && next !== undefined && low.test(next)))) {
        out.push(cur);
        cur = "";
      }
      cur += c;
    });
    out.push(cur);
    if (out.length === 1 && w.indexOf("_") < 0) return [];
    return out.join("_").split("_").filter(function (p) { return p; });
  }

  // Where in the text a word matches one of the query's: positions of words, by query word. A
  // word matches by its stem or by one of its parts'; `strict` leaves out words that only begin
  // like a query word (a word still being typed), which is for ranking, not for the page.
  function hits(text, terms, strict) {
    var re = /[\p{L}\p{N}_]+/gu, m, pos = 0, found = [];
    while ((m = re.exec(text))) {
      var forms = [m[0]].concat(parts(m[0]));
      for (var n = 0; n < terms.length; n++) {
        if (forms.some(function (f) { return matches(f.toLowerCase(), terms[n], strict); })) {
          found.push({ term: n, pos: pos, at: m.index, end: m.index + m[0].length });
          break;
        }
      }
      pos++;
    }
    return found;
  }

  function matches(w, t, strict) {
    var s = stem(w);
    if (s === t.stem || t.matched.indexOf(s) >= 0) return true;
    return !strict && (s.lastIndexOf(t.stem, 0) === 0 || w.lastIndexOf(t.word, 0) === 0);
  }

  // The query a result was opened with, for the page it opens to mark its words (sessionStorage
  // works from file:// too, and keeps the address as it is).
  var HIT_KEY = "quire-search-hit";
  function remember(href, query, terms) {
    try {
      sessionStorage.setItem(HIT_KEY, JSON.stringify({ u: href.split("#")[0], q: query, t: terms }));
    } catch (e) { /* storage off: the page opens unmarked */ }
  }

  // On the page a result opened: the query's words marked, with a control to clear them.
  function markPage() {
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(HIT_KEY) || "null");
      sessionStorage.removeItem(HIT_KEY);
    } catch (e) { return; }
    var root = document.getElementById("content");
    if (!saved || !root || saved.u !== location.href.split("#")[0]) return;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentNode.closest("script, style, .search-hits") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [], count = 0;
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue, found = hits(text, saved.t, true), at = 0;
      if (!found.length) return;
      var frag = document.createDocumentFragment();
      found.forEach(function (h) {
        frag.appendChild(document.createTextNode(text.slice(at, h.at)));
        var mark = document.createElement("mark");
        mark.className = "search-hit";
        mark.textContent = text.slice(h.at, h.end);
        frag.appendChild(mark);
        at = h.end;
        count++;
      });
      frag.appendChild(document.createTextNode(text.slice(at)));
      node.parentNode.replaceChild(frag, node);
    });
    if (!count) return;
    var bar = document.createElement("p");
    bar.className = "search-hits";
    bar.setAttribute("role", "status");
    bar.textContent = count + (count === 1 ? " match" : " matches") + " for \u201c" + saved.q + "\u201d ";
    var clearButton = document.createElement("button");
    clearButton.type = "button";
    clearButton.textContent = "Clear highlighting";
    clearButton.addEventListener("click", function () {
      root.querySelectorAll("mark.search-hit").forEach(function (m) {
        m.replaceWith(document.createTextNode(m.textContent));
      });
      root.normalize();
      bar.remove();
    });
    bar.appendChild(clearButton);
    root.insertBefore(bar, root.firstChild);
  }
  markPage();

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

  // The prefix whose words hold `term`: see files.rs's `shard_key`.
  function shardKey(term) {
    var chars = Array.from(term);
    var n = Math.min(2, chars.length);
    for (;;) {
      var key = chars.slice(0, n).join("");
      if (n === chars.length || meta.splits.indexOf(key) < 0) return key;
      n++;
    }
  }

  // The file a prefix's words are in (named by its prefix in meta.files), or null if there is
  // none: a two-letter prefix that is not split shares the file of the last of meta.packs not
  // after it (files.rs's `packs`). Prefixes compare as their UTF-8 bytes, as Rust orders them.
  function fileOf(key) {
    if (!meta.sizes) {
      meta.sizes = {};
      meta.files.forEach(function (f) { meta.sizes[f[0]] = f[1]; });
      meta.packHex = meta.packs.map(hex);
    }
    if (Array.from(key).length === 2 && meta.splits.indexOf(key) < 0) {
      var h = hex(key), lo = 0, hi = meta.packHex.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (meta.packHex[mid] <= h) lo = mid + 1; else hi = mid;
      }
      return lo > 0 ? meta.packs[lo - 1] : null;
    }
    return key in meta.sizes ? key : null;
  }

  // The word files each query word needs: the one its words are in and, for a word typed so
  // far that is itself a split prefix ("deplo" on a big site), files of its completions, up
  // to EXTRA_BUDGET bytes of them (a reader types letter by letter: each prefix loads its own).
  // Two- and three-letter prefixes get none: they match too many words to help.
  var EXTRA_BUDGET = 80000;
  function wordFiles(terms) {
    var total = 0;
    var plan = terms.map(function (t) {
      var file = fileOf(shardKey(t.stem));
      return file === null ? [] : [file];
    });
    terms.forEach(function (t, n) {
      if (Array.from(t.stem).length < 4 || shardKey(t.stem) !== t.stem || meta.splits.indexOf(t.stem) < 0) return;
      meta.files
        // Not the files of identifiers that go on from the word typed ("pool_size" for "pool"):
        // on a site with code they fill the budget, and typing "pool_" loads them.
        .filter(function (f) {
          return f[0] !== t.stem && f[0].lastIndexOf(t.stem, 0) === 0 && f[0].indexOf("_", t.stem.length) < 0;
        })
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
      .map(function (d) { return { doc: d, score: total[d] }; });
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

  // The sections of a page that answer, best first (the first section alone when none does),
  // each with its hits, its snippet's first hit and a proximity bonus. A section is
  // `[anchor, heading, text, code words]` (src/search/files.rs).
  function sectionsOf(page, terms) {
    var scored = page.s.map(function (sec, at) {
      var inHeading = hits(sec[1], terms);
      var found = hits(sec[2], terms);
      var inCode = hits(sec[3] || "", terms);
      var distinct = {};
      inHeading.concat(found, inCode).forEach(function (h) { distinct[h.term] = 1; });
      var count = Object.keys(distinct).length;
      var win = found.length ? window_(found, new Set(found.map(function (h) { return h.term; })).size) : [Infinity, 0];
      var near = count === terms.length && win[0] < Infinity ? 6 / (1 + win[0] - (terms.length - 1)) : 0;
      var score = count * 4 + inHeading.length * 2 + Math.min(found.length + inCode.length, 5) * 0.2 + near;
      return { sec: sec, at: at, count: count, found: found, code: inCode,
        first: found.length ? found[win[1]] : null, score: score, near: near };
    });
    var answering = scored.filter(function (s) { return s.count > 0; });
    var ranked = (answering.length ? answering : scored.slice(0, 1))
      .sort(function (a, b) { return b.score - a.score || a.at - b.at; });
    return ranked;
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

  // Pages shown at once; "Show more pages" shows the next as many.
  var BATCH = 10;
  // What the list shows: the query's words, every page found (ranked), how many are shown,
  // and the completion of the last word.
  var shown = null;
  // Said to screen readers: the count and the completion, as the footer shows them.
  var live = document.createElement("span");
  live.className = "visually-hidden";
  live.setAttribute("role", "status");
  input.parentNode.appendChild(live);

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
    shown = null;
    list.setAttribute("data-query", input.value);
    var li = document.createElement("li");
    li.className = "search-none";
    li.setAttribute("role", "option");
    li.setAttribute("aria-disabled", "true");
    li.textContent = text;
    list.appendChild(li);
    live.textContent = text;
    show(true);
  }

  function span(className, text) {
    var e = document.createElement("span");
    e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  // An option: a link to `page`'s section `s` (a scored section, see sectionsOf).
  function option(page, s, withTitle) {
    // The link is the option itself: an option holding a link would nest two controls.
    var a = document.createElement("a");
    a.setAttribute("role", "option");
    a.setAttribute("aria-selected", "false");
    var sec = s && s.sec;
    a.setAttribute("href", linkRoot + page.u + (sec && sec[0] ? "#" + sec[0] : ""));
    a.tabIndex = -1;
    if (withTitle) a.appendChild(span("search-title", page.t));
    if (sec && sec[1] && (sec[1] !== page.t || !withTitle)) a.appendChild(span("search-section", sec[1]));
    if (sec && sec[2] && (s.found.length || !s.code.length)) {
      a.appendChild(span("search-snippet")).appendChild(snippet(sec[2], s.found, s.first));
    }
    if (s && s.code.length) a.appendChild(span("search-code")).appendChild(codeWords(sec[3], s.code));
    return a;
  }

  // The code words that matched, marked, one after the other.
  function codeWords(text, found) {
    var frag = document.createDocumentFragment(), seen = {};
    found.forEach(function (h) {
      var w = text.slice(h.at, h.end);
      if (seen[w] || Object.keys(seen).length >= 4) return;
      seen[w] = 1;
      if (frag.childNodes.length) frag.appendChild(document.createTextNode(" "));
      frag.appendChild(document.createElement("mark")).textContent = w;
    });
    return frag;
  }

  function row(a, className) {
    var li = document.createElement("li");
    li.setAttribute("role", "none");
    if (className) li.className = className;
    li.appendChild(a);
    return li;
  }

  // A page's row: its best section, and how many more of its sections answer.
  function addPage(f) {
    var a = option(f.page, f.sections[0], true);
    var more = f.sections.length - 1;
    if (more > 0) {
      var m = a.appendChild(span("search-more", more + " more on this page"));
      m.setAttribute("data-more", "");
      a.more = f;
    }
    list.insertBefore(row(a), list.querySelector(".search-next, .search-status"));
  }

  // Shows the other sections of the page whose option is `a`, under it.
  function expand(a) {
    var f = a.more;
    if (!f) return;
    a.more = null;
    var m = a.querySelector(".search-more");
    if (m) m.remove();
    var after = a.parentNode.nextSibling;
    f.sections.slice(1).forEach(function (s) {
      list.insertBefore(row(option(f.page, s, false), "search-sub"), after);
    });
    number();
  }

  function number() {
    list.querySelectorAll("a[role=option]").forEach(function (a, n) { a.id = "quire-search-" + n; });
    var items = list.querySelectorAll("a[role=option]");
    if (active >= 0 && items[active]) input.setAttribute("aria-activedescendant", items[active].id);
  }

  // The pages ranked `top`, with their sections: their page files loaded.
  function pagesOf(top, terms) {
    return Promise.all(top.map(function (t) {
      // Page n is entry n % g of page file n / g.
      return load("d/" + Math.floor(t.doc / meta.g), meta.v).then(function (file) {
        var page = file[t.doc % meta.g];
        var sections = sectionsOf(page, terms);
        return { page: page, sections: sections, score: t.score + sections[0].near, doc: t.doc };
      });
    })).then(function (found) {
      return found.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    });
  }

  // The most frequent word on the pages found that goes on from the last one typed, as written
  // there (make_s: make_server); none when the query ends with a space.
  function completion(terms, found) {
    var last = terms[terms.length - 1];
    if (!last.last) return null;
    var counts = {}, re = /[\p{L}\p{N}_]+/gu, m;
    found.forEach(function (f) {
      f.page.s.forEach(function (sec) {
        var text = sec[1] + " " + sec[2] + " " + (sec[3] || "");
        while ((m = re.exec(text))) {
          var w = m[0];
          if (w.length > last.word.length && w.toLowerCase().lastIndexOf(last.word, 0) === 0) {
            counts[w] = (counts[w] || 0) + 1;
          }
        }
      });
    });
    var best = null;
    Object.keys(counts).forEach(function (w) {
      if (!best || counts[w] > counts[best] || (counts[w] === counts[best] &&
          (w.length < best.length || (w.length === best.length && w < best)))) best = w;
    });
    return best;
  }

  // The last row: how many pages, and the completion Tab accepts.
  function footer() {
    var old = list.querySelectorAll(".search-next, .search-status");
    old.forEach(function (e) { e.remove(); });
    var total = shown.ranked.length;
    if (shown.next < total) {
      var a = document.createElement("a");
      a.className = "search-next";
      a.setAttribute("role", "option");
      a.setAttribute("aria-selected", "false");
      a.tabIndex = -1;
      var more = Math.min(BATCH, total - shown.next);
      a.textContent = "Show " + more + (more === 1 ? " more page" : " more pages");
      list.appendChild(row(a, "search-next"));
    }
    var status = document.createElement("li");
    status.className = "search-status";
    status.setAttribute("aria-hidden", "true");
    var count = total + (total === 1 ? " page" : " pages");
    status.appendChild(span("search-count", count));
    var said = count + " found.";
    if (shown.completion) {
      var hint = status.appendChild(span("search-complete"));
      hint.appendChild(document.createElement("kbd")).textContent = "Tab";
      hint.appendChild(document.createTextNode(" " + shown.completion));
      said += " Press Tab to complete " + shown.completion + ".";
    }
    list.appendChild(status);
    live.textContent = said;
    number();
  }

  // Shows the next pages found.
  function showMore() {
    var mine = serial, from = shown.next;
    var first = list.querySelectorAll("a[role=option]:not(.search-next)").length;
    shown.next = Math.min(shown.ranked.length, from + BATCH);
    return pagesOf(shown.ranked.slice(from, shown.next), shown.terms).then(function (found) {
      if (mine !== serial) return;
      found.forEach(addPage);
      footer();
      // The keyboard goes on from the first page added.
      if (active >= 0) move(0, first);
    });
  }

  function run() {
    var started = performance.now();
    var query = input.value;
    var mine = ++serial;
    if (!query.trim()) {
      clear();
      shown = null;
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
        shown = null;
        show(false);
        return null;
      }
      var ranked = rank(terms, r[1]);
      return pagesOf(ranked.slice(0, BATCH), terms).then(function (found) { return [terms, ranked, found]; });
    }).then(function (r) {
      if (!r || mine !== serial) return;
      var found = r[2];
      if (!found.length) return note("No pages found");
      clear();
      shown = { terms: r[0], ranked: r[1], next: found.length, query: query, completion: completion(r[0], found) };
      found.forEach(addPage);
      footer();
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

  // Moves the active option by `by`, or to option `to` when given.
  function move(by, to) {
    var items = list.querySelectorAll("a[role=option]");
    if (!items.length) return;
    if (active >= 0 && items[active]) {
      items[active].parentNode.classList.remove("active");
      items[active].setAttribute("aria-selected", "false");
    }
    active = to === undefined ? (active + by + items.length) % items.length : Math.min(to, items.length - 1);
    if (active < 0) active = 0;
    items[active].parentNode.classList.add("active");
    items[active].setAttribute("aria-selected", "true");
    items[active].scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", items[active].id);
  }

  // What choosing an option does: more pages, or the page (its words to be marked there).
  function choose(a, e) {
    if (a.classList.contains("search-next")) {
      if (e) e.preventDefault();
      showMore();
      return;
    }
    if (shown) remember(a.href, shown.query, shown.terms);
    if (!e) window.location.href = a.href;
  }

  // Tab takes the completion of the last word, when the caret is at the end.
  function complete(e) {
    var typed = /[\p{L}\p{N}_]+$/u.exec(input.value);
    if (!shown || !shown.completion || !typed || input.selectionStart !== input.value.length ||
        shown.query !== input.value) return;
    e.preventDefault();
    input.value = input.value.slice(0, typed.index) + shown.completion;
    run();
  }

  input.addEventListener("focus", function () {
    loadMeta().catch(function () {});
    if (list.children.length && input.value.trim()) show(true);
  });
  // Keystrokes that come faster than a reader reads (a pasted or quickly typed query) make
  // one query: each prefix would otherwise load its own word files.
  var typing = 0;
  input.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(run, 50);
  });
  input.addEventListener("keydown", function (e) {
    var items = list.querySelectorAll("a[role=option]");
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      move(e.key === "ArrowDown" ? 1 : -1);
    } else if (e.key === "ArrowRight" && active >= 0 && items[active] && items[active].more) {
      // The active page's other sections, under it.
      e.preventDefault();
      expand(items[active]);
    } else if (e.key === "Tab" && !e.shiftKey) {
      complete(e);
    } else if (e.key === "Enter") {
      var go = items[active >= 0 ? active : 0];
      if (go) {
        e.preventDefault();
        choose(go);
      }
    } else if (e.key === "Escape") {
      // Closed, the query and its results kept for the box's next focus (a search field
      // would clear itself on Escape).
      e.preventDefault();
      show(false);
      input.blur();
      document.documentElement.classList.remove("search-open");
    }
  });
  list.addEventListener("click", function (e) {
    var a = e.target.closest("a[role=option]");
    if (!a) return;
    if (e.target.closest("[data-more]")) {
      e.preventDefault();
      expand(a);
      return;
    }
    choose(a, e);
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
