"""The browser side of Pagefind search, shipped as generated files of the site.

``search.js`` takes over Material's header search box: Material keeps its UI (the ``/``,
``s`` and ``f`` keys, the overlay, arrow keys between results, Enter on the best result,
Escape), the script loads ``pagefind/pagefind.js`` on the first focus, searches as the
reader types (a 60 ms pause) and writes results in Material's own result markup.
Material's lunr worker is swapped for one that never answers, so Material never renders
results of its own over ours; the plugin also keeps every page out of Material's index,
so the index every page fetches is a few hundred bytes.
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
  } catch (error) { /* no Material configuration: English texts */ }
  var texts = config.translations || {};
  var base = new URL((config.base || ".").replace(/\/?$/, "/"), location.href);
  var PAGE = 10;
  var pagefind = null;
  var loading = null;
  var timer = 0;
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
        return Promise.resolve(module.options({ excerptLength: 24 }))
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

  function render(data, score) {
    var item = element("li", "md-search-result__item");
    var link = element("a", "md-search-result__link");
    link.href = data.url;
    link.tabIndex = -1;
    var article = element("article", "md-search-result__article md-typeset");
    article.setAttribute("data-md-score", String(score));
    article.appendChild(element("div", "md-search-result__icon md-icon"));
    var title = (data.meta && data.meta.title) || data.url;
    article.appendChild(element("h1", "", title));
    if (data.meta && data.meta.meeting) {
      article.appendChild(element("p", "minutes-search-meeting", data.meta.meeting));
    }
    var excerpt = element("p", "minutes-search-excerpt");
    excerpt.innerHTML = data.excerpt || "";  // Pagefind escapes the text; only <mark> is HTML
    article.appendChild(excerpt);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  function more(run) {
    if (busy || shown >= results.length) return Promise.resolve();
    busy = true;
    var batch = results.slice(shown, shown + PAGE);
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (datas) {
      busy = false;
      if (run !== generation) return;
      var fragment = document.createDocumentFragment();
      datas.forEach(function (data, i) {
        fragment.appendChild(render(data, results.length - shown - i));
      });
      shown += batch.length;
      list.appendChild(fragment);
    }, function () { busy = false; });
  }

  function search(term) {
    var run = ++generation;
    if (!term) {
      results = [];
      shown = 0;
      list.innerHTML = "";
      meta.textContent = text("search.result.placeholder", "Type to start searching");
      return;
    }
    load().then(function (pf) { return pf.search(term); }).then(function (found) {
      if (run !== generation || !found) return;
      results = found.results;
      shown = 0;
      busy = false;
      var first = results.slice(0, PAGE);
      return Promise.all(first.map(function (r) { return r.data(); })).then(function (datas) {
        if (run !== generation) return;
        var count = results.length;
        meta.textContent = count === 0
          ? text("search.result.none", "No matching documents")
          : count === 1
            ? text("search.result.one", "1 matching document")
            : text("search.result.other", "# matching documents", count);
        var fragment = document.createDocumentFragment();
        datas.forEach(function (data, i) { fragment.appendChild(render(data, count - i)); });
        shown = first.length;
        list.innerHTML = "";
        list.appendChild(fragment);
      });
    });
  }

  function changed() {
    var term = input.value.trim();
    clearTimeout(timer);
    if (term && pagefind) pagefind.preload(term);
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
