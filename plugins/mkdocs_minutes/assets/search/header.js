// mkdocs-minutes: Pagefind behind Material's header search box.
(function () {
  "use strict";
  var E = MinutesEngine;
  var script = document.currentScript;
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
  var base = config.base
    ? new URL(config.base.replace(/\/?$/, "/"), location.href).href
    : E.siteBase(script);
  var engine = new E.Engine(base, { parts: false });
  var SEARCH_PAGE = "search/";   // the search page (search/index.html without directory URLs)
  var PAGE = 10;                 // results rendered at once (more on scrolling)
  var SECTIONS = 3;              // items shown per page, the rest under "N more"
  var timer = 0;
  var running = false;
  var pending = null;
  var generation = 0;
  var results = [];
  var shown = 0;
  var busy = false;
  // Under the results, a link to the search page (filters, sorting), built as Material
  // builds a result so that its keys reach it; its score is the lowest, so Enter in the
  // box still opens the best result.
  var more = E.element("a", "minutes-search-page");
  var moreText = E.element("div", "md-search-result__article");
  moreText.setAttribute("data-md-score", "-1");
  more.appendChild(moreText);
  more.hidden = true;
  more.tabIndex = -1;
  list.insertAdjacentElement("afterend", more);

  function text(key, fallback, count) {
    var value = texts[key] || fallback;
    return count === undefined ? value : value.replace("#", String(count));
  }

  function load() {
    return engine.load().catch(function (error) {
      meta.textContent = "Search is unavailable: " + error.message;
      throw error;
    });
  }

  function link(href, score, heading, title, body) {
    var anchor = E.element("a", "md-search-result__link");
    anchor.href = href;
    anchor.tabIndex = -1;
    var article = E.element("article", "md-search-result__article md-typeset");
    article.setAttribute("data-md-score", String(score));
    if (heading === "h1") article.appendChild(E.element("div", "md-search-result__icon md-icon"));
    article.appendChild(E.element(heading, "", title));
    if (body) {
      var teaser = E.element("p", "minutes-search-excerpt");
      teaser.innerHTML = body;  // words escaped by the engine; only <mark> is markup
      article.appendChild(teaser);
    }
    anchor.appendChild(article);
    return anchor;
  }

  // One page: Material's result item, the page then its best items as sections.
  function render(data, score) {
    var item = E.element("li", "md-search-result__item");
    var what = E.describe(data);
    var url = new URL(what.page, base).href;
    var found = E.sections(data);
    item.appendChild(link(url, score, "h1", what.title, found.lead));
    var folded = null;
    found.groups.forEach(function (group, i) {
      var section = link(url + "#" + encodeURIComponent(group.id), score + 0.5 - i / 1000,
        "h2", group.title, group.excerpt);
      if (i < SECTIONS) {
        item.appendChild(section);
        return;
      }
      if (!folded) {
        var rest = found.groups.length - SECTIONS;
        folded = E.element("details", "md-search-result__more");
        var summary = E.element("summary");
        summary.tabIndex = -1;
        summary.appendChild(E.element("div", "", rest === 1
          ? text("search.result.more.one", "1 more on this page")
          : text("search.result.more.other", "# more on this page", rest)));
        folded.appendChild(summary);
        item.appendChild(folded);
      }
      folded.appendChild(section);
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

  function next(run) {
    if (busy || shown >= results.length) return;
    busy = true;
    var batch = results.slice(shown, shown + PAGE);
    Promise.all(batch.map(function (r) { return r.data(); })).then(function (datas) {
      busy = false;
      append(datas, run);
    }, function () { busy = false; });
  }

  function pageLink(term) {
    if (!term) {
      more.hidden = true;
      return;
    }
    more.href = new URL(SEARCH_PAGE + "?q=" + encodeURIComponent(term), base).href;
    moreText.textContent = "Filter and sort these results on the search page \u2192";
    more.hidden = false;
  }

  function count(found) {
    return found === 0
      ? text("search.result.none", "No matching documents")
      : found === 1
        ? text("search.result.one", "1 matching document")
        : text("search.result.other", "# matching documents", found);
  }

  function show(found, datas, term) {
    var run = ++generation;
    results = found;
    shown = 0;
    busy = false;
    meta.textContent = count(found.length);
    list.innerHTML = "";
    append(datas, run);
    pageLink(term);
  }

  function current(term) {
    return term === input.value.trim();
  }

  // One search at a time, asked of one block after another (the newest meetings first):
  // a word in most meetings of a large archive takes Pagefind a few hundred
  // milliseconds over all of them, a fraction of that per block. The results found so far
  // are shown as soon as they fill a page (or PARTIAL ms have passed), the whole ranking
  // when every block has answered (the list says which: data-minutes-search="partial"
  // or "done"); a rare word's blocks all answer first, and it is drawn once. A term the
  // reader has typed past stops at the next block, and only the latest waits its turn.
  var PARTIAL = 150;

  function search(term) {
    if (!term) {
      pending = null;
      generation++;
      results = [];
      shown = 0;
      list.innerHTML = "";
      pageLink("");
      meta.textContent = text("search.result.placeholder", "Type to start searching");
      return;
    }
    if (running) {
      pending = term;
      return;
    }
    running = true;
    result.setAttribute("data-minutes-search", "searching");
    var started = performance.now();
    var found = [];
    var drawn = false;

    var drawnIds = "";
    var partial = Promise.resolve();
    var first = Promise.resolve();

    // The first result is drawn as soon as its page's data arrives, the others after it.
    function draw(done) {
      var ordered = found.slice().sort(function (a, b) { return b.score - a.score; });
      var top = ordered.slice(0, PAGE);
      var ids = top.map(function (r) { return r.id; }).join(" ");
      drawn = true;
      if (done && ids === drawnIds && shown === top.length) {  // as the partial one
        results = ordered;
        meta.textContent = count(ordered.length);
        result.setAttribute("data-minutes-search", "done");
        return Promise.resolve();
      }
      drawnIds = ids;
      // A partial ranking shows its first few: the whole one may put others first.
      var datas = top.slice(0, done ? PAGE : SECTIONS).map(function (r) { return r.data(); });
      if (!datas.length) {
        show(ordered, [], term);
        result.setAttribute("data-minutes-search", "done");
        return Promise.resolve();
      }
      first = datas[0];
      return datas[0].then(function (data) {
        if (!current(term) || drawnIds !== ids) return;
        show(ordered, [data], term);
        var run = generation;
        return Promise.all(datas.slice(1)).then(function (rest) {
          if (!current(term) || drawnIds !== ids) return;
          append(rest, run);
          result.setAttribute("data-minutes-search", done ? "done" : "partial");
        });
      });
    }

    load().then(function () {
      return engine.steps().reduce(function (chain, block, i, steps) {
        return chain.then(function () {
          if (!current(term) || (pending !== null && pending !== term)) return;
          return engine.search(term, { filters: { block: block } }).then(function (r) {
            found = found.concat(r.results);
            var last = i === steps.length - 1;
            var waited = performance.now() - started > PARTIAL;
            if (!drawn && !last && found.length && (found.length >= PAGE || waited)) {
              // Drawn while the other blocks are asked, once the first result is: Pagefind
              // answers in order, and a block's search would hold up the page's data.
              partial = draw(false);
              return first;
            }
          });
        });
      }, Promise.resolve());
    }).then(function () {
      return partial;
    }).then(function () {
      if (current(term) && (pending === null || pending === term)) return draw(true);
    }).catch(function () {}).then(function () {
      running = false;
      var latest = pending;
      pending = null;
      if (latest !== null && latest !== term) search(latest);
    });
  }

  // How long to wait after a key before searching. Each search of a word reads a chunk of
  // the index from every bundle; the words on the way to the one typed would read chunks
  // of their own, so a search waits for a pause in the typing, longer for a short word
  // (it matches many others).
  function pause(term) {
    return !term ? 0 : term.length > 4 ? 100 : term.length > 2 ? 200 : 300;
  }

  function changed() {
    var term = input.value.trim();
    clearTimeout(timer);
    // The index chunks of the word typed so far are fetched at once, on every key: a
    // search of a block reads the chunks of every bundle (Pagefind merges them), and the
    // word typed next is mostly in the same chunks. At 5,000 meetings this took a common
    // word's first result from 270 ms to 130 ms after the last key.
    if (term.length > 2) engine.preload(term);
    timer = setTimeout(function () { search(term); }, pause(term));
  }

  input.addEventListener("focus", function () {
    load().catch(function () {});
    if (!input.value.trim()) {
      meta.textContent = text("search.result.placeholder", "Type to start searching");
    }
  });
  input.addEventListener("input", changed);
  if (input.form) {
    input.form.addEventListener("reset", function () { setTimeout(changed, 0); });
  }
  scroll.addEventListener("scroll", function () {
    if (scroll.scrollTop + scroll.clientHeight >= scroll.scrollHeight - 200) next(generation);
  }, { passive: true });
  if (input.value.trim()) changed();
})();
