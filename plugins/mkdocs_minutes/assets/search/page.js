// mkdocs-minutes: the search page (search/). Its state is the URL:
//   search/?q=OVH&series=community&person=minrk&year=2019&kind=item&sort=newest
// Unknown values are ignored. This file is loaded by the page itself, before Material's
// bundle: it takes ?q= out of the address first (Material would open its own search
// overlay on it and take the focus), and puts it back once Material has looked.
(function () {
  "use strict";
  var E = MinutesEngine;
  var script = document.currentScript;
  var address = location.href;
  var early = new URL(address);
  if (early.searchParams.has("q")) {
    early.searchParams.delete("q");
    history.replaceState(history.state, "", early.href);
  }

  // The index starts loading now, while the theme's own files load (before the page's
  // DOMContentLoaded): the bundles' list, Pagefind's script, each bundle's metadata.
  var engine = new E.Engine(E.siteBase(script), { parts: true, pages: false, worker: false });
  engine.load().catch(function () { /* said when a search needs it */ });

  var KEYS = ["series", "person", "year", "kind"];
  var KINDS = { meeting: "", item: "agenda item", update: "update", action: "action" };
  var PAGE = 10;                 // results shown at first, and added by "More results"
  var SECTIONS = 3;              // items shown under a result, the others folded

  // The page, once Material has run: one closure over the page's elements and its state
  // (longer than a function should be, for that reason); the functions inside are short.
  function start() {
    if (location.href === early.href) history.replaceState(history.state, "", address);
    var form = document.querySelector("[data-minutes-search]");
    var list = document.querySelector("[data-minutes-results]");
    var status = document.querySelector("[data-minutes-status]");
    var more = document.querySelector("[data-minutes-more]");
    if (!form || !list || !status || !more) return;
    var query = form.elements.namedItem("q");
    var sort = form.querySelector("[data-minutes-sort]");
    var selects = {};
    var keys = KEYS.filter(function (key) {
      selects[key] = form.querySelector('[data-minutes-filter="' + key + '"]');
      return !!selects[key];
    });
    var run = 0;
    var timer = 0;
    var results = [];
    var shown = 0;

    function allowed(select, value) {
      return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
    }

    // The state in the URL, values no select offers left out.
    function read() {
      var params = new URL(location.href).searchParams;
      var state = { q: (params.get("q") || "").trim(), sort: "relevance" };
      keys.forEach(function (key) {
        var value = params.get(key) || "";
        state[key] = allowed(selects[key], value) ? value : selects[key].options[0].value;
      });
      var wanted = params.get("sort") || "";
      if (allowed(sort, wanted)) state.sort = wanted;
      return state;
    }

    function fill(state) {
      query.value = state.q;
      keys.forEach(function (key) { selects[key].value = state[key]; });
      sort.value = state.sort;
    }

    function collect() {
      var state = { q: query.value.trim(), sort: sort.value };
      keys.forEach(function (key) { state[key] = selects[key].value; });
      return state;
    }

    function write(state) {
      var url = new URL(location.href);
      url.search = "";
      if (state.q) url.searchParams.set("q", state.q);
      keys.forEach(function (key) {
        if (state[key] && state[key] !== selects[key].options[0].value) {
          url.searchParams.set(key, state[key]);
        }
      });
      if (state.sort !== "relevance") url.searchParams.set("sort", state.sort);
      if (url.href !== location.href) history.replaceState(history.state, "", url.href);
    }

    function filters(state, without) {
      var found = {};
      keys.forEach(function (key) {
        if (key !== without && state[key]) found[key] = state[key];
      });
      return found;
    }

    function active(state) {
      return keys.some(function (key) {
        return key !== "kind" && state[key];
      });
    }

    // Counts beside each choice: what the results would be with that choice instead
    // (without a search: the archive's own counts, as the page was written).
    var written = new Map();
    keys.forEach(function (key) {
      Array.prototype.forEach.call(selects[key].options, function (option) {
        written.set(option, option.textContent);
      });
    });
    function label(key, counts) {
      Array.prototype.forEach.call(selects[key].options, function (option) {
        var name = option.getAttribute("data-label");
        if (!name) return;
        option.textContent = counts
          ? name + " (" + (counts[option.value] || 0) + ")"
          : written.get(option);
      });
    }

    function counts(state, found, token) {
      var jobs = [];
      keys.forEach(function (key) {
        if (key === "kind" || state[key]) {
          jobs.push(function () {
            return engine.search(state.q, { filters: filters(state, key) }).then(function (r) {
              if (token === run) label(key, r.filters[key]);
            });
          });
        } else {
          label(key, found.filters[key]);
        }
      });
      return jobs.reduce(function (chain, job) {
        return chain.then(function () { if (token === run) return job(); });
      }, Promise.resolve()).catch(function () {});
    }

    // Newest or oldest first: each block of dates is asked in turn (Pagefind sorts within
    // one of the merged bundles, never across them); blocks without a hit are skipped.
    function sorted(state, found) {
      var perBlock = (found.filters && found.filters.block) || {};
      var blocks = engine.blocks.map(function (b) { return b.block; });
      if (state.sort === "oldest") blocks.reverse();
      var direction = state.sort === "oldest" ? "asc" : "desc";
      var out = [];
      return blocks.reduce(function (chain, block) {
        return chain.then(function () {
          if (!perBlock[block]) return;
          var only = filters(state);
          only.block = block;
          return engine.search(state.q, { filters: only, sort: { date: direction } })
            .then(function (r) { out = out.concat(r.results); });
        });
      }, Promise.resolve()).then(function () { return out; });
    }

    function say(text) {
      status.textContent = text;
    }

    function summary(state, count) {
      var what = KINDS[state.kind || "meeting"];
      var text = count === 1 ? "1 meeting" : count + " meetings";
      if (state.q && what) {
        text += " with " + (count === 1 ? "an " : "") + what + (count === 1 ? "" : "s") +
          " matching \u201c" + state.q + "\u201d";
      } else if (state.q) {
        text += " matching \u201c" + state.q + "\u201d";
      }
      var order = state.sort === "newest" || (!state.q && state.sort === "relevance")
        ? ", newest first" : state.sort === "oldest" ? ", oldest first" : "";
      return text + order + ".";
    }

    function result(data) {
      var what = E.describe(data);
      var page = new URL(what.page, E.siteBase(script)).href;
      var found = E.sections(data);
      var item = E.element("li", "minutes-search__result");
      var head = E.element("a", "minutes-search__title", what.title);
      head.href = page;
      item.appendChild(head);
      if (found.lead) {
        var lead = E.element("p", "minutes-search__excerpt");
        lead.innerHTML = found.lead;  // words escaped by the engine; only <mark> is markup
        item.appendChild(lead);
      }
      if (found.groups.length) {
        var inner = E.element("ul", "minutes-search__items");
        found.groups.slice(0, SECTIONS).forEach(function (group) {
          inner.appendChild(section(page, group));
        });
        item.appendChild(inner);
      }
      var rest = found.groups.length - SECTIONS;
      if (rest > 0) {
        var folded = E.element("details", "minutes-search__fold");
        folded.appendChild(E.element("summary", "",
          rest === 1 ? "1 more in this meeting" : rest + " more in this meeting"));
        var hidden = E.element("ul", "minutes-search__items");
        found.groups.slice(SECTIONS).forEach(function (group) {
          hidden.appendChild(section(page, group));
        });
        folded.appendChild(hidden);
        item.appendChild(folded);
      }
      return item;
    }

    // An item, update, action or heading of a result: a link to its anchor, its excerpt.
    function section(page, group) {
      var entry = E.element("li");
      var to = E.element("a", "", group.title);
      to.href = page + "#" + encodeURIComponent(group.id);
      entry.appendChild(to);
      if (group.excerpt) {
        var text = E.element("p", "minutes-search__excerpt");
        text.innerHTML = group.excerpt;  // escaped by the engine
        entry.appendChild(text);
      }
      return entry;
    }

    function page(token) {
      var batch = results.slice(shown, shown + PAGE);
      more.disabled = true;
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (datas) {
        if (token !== run) return;
        var fragment = document.createDocumentFragment();
        datas.forEach(function (data) { fragment.appendChild(result(data)); });
        list.appendChild(fragment);
        shown += batch.length;
        more.hidden = shown >= results.length;
        more.disabled = false;
      });
    }

    // The list says where the search is (data-minutes-search: searching, done), for
    // whoever waits on it: an assistive tool, a test.
    function mark(value) {
      list.setAttribute("data-minutes-search", value);
    }

    function search(state) {
      var token = ++run;
      write(state);
      mark("searching");
      if (!state.q && !active(state)) {
        list.innerHTML = "";
        more.hidden = true;
        results = [];
        keys.forEach(function (key) { label(key, null); });
        say("Type words to find, or choose a series, a person or a year.");
        mark("done");
        return Promise.resolve();
      }
      say("Searching\u2026");
      var order = state.sort === "relevance" && !state.q ? "newest" : state.sort;
      return engine.search(state.q, { filters: filters(state) }).then(function (found) {
        if (token !== run) return;
        var listed = order === "relevance"
          ? Promise.resolve(found.results)
          : sorted({ q: state.q, sort: order, series: state.series, person: state.person,
            year: state.year, kind: state.kind }, found);
        return listed.then(function (ordered) {
          if (token !== run) return;
          results = ordered;
          shown = 0;
          list.innerHTML = "";
          say(summary(state, ordered.length));
          return page(token).then(function () {
            if (token === run) mark("done");
            return counts(state, found, token);
          });
        });
      }).catch(function (error) {
        if (token === run) {
          say("Search is unavailable: " + error.message);
          mark("done");
        }
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      search(collect());
    });
    query.addEventListener("input", function () {
      clearTimeout(timer);
      var term = query.value.trim();
      if (term.length > 2) engine.preload(term);
      timer = setTimeout(function () { search(collect()); }, term.length > 2 ? 250 : 600);
    });
    form.addEventListener("change", function (event) {
      if (event.target !== query) search(collect());
    });
    more.addEventListener("click", function () {
      var token = run;
      mark("searching");
      page(token).then(function () { if (token === run) mark("done"); });
    });
    window.addEventListener("popstate", function () {
      var state = read();
      fill(state);
      search(state);
    });

    var state = read();
    fill(state);
    engine.load().catch(function (error) {
      say("Search is unavailable: " + error.message);
    });
    if (state.q || active(state)) search(state);
    else mark("done");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
