"""The browser side of Pagefind search, shipped as generated files of the site.

``search.js`` takes over Material's header search box: Material keeps its UI (the ``/``,
``s`` and ``f`` keys, the overlay, arrow keys between results, Enter on the best result,
Escape), the script loads ``pagefind/pagefind.js`` on the first focus, searches as the
reader types (after a 60 ms pause, one search at a time) and writes results in Material's
own result markup: a page per result (a meeting's title carries its date), and under it
the items, updates or headings where the words are, each linking to its anchor, like
Material's sections. Material's lunr worker is swapped for one that never answers, so
Material never renders results of its own over these; the plugin also keeps every page
out of Material's index, so the index every page fetches is a few hundred bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

JS_SRC = "assets/minutes/search.js"
CSS_SRC = "assets/minutes/search.css"

MATERIAL_WORKER = re.compile(r"^assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")
"""Material's lunr worker; its URL is in every page's ``__config``."""

IDLE_WORKER = """\
// mkdocs-minutes: search runs on Pagefind (assets/minutes/search.js). Material's search UI
// stays; this worker takes Material's place and never answers, so Material never indexes
// or renders results.
self.onmessage = function () {};
"""

SEARCH_CSS = """\
.md-search-result .minutes-search-meeting { margin: .2em 0 0; font-size: .64rem;
  color: var(--md-default-fg-color--light); }
