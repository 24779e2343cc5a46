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

  /* Pagefind excerpts are HTML with <mark>; keep only their text and marks. */
  function markedParts(html) {
    var doc = new DOMParser().parseFromString("<body>" + (html || ""), "text/html");
    var parts = [];
    doc.body.childNodes.forEach(function (n) {
      var mark = n.nodeType === 1 && n.nodeName === "MARK";
      parts.push({ text: n.textContent, mark: mark });
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
          count: r.count, exact: r.exact, facets: r.facets,
          refreshCount: function () { return r.count; },
          items: async function (n) {
            var items = await r.items(n);
            return items.map(function (it) {
              return { url: root + it.url, title: it.title, titleParts: it.titleParts, excerpt: it.excerpt, filters: it.filters };
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
    return {
      name: "pagefind",
      search: async function (q, filters) {
        var f = {};
        Object.keys(filters).forEach(function (k) { f[k] = [filters[k]]; });
        var s = await pf.search(q, { filters: f });
        var facets = {};
        FILTERS.forEach(function (name) {
          var counts = (s.filters && s.filters[name]) || {};
          facets[name] = Object.keys(counts).filter(function (v) { return counts[v] > 0 || filters[name] === v; })
            .map(function (v) { return [v, counts[v]]; })
            .sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0); });
        });
        return {
          count: s.results.length, exact: true, facets: facets,
          refreshCount: function () { return s.results.length; },
          items: async function (n) {
            var data = await Promise.all(s.results.slice(0, n).map(function (r) { return r.data(); }));
            return data.map(function (d) {
              var title = (d.meta && d.meta.title) || d.url;
              return { url: d.url, title: title, titleParts: [{ text: title, mark: false }], excerpt: markedParts(d.excerpt), filters: d.filters };
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

  function renderFacets(facets) {
    facetBox.textContent = "";
    FILTERS.forEach(function (name) {
      var values = facets[name] || [];
      if (!values.length) return;
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
        li.appendChild(el("span", "count", String(v[1])));
        ul.appendChild(li);
      });
      group.appendChild(ul);
      facetBox.appendChild(group);
    });
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
    return { count: r.refreshCount(), exact: r.exact, items: items, facets: r.facets };
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
    renderFacets(r.facets);
    async function show() {
      var items = await r.items(shown);
      renderItems(items);
      var count = r.refreshCount();
      var more_ = items.length < count;
      if (!count) setStatus("没有找到与“" + query + "”相关的文章。");
      else setStatus((r.exact || !more_ ? "共 " : "约 ") + count + " 条结果" + (engine.name === "offline" ? "（离线检索）" : ""));
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
