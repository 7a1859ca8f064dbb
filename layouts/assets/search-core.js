/* mentorgen search engine: queries the static index of generator/search (FORMAT.md there).
 * No DOM code; a classic <script defer> sets window.MentorgenSearch, node gets module.exports.
 *
 *   MentorgenSearch.tokenize(s) -> [term]              same rules as Go's search.Tokenize
 *   MentorgenSearch.open(indexURL, {fetch}) -> engine  indexURL: the folder of index.json
 *   engine.search(query, {filters: {facet: [values]}, limit: 10, offset: 0})
 *     -> Promise {total, results: [{id, score, record}], terms, prefix, suggestion}
 *        AND across facets, OR within one; an empty query with filters lists every faceted
 *        document in id order; records are loaded only for the page asked for.
 *   engine.facetCounts(query, filters) -> Promise {facet: {value: count}}  (a facet's counts
 *        apply the query and the other facets' filters, not its own)
 *   engine.facets(names) -> Promise [{name, label, values: [{key, label, count}]}]
 *        names (optional): only these facets, so a page loads the files it shows
 *   engine.facetNames() -> Promise [name]  (from the manifest; loads no facet file)
 *   MentorgenSearch.highlight(text, terms, lastIsPrefix) -> [{text, mark}]
 *   MentorgenSearch.varints(s, n, from) -> [number] (.end: where they stop), gaps(s, n) -> [id]
 *        the number strings of FORMAT.md, n of them (all when n < 0), for match.js too
 */
