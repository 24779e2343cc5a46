/* The search page: query from ?q=, filters from ?tag=&province=&city=&county=&kind=.
 *
 * Online it uses Pagefind (pagefind/pagefind.js, merging the bundles pagefind/shards.json lists,
 * whose results and facet counts Pagefind combines); from file:// or when Pagefind fails to load it uses
 * the offline index (search-offline.js + search/*.js). Everything shown is set with textContent:
 * Pagefind's excerpt HTML is parsed inertly and only its text and <mark>s are kept.
 */
(function () {
  "use strict";

  var FILTERS = ["tag", "province", "city", "county", "kind"];
  var LABELS = { tag: "标签", province: "省份", city: "城市", county: "区县", kind: "类型" };
  var PAGE = 20;
  var script = document.currentScript;
  var root = (script && script.getAttribute("data-root")) || "";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function appendParts(parent, parts) {
    parts.forEach(function (p) {
      parent.appendChild(p.mark ? el("mark", null, p.text) : document.createTextNode(p.text));
    });
  }

  /* Pagefind indexes its own copy of each page, with a space on both sides of every CJK character
   * (generator/pagefind_text.py), so a query is asked the same way and the excerpt loses them again. */
  var CJK = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u3040-\\u30ff\\u3007\\u{20000}-\\u{3134f}";
  var AROUND_CJK = new RegExp("([" + CJK + "])(?=\\S)|(\\S)(?=[" + CJK + "])", "gu");
  function spaced(word) { return word.replace(AROUND_CJK, function (m) { return m + " "; }); }

  /* Pagefind excerpts are HTML with <mark>; keep only their text and marks, without the added spaces. */
  var IS_CJK = new RegExp("^[" + CJK + "]$", "u");
  function markedParts(html) {
    var doc = new DOMParser().parseFromString("<body>" + (html || ""), "text/html");
    var chars = [];  // [character, marked]
    doc.body.childNodes.forEach(function (n) {
      var mark = n.nodeType === 1 && n.nodeName === "MARK";
      Array.from(n.textContent).forEach(function (ch) { chars.push([ch, mark]); });
    });
    var kept = chars.filter(function (c, i) {
      if (!/\s/.test(c[0])) return true;
      var j = i + 1;
      while (j < chars.length && /\s/.test(chars[j][0])) j++;
      var prev = i > 0 ? chars[i - 1][0] : "", next = j < chars.length ? chars[j][0] : "";
      if (i > 0 && /\s/.test(prev)) return false;  // one space for a run
      return !(IS_CJK.test(prev) || IS_CJK.test(next));
    });
    var parts = [];
    kept.forEach(function (c) {
      var last = parts[parts.length - 1];
      if (last && last.mark === c[1]) last.text += c[0];
      else parts.push({ text: c[0], mark: c[1] });
    });
    return parts;
  }

  /* --- engines: both return {count, exact, facets: {name: [[value, n]]}, items(n)} ------------- */

  function offlineEngine() {
    var lib = window.OfflineSearchLib;
    var engine = new lib.OfflineSearch(window.__SEARCH__, lib.scriptLoader(root + "search/"));
    return {
      name: "offline",
      search: async function (q, filters) {
        var r = await engine.search(q, filters);
        return {
          count: r.count, exact: r.exact, exactFacets: true, facets: r.facets,
          refreshCount: function () { return r.count; },
          isExact: function () { return r.exact; },
          items: async function (n) {
            var items = await r.items(n);
            return items.map(function (it) {
              return { url: root + it.url, title: it.title, titleParts: it.titleParts, excerpt: it.excerpt, filters: it.filters,
                       where: it.where };
            });
          }
        };
      }
    };
  }

  /* The bundles to merge into pagefind/ (a large site is indexed in shards, generator/search.py). */
  async function shardPaths(base) {
    var r = await fetch(base + "shards.json");
    if (!r.ok) return [];  // a site built before shards
    var list = (await r.json()).merge || [];
    return list.map(function (p) { return new URL(p, base).pathname; });
  }

  var MAX_FACET_RESULTS = 300;  // a query of several words counts facets over at most this many results

  async function pagefindEngine() {
    if (location.protocol === "file:") throw new Error("Pagefind cannot run from file://");
    var base = new URL(root + "pagefind/", location.href).href;
    var pf = await import(base + "pagefind.js");
    var options = { excerptLength: 40 };
    await pf.options(options);
    await pf.init();
    // A merged bundle gets its own options; it is searched with the primary bundle's wasm.
    var shards = await shardPaths(base);
    await Promise.all(shards.map(function (path) { return pf.mergeIndex(path, options); }));
    await pf.filters();  // loads the filter index; without it search results carry no facet counts
    var lib = window.OfflineSearchLib;

    function sortedFacets(counts, filters, name) {
      return Object.keys(counts).filter(function (v) { return counts[v] > 0 || filters[name] === v; })
        .map(function (v) { return [v, counts[v] || 0]; })
        .sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0); });
    }

    return {
      name: "pagefind",
      /* Each word is an exact phrase ("…" for Pagefind, which then matches the words as they are
       * written, not each of its segments); several words: the pages that hold every one. */
      search: async function (q, filters) {
        var f = {};
        Object.keys(filters).forEach(function (k) { f[k] = [filters[k]]; });
        var words = lib.queryWords(q);
        var searches = await Promise.all(words.map(function (w) { return pf.search('"' + spaced(w) + '"', { filters: f }); }));
        var results = searches.length ? searches[0].results : [];
        var facets = {}, exactFacets = true;
        if (searches.length === 1) {
          FILTERS.forEach(function (name) { facets[name] = sortedFacets((searches[0].filters || {})[name] || {}, filters, name); });
        } else if (searches.length > 1) {
          var others = searches.slice(1).map(function (s) { return new Set(s.results.map(function (r) { return r.id; })); });
          results = results.filter(function (r) { return others.every(function (ids) { return ids.has(r.id); }); });
          var counted = await Promise.all(results.slice(0, MAX_FACET_RESULTS).map(function (r) { return r.data(); }));
          exactFacets = results.length <= MAX_FACET_RESULTS;
          FILTERS.forEach(function (name) {
            var counts = {};
            if (filters[name]) counts[filters[name]] = 0;
            counted.forEach(function (d) {
              ((d.filters || {})[name] || []).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
            });
            facets[name] = sortedFacets(counts, filters, name);
          });
        }
        return {
          count: results.length, exact: true, exactFacets: exactFacets, facets: facets,
          refreshCount: function () { return results.length; },
          items: async function (n) {
            var data = await Promise.all(results.slice(0, n).map(function (r) { return r.data(); }));
            return data.map(function (d) {
              var title = (d.meta && d.meta.title) || d.url;
              var excerpt = markedParts(d.excerpt);
              // The headline is part of the indexed text: an excerpt from the top starts with it.
              if (excerpt.length && !excerpt[0].mark && excerpt[0].text.indexOf(title + ".") === 0) {
                excerpt[0].text = excerpt[0].text.slice(title.length + 1);
              }
              return { url: d.url, title: title, titleParts: [{ text: title, mark: false }], excerpt: excerpt,
                       filters: d.filters, where: (d.meta && d.meta.where) || null };
            });
          }
        };
      }
    };
  }

  /* --- page ------------------------------------------------------------------------------------ */

  var params = new URLSearchParams(location.search);
  var query = (params.get("q") || "").trim();
  var filters = {};
  FILTERS.forEach(function (f) { if (params.get(f)) filters[f] = params.get(f); });

  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var facetBox = document.getElementById("search-facets");
  var bar = document.getElementById("search-filter-bar");
  var barNote = document.getElementById("search-filter-note");
  var chips = document.getElementById("search-chips");
  var more = document.getElementById("search-more");
  var input = document.getElementById("search-q");
  if (input) input.value = query;

  function linkFor(changes) {
    var p = new URLSearchParams();
    if (query) p.set("q", query);
    FILTERS.forEach(function (f) {
      var v = f in changes ? changes[f] : filters[f];
      if (v) p.set(f, v);
    });
    return "?" + p.toString();
  }

  function activeFilters() {
    return FILTERS.filter(function (f) { return filters[f]; }).map(function (f) { return [f, filters[f]]; });
  }

  function filterNames() {
    return activeFilters().map(function (f) { return LABELS[f[0]] + "：" + f[1]; }).join("、");
  }

  /* The active filters as chips above the results; each is a link that drops it. */
  function renderChips() {
    chips.textContent = "";
    var active = activeFilters();
    chips.hidden = !active.length;
    active.forEach(function (f) {
      var li = el("li", "search-chip");
      var a = el("a", null, LABELS[f[0]] + "：" + f[1]);
      a.href = linkFor(Object.fromEntries([[f[0], ""]]));
      a.setAttribute("aria-label", "去掉筛选 " + LABELS[f[0]] + "：" + f[1]);
      a.appendChild(el("span", "chip-x", "×")).setAttribute("aria-hidden", "true");
      li.appendChild(a);
      chips.appendChild(li);
    });
    if (active.length > 1) {
      var li = el("li", "search-chip search-chip-all");
      var all = el("a", null, "全部去掉");
      all.href = linkFor(Object.fromEntries(FILTERS.map(function (f) { return [f, ""]; })));
      li.appendChild(all);
      chips.appendChild(li);
    }
  }

  /* The filter bar: collapsed on a phone, open on a wide screen; in the DOM where it is drawn. */
  function renderFacets(facets, exactFacets) {
    facetBox.textContent = "";
    var groups = 0;
    FILTERS.forEach(function (name) {
      var values = facets[name] || [];
      if (!values.length) return;
      groups++;
      var group = el("section", "search-facet");
      group.setAttribute("data-filter", name);
      group.appendChild(el("h2", null, LABELS[name]));
      var ul = el("ul");
      values.slice(0, 30).forEach(function (v) {
        var li = el("li"), active = filters[name] === v[0];
        var a = el("a", active ? "active" : null, v[0]);
        a.href = linkFor(Object.fromEntries([[name, active ? "" : v[0]]]));
        a.setAttribute("data-value", v[0]);
        if (active) a.setAttribute("aria-current", "true");
        li.appendChild(a);
        li.appendChild(el("span", "count", (exactFacets ? "" : "约") + v[1]));
        ul.appendChild(li);
      });
      group.appendChild(ul);
      facetBox.appendChild(group);
    });
    bar.hidden = !groups;
    var active = activeFilters().length;
    barNote.textContent = active ? "（已选 " + active + " 项）" : "";
    if (window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) bar.open = true;
  }

  function renderItems(items) {
    list.textContent = "";
    items.forEach(function (it) {
      var li = el("li", "search-result");
      var h = el("h2");
      var a = el("a");
      a.href = it.url;
      appendParts(a, it.titleParts);
      h.appendChild(a);
      li.appendChild(h);
      if (it.where) li.appendChild(el("p", "when", it.where));
      var p = el("p", "excerpt");
      appendParts(p, it.excerpt);
      li.appendChild(p);
      var f = it.filters || {};
      var where = ["province", "city", "county"].map(function (k) { return (f[k] || [])[0]; }).filter(Boolean);
      if (where.length) li.appendChild(el("p", "where", where.join(" · ")));
      list.appendChild(li);
    });
  }

  function setStatus(text) { status.textContent = text; }

  var app = window.__searchApp = { ready: false, engine: null, engines: {} };

  function getEngine(name) {
    if (!app.engines[name]) app.engines[name] = name === "pagefind" ? pagefindEngine() : Promise.resolve(offlineEngine());
    return app.engines[name];
  }

  /* For tests and the benchmark: run a query on one engine without touching the page. */
  app.query = async function (name, q, f, n) {
    var e = await getEngine(name);
    var r = await e.search(q, f || {});
    var items = await r.items(n || 10);
    return { count: r.refreshCount(), exact: r.isExact ? r.isExact() : r.exact, items: items, facets: r.facets };
  };

  async function chooseEngine() {
    try {
      return await getEngine("pagefind");
    } catch (err) {
      delete app.engines.pagefind;
      return getEngine("offline");
    }
  }

  async function run() {
    if (!query) {
      setStatus("请输入要搜索的词语，多个词语用空格分开。");
      return;
    }
    setStatus("正在搜索……");
    var engine = await chooseEngine();
    app.engine = engine.name;
    document.documentElement.setAttribute("data-search-engine", engine.name);
    var shown = PAGE;
    var r = await engine.search(query, filters);
    renderChips();
    renderFacets(r.facets, r.exactFacets);
    async function show() {
      var items = await r.items(shown);
      renderItems(items);
      var count = r.refreshCount();
      var exact = r.isExact ? r.isExact() : r.exact;
      var more_ = items.length < count;
      var offline = engine.name === "offline" ? "（离线检索）" : "";
      if (!count) {
        setStatus(activeFilters().length
          ? "在所选筛选（" + filterNames() + "）中没有找到含“" + query + "”的文章。可以去掉筛选再试。"
          : "没有找到含“" + query + "”的文章。");
      } else {
        // "约": the offline engine has not yet checked every candidate against the text.
        setStatus((exact || !more_ ? "共 " : "约 ") + count + " 条结果" + offline);
      }
      if (more) more.hidden = !more_;
    }
    await show();
    if (more) more.onclick = async function () { shown += PAGE; await show(); };
  }

  run().catch(function (err) {
    setStatus("搜索出错：" + (err && err.message ? err.message : String(err)));
  }).finally(function () {
    app.ready = true;
    document.documentElement.setAttribute("data-search-state", "done");
  });
})();
