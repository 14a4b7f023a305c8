// mkdocs-minutes: the archive's Pagefind bundles (pagefind/minutes.json), merged, and how
// a hit on a meeting page becomes a result that opens the item where the word is. Shared by
// the header's search box (search.js) and the search page (search-page.js); no dependency.
var MinutesEngine = (function () {
  "use strict";

  var ITEMS = "minutes_items";   // page metadata: anchor -> title of items, updates, actions
  var PART = "#minutes:";        // a part's URL: <meeting url>#minutes:<kind>:<JSON, encoded>
  var EXCERPT = 24;              // words
  var PAGES = "p";               // the block value of the bundle of other pages
  var END = "minutes-end-";      // an anchor that ends an action nested in an item

  // The site's root URL, from the URL of the script that defines this (assets/minutes/*.js).
  function siteBase(script) {
    var src = (script && script.src) || location.href;
    return new URL("../../", src).href;
  }

  // One merged Pagefind instance over the bundles the manifest lists: the meetings of
  // every block and the other pages (the header box), or the meetings and their parts
  // (the search page). Each bundle carries the synthetic filter block=<N> (block=p for
  // the other pages), so a search can be asked of one block: Pagefind sorts within a
  // bundle, not across them, and a block alone answers in a fraction of the time.
  function Engine(base, options) {
    this.base = base;
    this.parts = !!(options && options.parts);
    this.pages = !(options && options.pages === false);
    this.worker = !!(options && options.worker);
    this.pagefind = null;
    this.blocks = [];
    this.loading = null;
  }

  Engine.prototype.url = function (path) {
    return new URL("pagefind/" + path, this.base).href;
  };

  Engine.prototype.load = function () {
    var self = this;
    if (this.loading) return this.loading;
    this.loading = fetch(this.url("minutes.json"), { cache: "no-cache" })
      .then(function (response) {
        if (!response.ok) throw new Error("no search index (" + response.status + ")");
        return response.json();
      })
      .then(function (manifest) {
        self.blocks = manifest.blocks || [];
        var bundles = [];
        if (manifest.pages && self.pages) bundles.push({ path: manifest.pages, block: PAGES });
        self.blocks.forEach(function (block) {
          if (block.meetings) bundles.push({ path: block.meetings, block: block.block });
          if (self.parts && block.parts) bundles.push({ path: block.parts, block: block.block });
        });
        if (!bundles.length) throw new Error("the search index is empty");
        var primary = bundles[0];
        return import(self.url(primary.path + "pagefind.js")).then(function (module) {
          // In the page's own thread: a worker would cost a file more and a message each
          // way for every search and every result (measured: the search page's first
          // result came 30% later with one); the header box asks one block at a time.
          var options = { excerptLength: EXCERPT, noWorker: !self.worker };
          options.mergeFilter = { block: primary.block };
          return Promise.resolve(module.options(options))
            .then(function () { return module.init(); })
            .then(function () {
              return Promise.all(bundles.slice(1).map(function (bundle) {
                return module.mergeIndex(self.url(bundle.path), { mergeFilter: { block: bundle.block } });
              }));
            })
            .then(function () { self.pagefind = module; return self; });
        });
      });
    return this.loading;
  };

  // Fetch the index chunks a search of the term will read; a failed fetch is the
  // search's to report, not an unhandled rejection here.
  Engine.prototype.preload = function (term) {
    var pf = this.pagefind;
    if (pf && term) Promise.resolve(pf.preload(term)).catch(function () {});
  };

  // The block values, in the order the header box asks them: the newest meetings, the
  // other pages, then older and older meetings.
  Engine.prototype.steps = function () {
    var blocks = this.blocks.map(function (b) { return b.block; });
    return this.pages ? blocks.slice(0, 1).concat([PAGES], blocks.slice(1)) : blocks;
  };

  Engine.prototype.search = function (term, options) {
    var self = this;
    return this.load().then(function () {
      return self.pagefind.search(term || null, options || {});
    });
  };

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }

  function escape(word) {
    return word.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // An excerpt of words[start, end) around the first hit, hits marked; every word is
  // escaped, only <mark> is markup.
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

  // What a result is: the page (a meeting's part: the meeting) and its title.
  function describe(data) {
    var raw = data.raw_url || data.url || "";
    var at = raw.indexOf(PART);
    if (at >= 0) {
      var rest = raw.slice(at + PART.length);
      var colon = rest.indexOf(":");
      var label = {};
      try { label = JSON.parse(decodeURIComponent(rest.slice(colon + 1))) || {}; } catch (e) {}
      return {
        page: raw.slice(0, at),
        kind: rest.slice(0, colon),
        title: String(label.title || raw.slice(0, at)),
        titles: label.items || {},
        part: true
      };
    }
    var page = raw.split("#")[0];
    var titles = {};
    try { titles = JSON.parse((data.meta && data.meta[ITEMS]) || "{}"); } catch (e) {}
    return {
      page: page, kind: "", title: (data.meta && data.meta.title) || page, titles: titles,
      part: false
    };
  }

  // The hits of a page grouped by the item, update, action or heading before them:
  // Pagefind gives every id with its word position, and the position of every hit.
  function sections(data) {
    var what = describe(data);
    var part = what.part;
    var titles = what.titles;
    var has = Object.prototype.hasOwnProperty;
    var anchors = (data.anchors || []).filter(function (a) {
      return part || /^h[2-6]$/i.test(a.element) || has.call(titles, a.id) ||
        a.id.indexOf(END) === 0;
    }).sort(function (a, b) { return a.location - b.location; });
    // Where each anchor's words belong: its own, or (after the end of an action nested in
    // an item) the anchor that was current before the action began.
    var owner = [];
    var started = {};
    anchors.forEach(function (a, i) {
      if (a.id.indexOf(END) === 0) {
        var begun = started[a.id.slice(END.length)];
        owner.push(begun === undefined || begun === 0 ? null : owner[begun - 1]);
      } else {
        started[a.id] = i;
        owner.push(a);
      }
    });
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
      var anchor = next === 0 ? null : owner[next - 1];
      if (!anchor) { page.push(at); return; }
      var group = byId[anchor.id];
      if (!group) {
        var title = String(has.call(titles, anchor.id) ? titles[anchor.id]
          : (anchor.text || anchor.id).replace(/\s*\u00b6\s*$/, ""));
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
    var lead = page.length
      ? excerpt(words, page, 0, anchors.length ? anchors[0].location : words.length)
      : groups.length ? "" : excerpt(words, [], 0, words.length);
    return { lead: lead, groups: groups };
  }

  return {
    Engine: Engine,
    siteBase: siteBase,
    describe: describe,
    sections: sections,
    element: element
  };
})();
