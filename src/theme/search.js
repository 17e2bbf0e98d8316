// quire's search box. The index is fetched the first time the box is used, so
// pages stay light; "no-cache" makes the browser revalidate it, since its name
// carries no hash. Results are built with textContent, never innerHTML: a page
// title is shown as text, whatever it contains.
(function () {
  "use strict";
  var input = document.getElementById("quire-search");
  var list = document.getElementById("quire-search-results");
  if (!input || !list) return;
  var index = null;
  var requested = false;

  function load() {
    if (requested) return;
    requested = true;
    fetch((input.getAttribute("data-root") || "/") + input.getAttribute("data-index"), { cache: "no-cache" })
      .then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      })
      .then(function (data) {
        index = data;
        run();
      })
      .catch(function () {
        requested = false;
      });
  }

  // The same splitting as the index's: lower case, letters, digits and _.
  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(function (w) {
      return Array.from(w).length >= 2 && index.stop.indexOf(w) < 0;
    });
  }

  // The first word at or after `w` in the sorted word list.
  function lowerBound(w) {
    var lo = 0, hi = index.words.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (index.words[mid] < w) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function addPostings(scores, i, weight) {
    var doc = 0;
    index.postings[i].forEach(function (gap) {
      doc += gap;
      if (!(doc in scores) || scores[doc] < weight) scores[doc] = weight;
    });
  }

  // Pages holding every word typed; the last word may be unfinished, so it also matches as a prefix.
  function search(query) {
    var q = words(query);
    if (!q.length) return [];
    var total = null;
    q.forEach(function (w, n) {
      var scores = {};
      var i = lowerBound(w);
      if (index.words[i] === w) addPostings(scores, i, 2);
      if (n === q.length - 1) {
        for (var j = i; j < index.words.length && index.words[j].lastIndexOf(w, 0) === 0; j++) {
          if (index.words[j] !== w) addPostings(scores, j, 1);
        }
      }
      Object.keys(scores).forEach(function (d) {
        if (index.docs[d][0].toLowerCase().indexOf(w) >= 0) scores[d] += 3;
      });
      if (total === null) {
        total = scores;
      } else {
        var both = {};
        Object.keys(total).forEach(function (d) {
          if (d in scores) both[d] = total[d] + scores[d];
        });
        total = both;
      }
    });
    return Object.keys(total)
      .map(Number)
      .sort(function (a, b) { return total[b] - total[a] || a - b; })
      .slice(0, 12)
      .map(function (d) { return index.docs[d]; });
  }

  function run() {
    if (!index) return;
    while (list.firstChild) list.removeChild(list.firstChild);
    var query = input.value.trim();
    if (!query) {
      list.hidden = true;
      return;
    }
    var found = search(query);
    if (!found.length) {
      var none = document.createElement("li");
      none.className = "search-none";
      none.textContent = "No pages found";
      list.appendChild(none);
    }
    found.forEach(function (doc) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.setAttribute("href", (input.getAttribute("data-root") || "/") + doc[1]);
      a.textContent = doc[0];
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = false;
  }

  input.addEventListener("focus", load);
  input.addEventListener("input", function () {
    load();
    run();
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      input.value = "";
      run();
    } else if (e.key === "Enter") {
      var first = list.querySelector("a");
      if (first) window.location.href = first.getAttribute("href");
    }
  });
})();