(function (root) {
  'use strict';
  var FOLD = { 'ł': 'l', 'ø': 'o', 'đ': 'd', 'ı': 'i', 'æ': 'ae', 'œ': 'oe', 'ß': 'ss', 'þ': 'th', 'ð': 'd', 'ħ': 'h', 'ς': 'σ' };
  var WORD = /[\p{L}\p{N}\p{M}]/u, IDEO = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u, MN = /\p{Mn}/u;
  function isWord(c) { return c !== undefined && WORD.test(c); }
  function plain(c) { return isWord(c) && !IDEO.test(c); }
  function apos(c) { return c === "'" || c === '\u2019'; }
  function fold(w) {
    var out = '';
    for (var c of w.normalize('NFD')) {
      if (MN.test(c) || apos(c)) continue;
      c = c.toLowerCase();
      out += FOLD[c] || c;
    }
    return out.normalize('NFC');
  }
  // scan calls fn(token, start, end) with UTF-16 offsets of each word in s.
  function scan(s, fn) {
    var cs = Array.from(s), offs = [], o = 0, i;
    for (i = 0; i < cs.length; i++) { offs.push(o); o += cs[i].length; }
    offs.push(o);
    function emit(a, b) { var t = fold(cs.slice(a, b).join('')); if (WORD.test(t)) fn(t, offs[a], offs[b]); }
    for (i = 0; i < cs.length;) {
      var c = cs[i];
      if (IDEO.test(c)) { emit(i, i + 1); i++; continue; }
      if (plain(c) || (c === '.' && !isWord(cs[i - 1]) && plain(cs[i + 1]))) {
        var start = i++;
        while (i < cs.length) {
          if (plain(cs[i])) i++;
          else if (apos(cs[i]) && plain(cs[i + 1])) i += 2;
          else break;
        }
        var j = i;
        if (cs[j] === '#') j++; else while (cs[j] === '+') j++;
        if (j > i && !isWord(cs[j])) i = j;
        emit(start, i);
        continue;
      }
      i++;
    }
  }
  function tokenize(s) { var out = []; scan(s, function (t) { out.push(t); }); return out; }
  function uniq(a) { var out = []; a.forEach(function (x) { if (out.indexOf(x) < 0) out.push(x); }); return out; }
  function starts(s, p) { return s.slice(0, p.length) === p; }
  // Number strings (FORMAT.md): base 32, least significant digit first, digits but the last +32.
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', DEC = {};
  for (var bi = 0; bi < 64; bi++) DEC[B64.charCodeAt(bi)] = bi;
  // varints: n numbers of s from index from (all when n < 0); out.end is where they stop.
  // Each digit is multiplied by its place, not shifted in: JavaScript's shifts are 32-bit
  // signed, and would turn a number from 2^31 up (which the Go encoder can write) negative.
  // The one decoder of the theme: match.js reads its facet files with it too.
  function varints(s, n, from) {
    var out = [], v = 0, place = 1, i = from || 0;
    for (; i < s.length && (n < 0 || out.length < n); i++) {
      var c = DEC[s.charCodeAt(i)];
      if (c >= 32) { v += (c - 32) * place; place *= 32; continue; }
      out.push(v + c * place); v = 0; place = 1;
    }
    out.end = i;
    return out;
  }
  // gaps: sorted ids written as gaps minus one, the first from -1.
  function gaps(s, n) {
    var out = varints(s, n), prev = -1;
    for (var i = 0; i < out.length; i++) { prev += out[i] + 1; out[i] = prev; }
    return out;
  }

  function highlight(text, terms, lastIsPrefix) {
    var segs = [], at = 0, last = terms[terms.length - 1];
    scan(text, function (t, a, b) {
      if (terms.indexOf(t) >= 0 || (lastIsPrefix && last && starts(t, last))) {
        if (a > at) segs.push({ text: text.slice(at, a), mark: false });
        segs.push({ text: text.slice(a, b), mark: true });
        at = b;
      }
    });
    if (at < text.length) segs.push({ text: text.slice(at), mark: false });
    return segs;
  }

  function oneEdit(a, b) {
    var x = Array.from(a), y = Array.from(b), i = 0, t;
    if (x.length > y.length) { t = x; x = y; y = t; }
    if (y.length - x.length > 1) return false;
    while (i < x.length && x[i] === y[i]) i++;
    if (i === x.length) return y.length === x.length + 1;
    var rest = function (u, k) { return u.slice(k).join(''); };
    if (x.length === y.length) {
      return rest(x, i + 1) === rest(y, i + 1) ||
        (i + 1 < x.length && x[i] === y[i + 1] && x[i + 1] === y[i] && rest(x, i + 2) === rest(y, i + 2));
    }
    return rest(x, i) === rest(y, i + 1);
  }

  function open(indexURL, opts) {
    opts = opts || {};
    var base = indexURL.replace(/\/?$/, '/'), get = opts.fetch || root.fetch.bind(root);
    var cache = {}, man = null;
    function json(name) {
      if (!cache[name]) {
        var url = base + name + (man ? '?v=' + man.v : '');
        cache[name] = Promise.resolve(get(url)).then(function (r) {
          if (!r.ok) throw new Error('search: ' + url + ': ' + r.status);
          return r.json();
        });
      }
      return cache[name];
    }
    var ready = json('index.json').then(function (m) { man = m; return m; });
    function bucketOf(t) {
      var lo = 0, hi = man.b.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (man.b[mid] === '' || man.b[mid] > t) hi = mid; else lo = mid + 1; }
      return Math.max(lo - 1, 0);
    }
    function bucket(k) {
      return json('t/' + k + '.json').then(function (bk) {
        if (!bk.byT) { bk.byT = {}; bk.t.forEach(function (e) { e.k = k; bk.byT[e.t] = e; }); }
        return bk;
      });
    }
    // lookup: the terms a word matches, [{e, w}]: itself (w 2), longer terms (w 1) for a prefix.
    function lookup(word, prefix) {
      var k = bucketOf(word), ks = [k];
      if (prefix) for (var j = k + 1; j < man.b.length && j < k + 3 && man.b[j] !== '' && starts(man.b[j], word); j++) ks.push(j);
      return Promise.all(ks.map(bucket)).then(function (bks) {
        var out = [], ex = [];
        bks.forEach(function (bk) {
          bk.t.forEach(function (e) {
            if (e.t === word) out.push({ e: e, w: 2 });
            else if (prefix && starts(e.t, word)) ex.push({ e: e, w: 1 });
          });
        });
        ex = ex.map(function (x, i) { return [x, i]; }).sort(function (a, b) { return b[0].e.d - a[0].e.d || a[1] - b[1]; });
        return out.concat(ex.slice(0, man.x[1]).map(function (a) { return a[0]; }));
      });
    }
    function postings(e) {
      if (e.p < 0) {
        var ps = e.r.map(function (t) { return [t[0], t[1]]; }).sort(function (a, b) { return a[0] - b[0]; });
        return Promise.resolve([].concat.apply([], ps));
      }
      return json('p/' + e.p + '.json').then(function (pf) {
        // the doc gaps, the scores, then the whole name list, which replaces the bucket's
        var s = pf[e.t], docs = gaps(s, e.d), qs = varints(s, e.d, docs.end), out = new Array(2 * docs.length);
        if (qs.end < s.length) {
          var k = varints(s, 1, qs.end), at = gaps(s.slice(k.end), k[0]), cs = varints(s, k[0], k.end + at.end);
          e.n = at.map(function (j, i) { return [docs[j], cs[i]]; });
        }
        for (var i = 0; i < docs.length; i++) { out[2 * i] = docs[i]; out[2 * i + 1] = qs[i]; }
        return out;
      });
    }
    // facet: a facet file, with f.docs[i] the members of value f.v[i] in doc order.
    function facet(name) {
      return json('f/' + name + '.json').then(function (f) {
        if (f.docs) return f;
        if (f.m) f.docs = f.m.map(function (s) { return gaps(s, -1); });
        else {
          var vals = varints(f.s, -1), ids = all();
          f.docs = f.v.map(function () { return []; });
          vals.forEach(function (v, i) { if (v > 0) f.docs[v - 1].push(ids[i]); });
        }
        return f;
      });
    }
    function members(name, values) {
      return facet(name).then(function (f) {
        var set = {};
        f.v.forEach(function (v, i) {
          if (values.indexOf(v[0]) >= 0) f.docs[i].forEach(function (d) { set[d] = true; });
        });
        return set;
      });
    }
    // filtered: Promise of a set of doc ids passing filters, or null for no filter.
    function filtered(filters, skip) {
      var names = Object.keys(filters || {}).sort().filter(function (n) { return n !== skip && filters[n] && filters[n].length; });
      return Promise.all(names.map(function (n) { return members(n, filters[n]); })).then(function (sets) {
        if (!sets.length) return null;
        var out = sets[0];
        sets.slice(1).forEach(function (s) { Object.keys(out).forEach(function (d) { if (!s[d]) delete out[d]; }); });
        return out;
      });
    }
    function all() {
      var out = [];
      for (var i = 0; i + 1 < man.fd.length; i += 2) for (var d = man.fd[i]; d < man.fd[i] + man.fd[i + 1]; d++) out.push(d);
      return out;
    }
    function parse(q) {
      var words = uniq(tokenize(q));
      var prefix = words.length > 0 && Array.from(words[words.length - 1]).length >= man.x[0];
      return Promise.all(words.map(function (w, i) { return lookup(w, prefix && i === words.length - 1); }))
        .then(function (slots) { return { words: words, slots: slots, prefix: prefix }; });
    }
    function match(slots) {
      var docs = {};
      return Promise.all(slots.map(function (slot) { return Promise.all(slot.map(function (st) { return postings(st.e); })); }))
        .then(function (lists) {
          slots.forEach(function (slot, si) {
            var best = {}, named = {};
            slot.forEach(function (st, ti) {
              var ps = lists[si][ti];
              for (var i = 0; i < ps.length; i += 2) { var s = ps[i + 1] * st.w; if (!(best[ps[i]] >= s)) best[ps[i]] = s; }
              (st.e.n || []).forEach(function (nm) { if (nm[1] === slots.length) named[nm[0]] = true; });
            });
            Object.keys(best).forEach(function (d) {
              var sc = docs[d] || (docs[d] = { id: +d, score: 0, matched: 0, exact: true });
              sc.score += best[d]; sc.matched++; sc.exact = sc.exact && !!named[d];
            });
          });
          Object.keys(docs).forEach(function (d) { docs[d].exact = docs[d].exact && docs[d].matched === slots.length; });
          return docs;
        });
    }
    function order(a, b) {
      return (b.exact - a.exact) || (b.matched - a.matched) || (b.score - a.score) || (a.id - b.id);
    }
    function record(id, slots) {
      for (var i = 0; i < slots.length; i++) for (var j = 0; j < slots[i].length; j++) {
        var e = slots[i][j].e;
        for (var k = 0; k < e.r.length; k++) if (e.r[k][0] === id) {
          var snip = e.r[k][2];
          return bucket(e.k).then(function (bk) { var rec = Object.assign({}, bk.m[id]); rec.s = snip; return rec; });
        }
      }
      return json('m/' + Math.floor(id / man.c) + '.json').then(function (ch) { return ch[id % man.c]; });
    }
    function suggest(words, slots) {
      var need = words.some(function (w, i) { return !slots[i].length && Array.from(w).length >= 5; });
      if (!need) return Promise.resolve(null);
      return json('d.json').then(function (dict) {
        var changed = false, out = words.map(function (w, i) {
          if (slots[i].length || Array.from(w).length < 5) return w;
          for (var k = 0; k < dict.length; k++) if (oneEdit(w, dict[k])) { changed = true; return dict[k]; }
          return w;
        });
        return changed ? out.join(' ') : null;
      });
    }
    function search(query, o) {
      o = o || {};
      var limit = o.limit == null ? 10 : o.limit, offset = o.offset || 0, filters = o.filters || {};
      return ready.then(function () { return Promise.all([parse(query || ''), filtered(filters, '')]); }).then(function (a) {
        var p = a[0], keep = a[1], slots = p.slots, list = [], total;
        var fast = slots.length === 1 && !keep && offset + limit <= 10 && slots[0].length > 0 && slots[0][0].w === 2;
        var listed;
        if (!p.words.length) {
          if (keep) list = all().filter(function (d) { return keep[d]; }).map(function (d) { return { id: d, score: 0, matched: 0, exact: false }; });
          listed = Promise.resolve(list);
        } else if (fast) {
          var best = {};
          slots[0].forEach(function (st) {
            st.e.r.forEach(function (t) {
              var sc = best[t[0]] || (best[t[0]] = { id: t[0], score: 0, matched: 1, exact: false });
              sc.score = Math.max(sc.score, t[1] * st.w);
            });
            (st.e.n || []).forEach(function (nm) { if (nm[1] === 1 && best[nm[0]]) best[nm[0]].exact = true; });
          });
          total = slots[0][0].e.pd || slots[0][0].e.d;
          listed = Promise.resolve(Object.keys(best).map(function (d) { return best[d]; }));
        } else {
          listed = match(slots).then(function (docs) {
            return Object.keys(docs).filter(function (d) { return !keep || keep[d]; }).map(function (d) { return docs[d]; });
          });
        }
        return listed.then(function (list) {
          if (total === undefined) total = list.length;
          list.sort(order);
          var page = list.slice(offset, offset + limit);
          return Promise.all([
            Promise.all(page.map(function (sc) { return record(sc.id, slots); })),
            total === 0 && p.words.length ? suggest(p.words, slots) : null,
          ]).then(function (r) {
            return {
              total: total, terms: p.words, prefix: p.prefix, suggestion: r[1],
              results: page.map(function (sc, i) { return { id: sc.id, score: sc.score, record: r[0][i] }; }),
            };
          });
        });
      });
    }
    // pick returns the manifest's facets, or only those named.
    function pick(names) { return names ? man.f.filter(function (fm) { return names.indexOf(fm[0]) >= 0; }) : man.f; }
    function facetCounts(query, filters, names) {
      filters = filters || {};
      var fms;
      return ready.then(function () { fms = pick(names); return parse(query || ''); }).then(function (p) {
        var base = p.words.length ? match(p.slots).then(function (docs) { return Object.keys(docs).map(Number); }) : Promise.resolve(all());
        return Promise.all([base].concat(fms.map(function (fm) { return Promise.all([filtered(filters, fm[0]), facet(fm[0])]); })));
      }).then(function (a) {
        var base = a[0], out = {};
        fms.forEach(function (fm, i) {
          var keep = a[i + 1][0], f = a[i + 1][1], inSet = {}, counts = {};
          base.forEach(function (d) { if (!keep || keep[d]) inSet[d] = true; });
          f.v.forEach(function (v, j) {
            var n = 0;
            f.docs[j].forEach(function (d) { if (inSet[d]) n++; });
            counts[v[0]] = n;
          });
          out[fm[0]] = counts;
        });
        return out;
      });
    }
    function facets(names) {
      var fms;
      return ready.then(function () { fms = pick(names); return Promise.all(fms.map(function (fm) { return facet(fm[0]); })); }).then(function (fs) {
        return fms.map(function (fm, i) {
          return { name: fm[0], label: fm[1], values: fs[i].v.map(function (v) { return { key: v[0], label: v[1], count: v[2] }; }) };
        });
      });
    }
    function facetNames() { return ready.then(function () { return man.f.map(function (fm) { return fm[0]; }); }); }
    return { search: search, facetCounts: facetCounts, facets: facets, facetNames: facetNames, ready: ready };
  }

  var api = { tokenize: tokenize, open: open, highlight: highlight, varints: varints, gaps: gaps };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.MentorgenSearch = api;
})(typeof self !== 'undefined' ? self : this);
