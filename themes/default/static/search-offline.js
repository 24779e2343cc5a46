/* Offline search over the index that generator/search.py writes to search/ (works from file://).
 *
 * The index files are plain scripts calling window.__SEARCH__.meta/shard/filter/doc, loaded by
 * inserting <script> tags, because file:// pages can neither fetch() nor import modules.
 * A query word is looked up by its terms (CJK bigrams, a lone CJK character, lowercase tokens);
 * candidates are then verified against the document text, which is loaded anyway for the excerpt.
 * Keep tokenizing, hashing and the postings format in step with generator/search.py.
 */
(function (global) {
  "use strict";

  var FINAL = "0123456789abcdefghijklmnopqrstuv";
  var MORE = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";
  var FILTERS = ["tag", "province", "city", "county", "kind"];
  var VERIFY_ALL = 200;  // candidates verified up front, for an exact count

  function isCjk(cp) {
    return (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x3040 && cp <= 0x30ff) ||
      (cp >= 0x20000 && cp <= 0x3134f) || cp === 0x3007;
  }

  var ALNUM = /[\p{L}\p{N}]/u;

  /* Fold width and case per character; `map[i]` is the index in `text` where norm[i] came from. */
  function normalizeMapped(text) {
    var out = "", map = [], i = 0;
    for (var ch of text) {
      var n = ch.normalize("NFKC").toLowerCase();
      out += n;
      for (var k = 0; k < n.length; k++) map.push(i);
      i += ch.length;
    }
    map.push(i);
    return { text: out, map: map };
  }

  function normalize(text) { return normalizeMapped(text).text; }

  /* Split normalized text into [isCjk, run] pieces; anything else separates runs. */
  function runs(text) {
    var out = [], kind = null, cur = "";
    for (var ch of text) {
      var cp = ch.codePointAt(0);
      var k = isCjk(cp) ? true : (ALNUM.test(ch) ? false : null);
      if (k !== kind) {
        if (kind !== null) out.push([kind, cur]);
        kind = k; cur = "";
      }
      cur += ch;
    }
    if (kind !== null) out.push([kind, cur]);
    return out;
  }

  /* The terms a normalized query word is looked up by: bigrams of CJK runs (a lone character as
   * itself), other runs whole. Every term must be present; the word itself is verified later. */
  function queryTerms(word) {
    var terms = [];
    runs(word).forEach(function (r) {
      var chars = Array.from(r[1]);
      if (!r[0] || chars.length === 1) terms.push(r[1]);
      else for (var i = 0; i + 1 < chars.length; i++) terms.push(chars[i] + chars[i + 1]);
    });
    return terms.filter(function (t, i) { return terms.indexOf(t) === i; });
  }

  /* Split a query into normalized words: spaces (full-width ones too) and quote marks separate words.
   * Each word is looked for as it is written (a phrase); a result holds every word. search.js asks
   * Pagefind the same question, so both engines count the same results. */
  var QUOTES = /["'\u201c\u201d\u2018\u2019\u300c\u300d\u300e\u300f]/g;
  function queryWords(q) {
    return normalize(q || "").replace(QUOTES, " ").split(/\s+/).filter(function (w) {
      return w && queryTerms(w).length;
    }).filter(function (w, i, all) { return all.indexOf(w) === i; });
  }

  function fnv1a(term) {
    var h = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) {
      h ^= term.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  /* Decode postings into a Map doc number → in-title flag. */
  function decodePostings(data) {
    var out = new Map(), acc = 0, prev = -1;
    for (var i = 0; i < (data || "").length; i++) {
      var ch = data[i], m = MORE.indexOf(ch);
      if (m >= 0) { acc = acc * 32 + m; continue; }
      acc = acc * 32 + FINAL.indexOf(ch);
      prev = prev + 1 + Math.floor(acc / 2);
      out.set(prev, acc % 2 === 1);
      acc = 0;
    }
    return out;
  }

  /* Find each word in the document; return [start, end) ranges in the original text or null. */
  function locate(text, words) {
    var nm = normalizeMapped(text), ranges = [];
    for (var w of words) {
      var at = nm.text.indexOf(w);
      if (at < 0) return null;
      ranges.push([nm.map[at], nm.map[at + w.length]]);
    }
    return ranges;
  }

  /* Cut an excerpt of about `size` characters around the first match, as [{text, mark}] parts. */
  function excerpt(text, words, size) {
    size = size || 90;
    var nm = normalizeMapped(text), hits = [];
    words.forEach(function (w) {
      for (var at = nm.text.indexOf(w); at >= 0; at = nm.text.indexOf(w, at + w.length)) {
        hits.push([nm.map[at], nm.map[at + w.length]]);
      }
    });
    hits.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var first = hits.length ? hits[0][0] : 0;
    var start = Math.max(0, first - Math.floor(size / 3));
    var end = Math.min(text.length, start + size);
    start = Math.max(0, Math.min(start, end - size));
    var parts = [], pos = start;
    if (start > 0) parts.push({ text: "…", mark: false });
    hits.forEach(function (h) {
      var s = Math.max(h[0], pos), e = Math.min(h[1], end);
      if (e <= s) return;
      if (s > pos) parts.push({ text: text.slice(pos, s), mark: false });
      parts.push({ text: text.slice(s, e), mark: true });
      pos = e;
    });
    if (pos < end) parts.push({ text: text.slice(pos, end), mark: false });
    if (end < text.length) parts.push({ text: "…", mark: false });
    return parts.map(function (p) { p.text = p.text.replace(/\s+/g, " "); return p; });
  }

  /* The registry the index files call into; `waiters` resolve when a file has registered. */
  function Registry() {
    this.data = {};
    this.waiters = {};
  }
  Registry.prototype.put = function (key, value) {
    this.data[key] = value;
    (this.waiters[key] || []).forEach(function (w) { w.resolve(value); });
    delete this.waiters[key];
  };
  Registry.prototype.meta = function (m) { this.put("meta", m); };
  Registry.prototype.shard = function (k, v) { this.put("t/" + k, v); };
  Registry.prototype.filter = function (k, v) { this.put("f/" + k, v); };
  Registry.prototype.doc = function (n, v) { this.put("d/" + n, v); };

  /* Load search/<key>.js with a <script> tag (browser) and wait for it to register. */
  function scriptLoader(base) {
    return function (key, registry) {
      return new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = base + key + ".js";
        s.async = true;
        (registry.loaded = registry.loaded || []).push(s.src);  // for tests: what one query loaded
        s.onload = function () {
          if (key in registry.data) resolve(registry.data[key]);
          else reject(new Error("search index file did not register: " + s.src));
        };
        s.onerror = function () { reject(new Error("cannot load search index file " + s.src)); };
        document.head.appendChild(s);
      });
    };
  }

  /* An offline search engine. `load(key, registry)` must make the file `search/<key>.js` run. */
  function OfflineSearch(registry, load) {
    this.registry = registry;
    this.load = load;
    this.pending = {};
    this.decoded = {};
  }

  OfflineSearch.prototype.get = function (key) {
    var reg = this.registry;
    if (key in reg.data) return Promise.resolve(reg.data[key]);
    if (!this.pending[key]) {
      var self = this;
      this.pending[key] = this.load(key, reg).catch(function (e) { delete self.pending[key]; throw e; });
    }
    return this.pending[key];
  };

  OfflineSearch.prototype.meta = function () { return this.get("meta"); };

  OfflineSearch.prototype.postings = async function (term) {
    if (this.decoded[term]) return this.decoded[term];
    var meta = await this.meta();
    var shard = (fnv1a(term) % meta.shards).toString(16).padStart(meta.width, "0");
    var data = await this.get("t/" + shard);
    return (this.decoded[term] = decodePostings(data[term] || ""));
  };

  OfflineSearch.prototype.filterPostings = async function (name) {
    var key = "f/" + name;
    if (this.decoded[key]) return this.decoded[key];
    var data = await this.get(key), out = {};
    Object.keys(data).forEach(function (v) { out[v] = decodePostings(data[v]); });
    return (this.decoded[key] = out);
  };

  /* Run a query. `filters` maps a filter name to one value. Returns {count, exact, words, facets,
   * items(n)}; `count` is the number of candidates (an upper bound until `exact`), and `items(n)`
   * resolves to the first n verified results, title matches first. */
  OfflineSearch.prototype.search = async function (q, filters) {
    var self = this, words = queryWords(q);
    filters = filters || {};
    if (!words.length) return { count: 0, exact: true, words: words, facets: {}, items: async function () { return []; } };
    await this.meta();
    var perWord = await Promise.all(words.map(async function (w) {
      var lists = await Promise.all(queryTerms(w).map(function (t) { return self.postings(t); }));
      lists.sort(function (a, b) { return a.size - b.size; });
      var hits = new Map();
      lists[0].forEach(function (inTitle, doc) {
        var t = inTitle;
        for (var i = 1; i < lists.length; i++) {
          if (!lists[i].has(doc)) return;
          t = t && lists[i].get(doc);
        }
        hits.set(doc, t);
      });
      return hits;
    }));
    perWord.sort(function (a, b) { return a.size - b.size; });
    var candidates = [];
    perWord[0].forEach(function (inTitle, doc) {
      var score = inTitle ? 1 : 0;
      for (var i = 1; i < perWord.length; i++) {
        if (!perWord[i].has(doc)) return;
        if (perWord[i].get(doc)) score++;
      }
      candidates.push([doc, score]);
    });
    var unfiltered = candidates.length;
    var names = FILTERS, fp = {};
    await Promise.all(names.map(async function (f) { fp[f] = await self.filterPostings(f); }));
    Object.keys(filters).forEach(function (f) {
      var list = fp[f] && fp[f][filters[f]];
      candidates = candidates.filter(function (c) { return list && list.has(c[0]); });
    });
    candidates.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });

    // A word of one term (a CJK pair or character, a Latin token) is found exactly by its postings; a
    // longer one only has candidates, which are verified against the text. When few enough, verify
    // them all now, so that the count and the facets are exact (and say so).
    var exact = words.every(function (w) { return queryTerms(w).length === 1; });
    if (!exact && candidates.length <= VERIFY_ALL) {
      var docs = await Promise.all(candidates.map(function (c) { return self.get("d/" + c[0]); }));
      candidates = candidates.filter(function (c, i) { return locate(docs[i].title + "\n" + docs[i].text, words); });
      exact = true;
    }
    var facets = {};
    names.forEach(function (f) {
      var counts = [];
      Object.keys(fp[f]).forEach(function (v) {
        var list = fp[f][v], n = 0;
        candidates.forEach(function (c) { if (list.has(c[0])) n++; });
        if (n || filters[f] === v) counts.push([v, n]);
      });
      counts.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0); });
      facets[f] = counts;
    });

    var verified = [], next = 0;
    var result = {
      count: candidates.length,
      unfiltered: unfiltered,
      exact: exact,
      words: words,
      facets: facets,
      items: async function (n) {
        while (verified.length < n && next < candidates.length) {
          var first = next, batch = candidates.slice(next, next + Math.max(4, n - verified.length));
          next += batch.length;
          var docs = await Promise.all(batch.map(function (c) { return self.get("d/" + c[0]); }));
          docs.forEach(function (d, i) {
            var full = d.title + "\n" + d.text;
            if (!locate(full, words)) { result.count--; return; }
            var inTitle = words.filter(function (w) { return normalize(d.title).indexOf(w) >= 0; }).length;
            verified.push({
              id: d.id, url: d.url, title: d.title, filters: d.filters, titleWords: inTitle, where: d.where || null,
              excerpt: excerpt(d.text, words), titleParts: excerpt(d.title, words, 1000), rank: first + i
            });
          });
          verified.sort(function (a, b) { return b.titleWords - a.titleWords || a.rank - b.rank; });
        }
        if (next >= candidates.length) result.exact = true;
        return verified.slice(0, n);
      }
    };
    if (!candidates.length) result.exact = true;
    return result;
  };

  var api = {
    normalize: normalize, normalizeMapped: normalizeMapped, runs: runs, queryTerms: queryTerms,
    queryWords: queryWords, fnv1a: fnv1a, decodePostings: decodePostings, locate: locate,
    excerpt: excerpt, Registry: Registry, OfflineSearch: OfflineSearch, scriptLoader: scriptLoader
  };

  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (global) {
    global.__SEARCH__ = global.__SEARCH__ || new Registry();
    global.OfflineSearchLib = api;
  }
})(typeof window !== "undefined" ? window : null);
