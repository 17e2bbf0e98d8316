    if (c.link) {
      // A nav's link out of the site: opened in the same tab, marked, and said so.
      a.href = c.path;
      a.textContent = c.title;
      a.setAttribute("aria-label", c.title + " (another site)");
      var mark = document.createElement("span");
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = " \u2197";
      a.appendChild(mark);
      li.appendChild(a);
      if (before) list.insertBefore(li, here); else list.appendChild(li);
      return;
    }
    a.href = root + c.path;