.md-search-result .minutes-search-excerpt { margin: .4em 0 0; }
"""

SEARCH_JS = r"""// mkdocs-minutes: Pagefind behind Material's header search box.
(function () {
  "use strict";
  var input = document.querySelector(".md-search__input");
  var result = document.querySelector("[data-md-component=search-result]");
  if (!input || !result) return;
  var meta = result.querySelector(".md-search-result__meta");
  var list = result.querySelector(".md-search-result__list");
  var scroll = result.closest(".md-search__scrollwrap") || result.parentElement;
  var config = {};
  try {
    config = JSON.parse(document.getElementById("__config").textContent);
  } catch (error) { /* not Material's page template: English texts */ }
  var texts = config.translations || {};
  var base = new URL((config.base || ".").replace(/\/?$/, "/"), location.href);
  var ITEMS = "minutes_items";  // page metadata: anchor -> title of items and updates
  var PAGE = 10;                 // results rendered at once (more on scrolling)
  var SECTIONS = 3;              // items shown per page, the rest under "N more"
  var EXCERPT = 24;              // words
  var pagefind = null;
  var loading = null;
  var timer = 0;
  var running = false;
  var pending = null;
  var generation = 0;
  var results = [];
  var shown = 0;
  var busy = false;

  function text(key, fallback, count) {
    var value = texts[key] || fallback;
    return count === undefined ? value : value.replace("#", String(count));
  }

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
        return Promise.resolve(module.options({ excerptLength: EXCERPT }))
          .then(function () { return module.init(); })
          .then(function () { pagefind = module; return module; });
      });
      loading.catch(function (error) {
        meta.textContent = "Search is unavailable: " + error;
      });
    }
    return loading;
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }

  function escape(word) {
    return word.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // An excerpt of words[start, end) around the first hit, hits marked.
  function excerpt(words, hits, start, end) {
    var first = hits.length ? hits[0] : start;
    var from = Math.max(start, Math.min(first - 4, end - EXCERPT));
    var marked = {};
    hits.forEach(function (at) { marked[at] = true; });
    var out = [];
    for (var at = from; at < Math.min(end, from + EXCERPT); at++) {
      if (words[at] === undefined) break;
      out.push(marked[at] ? "<mark>" + escape(words[at]) + "</mark>" : escape(words[at]));
    }
    return out.join(" ");
  }

  // The hits of a page grouped by the item, update or heading before them: Pagefind
  // gives every id with its word position, and the position of every hit.
  function sections(data) {
    var titles = {};
    try { titles = JSON.parse((data.meta && data.meta[ITEMS]) || "{}"); } catch (error) {}
    var anchors = (data.anchors || []).filter(function (a) {
      return /^h[2-6]$/i.test(a.element) || Object.prototype.hasOwnProperty.call(titles, a.id);
    }).sort(function (a, b) { return a.location - b.location; });
    var words = (data.content || "").split(/[\r\n\s]+/);
    var weights = {};
    (data.weighted_locations || []).forEach(function (w) {
      weights[w.location] = (weights[w.location] || 0) + (w.balanced_score || 1);
    });
    var hits = (data.locations || []).slice().sort(function (a, b) { return a - b; });
    var page = [];
    var groups = [];
    var byId = {};
    var next = 0;
    hits.forEach(function (at) {
      while (next < anchors.length && anchors[next].location <= at) next++;
      if (next === 0) { page.push(at); return; }
      var anchor = anchors[next - 1];
      var group = byId[anchor.id];
      if (!group) {
        var title = titles[anchor.id] || (anchor.text || anchor.id).replace(/\s*\u00b6\s*$/, "");
        group = byId[anchor.id] = {
          id: anchor.id,
          title: title.length > 90 ? title.slice(0, 89) + "\u2026" : title,
          start: anchor.location,
          end: next < anchors.length ? anchors[next].location : words.length,
          hits: [],
          score: 0
        };
        groups.push(group);
      }
      group.hits.push(at);
      group.score += weights[at] || 1;
    });
    groups.forEach(function (g) { g.excerpt = excerpt(words, g.hits, g.start, g.end); });
    groups.sort(function (a, b) { return b.score - a.score || a.start - b.start; });
    var lead = page.length ? excerpt(words, page, 0, anchors.length ? anchors[0].location : words.length)
      : groups.length ? "" : data.excerpt || "";
    return { lead: lead, groups: groups };
  }

  function link(href, score, heading, title, body) {
    var anchor = element("a", "md-search-result__link");
    anchor.href = href;
    anchor.tabIndex = -1;
    var article = element("article", "md-search-result__article md-typeset");
    article.setAttribute("data-md-score", String(score));
    if (heading === "h1") article.appendChild(element("div", "md-search-result__icon md-icon"));
    article.appendChild(element(heading, "", title));
    if (body) {
      var teaser = element("p", "minutes-search-excerpt");
      teaser.innerHTML = body;  // words escaped above; only <mark> is markup
      article.appendChild(teaser);
    }
    anchor.appendChild(article);
    return anchor;
  }

  // One page: Material's result item, the page then its best items as sections.
  function render(data, score) {
    var item = element("li", "md-search-result__item");
    var url = data.url.split("#")[0];
    var found = sections(data);
    var title = (data.meta && data.meta.title) || url;
    item.appendChild(link(url, score, "h1", title, found.lead));
    var more = null;
    found.groups.forEach(function (group, i) {
      var section = link(url + "#" + encodeURIComponent(group.id), score + 0.5 - i / 1000,
        "h2", group.title, group.excerpt);
      if (i < SECTIONS) {
        item.appendChild(section);
        return;
      }
      if (!more) {
        var rest = found.groups.length - SECTIONS;
        more = element("details", "md-search-result__more");
        var summary = element("summary");
        summary.tabIndex = -1;
        summary.appendChild(element("div", "", rest === 1
          ? text("search.result.more.one", "1 more on this page")
          : text("search.result.more.other", "# more on this page", rest)));
        more.appendChild(summary);
        item.appendChild(more);
      }
      more.appendChild(section);
    });
    return item;
  }

  function append(datas, run) {
    if (run !== generation) return;
    var fragment = document.createDocumentFragment();
    datas.forEach(function (data, i) {
      fragment.appendChild(render(data, results.length - shown - i));
    });
    shown += datas.length;
    list.appendChild(fragment);
  }

  function more(run) {
    if (busy || shown >= results.length) return;
    busy = true;
    var batch = results.slice(shown, shown + PAGE);
    Promise.all(batch.map(function (r) { return r.data(); })).then(function (datas) {
      busy = false;
      append(datas, run);
    }, function () { busy = false; });
  }

  function show(found, datas) {
    var run = ++generation;
    results = found;
    shown = 0;
    busy = false;
    var count = found.length;
    meta.textContent = count === 0
      ? text("search.result.none", "No matching documents")
      : count === 1
        ? text("search.result.one", "1 matching document")
        : text("search.result.other", "# matching documents", count);
    list.innerHTML = "";
    append(datas, run);
  }

  function current(term) {
    return term === input.value.trim();
  }

  // One search at a time: while Pagefind works, only the latest term waits its turn, and
  // results of a term the reader has typed past are never shown.
  function search(term) {
    if (!term) {
      pending = null;
      generation++;
      results = [];
      shown = 0;
      list.innerHTML = "";
      meta.textContent = text("search.result.placeholder", "Type to start searching");
      return;
    }
    if (running) {
      pending = term;
      return;
    }
    running = true;
    load().then(function (pf) { return pf.search(term); }).then(function (found) {
      if (!found || !current(term)) return;
      var first = found.results.slice(0, PAGE);
      return Promise.all(first.map(function (r) { return r.data(); })).then(function (datas) {
        if (current(term)) show(found.results, datas);
      });
    }).catch(function () {}).then(function () {
      running = false;
      var latest = pending;
      pending = null;
      if (latest !== null && latest !== term) search(latest);
    });
  }

  function changed() {
    var term = input.value.trim();
    clearTimeout(timer);
    timer = setTimeout(function () { search(term); }, term ? 60 : 0);
  }

  input.addEventListener("focus", function () {
    load();
    if (!input.value.trim()) {
      meta.textContent = text("search.result.placeholder", "Type to start searching");
    }
  });
  input.addEventListener("input", changed);
  if (input.form) {
    input.form.addEventListener("reset", function () { setTimeout(changed, 0); });
  }
  scroll.addEventListener("scroll", function () {
    if (scroll.scrollTop + scroll.clientHeight >= scroll.scrollHeight - 200) more(generation);
  }, { passive: true });
  if (input.value.trim()) changed();
})();
"""


def search_assets(existing: Iterable[str]) -> dict[str, str]:
    """Files to add or replace when Pagefind is the engine: our script and stylesheet, and
    an idle worker in place of Material's (found among ``existing`` source paths)."""
    files = {JS_SRC: SEARCH_JS, CSS_SRC: SEARCH_CSS}
    for src_uri in existing:
        if MATERIAL_WORKER.match(src_uri):
            files[src_uri] = IDLE_WORKER
    return files
