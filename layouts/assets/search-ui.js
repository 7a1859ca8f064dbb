/* mentorgen search UI: results as you type on /search/, and filters with counts on /mentors/.
 * Progressive enhancement over server-rendered pages; the engine is search-core.js
 * (window.MentorgenSearch). Everything shown is built with DOM calls and textContent, never
 * innerHTML: a mentor's name or a page's text is data, and must stay text.
 */
(function () {
  'use strict';
  var S = window.MentorgenSearch;
  if (!S || !window.fetch || !window.URLSearchParams) return;

  var KINDS = { mentor: 'Mentor', program: 'Guide', tip: 'Tip', page: 'Page' };

  // el makes an element; attrs are set as attributes (strings only), kids are nodes or text.
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs[k] != null && attrs[k] !== false) e.setAttribute(k, attrs[k] === true ? '' : String(attrs[k]));
    add(e, kids);
    return e;
  }
  function add(e, kids) {
    if (kids == null) return e;
    if (!Array.isArray(kids)) kids = [kids];
    kids.forEach(function (k) {
      if (k == null || k === false) return;
      e.appendChild(typeof k === 'object' ? k : document.createTextNode(String(k)));
    });
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  // marked appends text to e with the query's words in <mark>.
  function marked(e, text, terms, prefix) {
    if (!text) return e;
    if (!terms || !terms.length) return add(e, text);
    S.highlight(text, terms, prefix).forEach(function (seg) {
      e.appendChild(seg.mark ? el('mark', null, seg.text) : document.createTextNode(seg.text));
    });
    return e;
  }

  // The same initials and colour as the theme's initials and hue functions (render.go).
  function initials(name) {
    var out = [];
    String(name).split(/\s+/).forEach(function (w) {
      var c = Array.from(w)[0];
      if (c && /\p{L}/u.test(c)) {
        var u = c.toUpperCase();
        out.push(Array.from(u).length === 1 ? u : c);
      }
    });
    if (!out.length) return '?';
    return out.length === 1 ? out[0] : out[0] + out[out.length - 1];
  }
  function hue(name) { // one of the twelve classes hue-0 … hue-11
    var h = 0;
    for (var c of String(name)) h = (h * 31 + c.codePointAt(0)) % 360;
    return Math.floor(h / 30);
  }
  function avatar(rec) {
    if (rec.ph) {
      return el('img', { class: 'avatar', src: rec.ph, alt: 'Photo of ' + rec.t, width: 64, height: 64, loading: 'lazy', decoding: 'async' });
    }
    return el('span', { class: 'avatar avatar-initials hue-' + hue(rec.t), 'aria-hidden': 'true' }, initials(rec.t));
  }
  function status(accepting) {
    return accepting ? el('span', { class: 'status status-open' }, 'Accepting mentees')
      : el('span', { class: 'status status-full' }, 'Not accepting now');
  }
  function tzLabel(tz) { return tz.replace(/_/g, ' ').replace(/\//g, '/\u200b'); }
  function sep() { return el('span', { class: 'meta-sep', 'aria-hidden': 'true' }, '·'); }

  // card is partials/card.html made from a result record.
  function card(rec, terms, prefix) {
    var title = el('h3', { class: 'card-title' }, marked(el('a', { href: rec.u, lang: rec.lg, dir: rec.lg ? 'auto' : null }), rec.t, terms, prefix));
    var body = el('div', { class: 'card-body' }, title);
    if (rec.nl) add(body, el('p', { class: 'name-latin' }, rec.nl));
    var role = el('p', { class: 'card-role' }, rec.r || '');
    if (rec.c) add(role, [' ', el('span', { class: 'at' }, 'at'), ' ', rec.c]);
    add(body, role);
    if (rec.ex && rec.ex.length) {
      var chips = el('ul', { class: 'chips', 'aria-label': 'Expertise' }, rec.ex.map(function (x) { return el('li', null, x); }));
      if (rec.more) add(chips, el('li', { class: 'chip-more' }, [el('span', { 'aria-hidden': 'true' }, '+' + rec.more), el('span', { class: 'visually-hidden' }, 'and ' + rec.more + ' more')]));
      add(body, chips);
    }
    var meta = el('p', { class: 'card-meta' }, status(rec.a));
    if (rec.sn) add(meta, [sep(), el('span', null, rec.sn)]);
    if (rec.tz) add(meta, [sep(), el('span', null, tzLabel(rec.tz))]);
    add(body, meta);
    return el('article', { class: 'mentor-card' + (rec.a ? '' : ' is-full') }, [avatar(rec), body]);
  }

  // Facets the index carries for /match/ (match.js), not filters of the directory's panel.
  var MATCH_ONLY = ['style', 'format', 'hours', 'stale'];

  function indexBase(form) { return form.getAttribute('data-search-index').replace(/index\.json$/, ''); }

  // ---------------------------------------------------------------- /search/
  function searchPage(form) {
    var input = form.querySelector('#search-q'), statusEl = document.getElementById('search-status');
    var list = document.getElementById('search-results'), engine = S.open(indexBase(form));
    var note = document.querySelector('.search-browse .noscript-note');
    if (note) note.hidden = true;
    var empty = el('div', { class: 'search-empty', hidden: true });
    var more = el('button', { type: 'button', class: 'button search-more', hidden: true }, 'Show more results');
    list.parentNode.insertBefore(empty, list.nextSibling);
    list.parentNode.insertBefore(more, empty);
    list.setAttribute('aria-describedby', 'search-status');
    var directory = (document.querySelector('.search-browse a[href$="/mentors/"]') || {}).href;
    var seq = 0, timer = 0, shown = 0, last = null, current = '';

    function result(r, terms, prefix) {
      var rec = r.record || {}, kind = rec.k || 'page';
      var head = el('div', { class: 'result-head' }, [
        el('p', { class: 'result-kind result-kind-' + kind }, KINDS[kind] || 'Page'),
        el('h3', { class: 'result-title' }, marked(el('a', { href: rec.u, lang: rec.lg, dir: rec.lg ? 'auto' : null }), rec.t, terms, prefix)),
      ]);
      var body = el('div', { class: 'result-body' }, head);
      if (kind === 'mentor') {
        var who = el('p', { class: 'result-meta' });
        if (rec.r) add(who, rec.r);
        if (rec.c) add(who, [rec.r ? ' ' : '', el('span', { class: 'at' }, 'at'), ' ', rec.c]);
        add(body, [who, el('p', { class: 'result-meta' }, status(rec.a))]);
      }
      if (rec.s) add(body, marked(el('p', { class: 'result-snippet' }), rec.s, terms, prefix));
      var li = el('li', { class: 'result result-' + kind }, kind === 'mentor' ? [avatar(rec), body] : body);
      if (kind === 'mentor' && !rec.a) li.classList.add('is-full');
      return li;
    }

    function run(q, offset) {
      var my = ++seq;
      current = q;
      if (!q.trim()) {
        clear(list); list.hidden = true; empty.hidden = true; more.hidden = true;
        statusEl.textContent = '';
        return Promise.resolve();
      }
      return engine.search(q, { limit: 10, offset: offset }).then(function (r) {
        if (my !== seq) return;
        last = r;
        if (!offset) { clear(list); shown = 0; }
        r.results.forEach(function (x) { list.appendChild(result(x, r.terms, r.prefix)); });
        shown += r.results.length;
        list.hidden = shown === 0;
        more.hidden = shown >= r.total;
        statusEl.textContent = r.total ? plural(r.total, 'result', 'results') + ' for “' + q.trim() + '”'
          : 'No results for “' + q.trim() + '”';
        clear(empty);
        empty.hidden = r.total > 0;
        if (!r.total) {
          if (r.suggestion) {
            var b = el('button', { type: 'button', class: 'link-button' }, r.suggestion);
            b.addEventListener('click', function () { input.value = r.suggestion; submit(); input.focus(); });
            add(empty, el('p', null, ['Did you mean ', b, '?']));
          }
          if (directory) add(empty, el('p', null, ['Or browse ', el('a', { href: directory }, 'the mentor directory'), '.']));
        }
      }, function (err) {
        if (my !== seq) return;
        statusEl.textContent = 'Search is not available right now.';
        if (window.console) console.warn(err); // eslint-disable-line no-console
      });
    }

    function url(q) {
      var u = new URL(location.href);
      if (q.trim()) u.searchParams.set('q', q); else u.searchParams.delete('q');
      return u.pathname + u.search + u.hash;
    }
    function submit() {
      clearTimeout(timer);
      var q = input.value;
      if (q !== (new URLSearchParams(location.search).get('q') || '')) history.pushState({ q: q }, '', url(q));
      run(q, 0);
    }
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        history.replaceState({ q: input.value }, '', url(input.value));
        run(input.value, 0);
      }, 150);
    });
    form.addEventListener('submit', function (e) { e.preventDefault(); submit(); });
    more.addEventListener('click', function () {
      var first = shown;
      run(current, shown).then(function () {
        var a = list.children[first] && list.children[first].querySelector('a');
        if (a) a.focus();
      });
    });
    window.addEventListener('popstate', function () { restore(); });
    function restore() {
      var q = new URLSearchParams(location.search).get('q') || '';
      input.value = q;
      run(q, 0);
    }

    // Arrow keys move between the field and the result links; Esc clears or returns.
    function links() { return Array.prototype.slice.call(list.querySelectorAll('.result-title a')); }
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' && !list.hidden) {
        var ls = links();
        if (ls.length) { e.preventDefault(); ls[0].focus(); }
      } else if (e.key === 'Escape' && input.value) {
        e.preventDefault();
        input.value = '';
        history.replaceState({ q: '' }, '', url(''));
        run('', 0);
      }
    });
    list.addEventListener('keydown', function (e) {
      var ls = links(), i = ls.indexOf(document.activeElement);
      if (i < 0) return;
      if (e.key === 'ArrowDown') { e.preventDefault(); (ls[i + 1] || ls[i]).focus(); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); (i ? ls[i - 1] : input).focus(); }
      else if (e.key === 'Home') { e.preventDefault(); ls[0].focus(); }
      else if (e.key === 'End') { e.preventDefault(); ls[ls.length - 1].focus(); }
      else if (e.key === 'Escape') { e.preventDefault(); input.focus(); }
    });
    restore();
  }

  // ---------------------------------------------------------------- /mentors/
  var TOP = 8, PAGE = 12;
  // ANY_MENTOR keeps a text query's results to mentors: every mentor has one of these values.
  var ANY_MENTOR = { accepting: ['yes', 'no'] };

  // offset is the first UTC offset of a time-zone band's key ("utc-5-to-3"), or null.
  function offset(key) {
    var m = /^utc(-?\d+)-to-?\d+$/.exec(key);
    return m ? +m[1] : null;
  }

  function directoryPage(root) {
    var engine = S.open(indexBase(root)), dirURL = root.getAttribute('data-directory');
    var results = root.querySelector('.directory-results');
    var grid = results.querySelector('.card-grid'), pager = results.querySelector('.pager');
    var count = document.querySelector('.page-head .count');
    var facets = [], shownFacets = null, byName = {}, state = readState(), seq = 0, shown = 0, uid = 0;

    function readState() {
      var p = new URLSearchParams(location.search), st = { q: p.get('q') || '', f: {} };
      p.forEach(function (v, k) {
        if (k === 'q' || !v) return;
        var vs = st.f[k] || (st.f[k] = []);
        if (vs.indexOf(v) < 0) vs.push(v);
      });
      return st;
    }
    function active(st) { return !!st.q.trim() || Object.keys(st.f).some(function (k) { return st.f[k].length; }); }
    function known(st) { // drop facets and values the index does not know (an old link)
      var f = {};
      Object.keys(st.f).forEach(function (k) {
        var fc = byName[k];
        if (!fc) return;
        var vs = st.f[k].filter(function (v) { return fc.byKey[v]; });
        if (vs.length) f[k] = vs;
      });
      return { q: st.q, f: f };
    }
    function query(st) {
      var q = st.q.trim(), f = st.f;
      if (q && !Object.keys(f).length) f = ANY_MENTOR;
      return { q: q, f: f };
    }
    function href(st) {
      var p = new URLSearchParams();
      facets.forEach(function (fc) { (st.f[fc.name] || []).forEach(function (v) { p.append(fc.name, v); }); });
      if (st.q.trim()) p.set('q', st.q.trim());
      var s = p.toString();
      return (active(st) ? dirURL : location.pathname) + (s ? '?' + s : '');
    }

    // The panel: a text query, active filter chips, one fieldset per facet.
    var panelId = 'facets-' + (++uid);
    var toggle = el('button', { type: 'button', class: 'button facets-toggle', 'aria-expanded': 'false', 'aria-controls': panelId }, 'Filters');
    var qInput = el('input', { id: 'dir-q', type: 'search', name: 'q', autocomplete: 'off', spellcheck: 'false' });
    var qForm = el('form', { class: 'search-form dir-search', role: 'search', 'aria-label': 'Mentors', action: dirURL, method: 'get' }, [
      el('label', { for: 'dir-q' }, 'Search mentors'),
      el('div', { class: 'search-row' }, [qInput, el('button', { type: 'submit' }, 'Search')]),
    ]);
    var groups = el('div', { class: 'facet-groups' });
    var panel = el('aside', { class: 'facets', id: panelId, 'aria-labelledby': panelId + '-h' }, [
      el('h2', { id: panelId + '-h', class: 'facets-title' }, 'Filter mentors'), groups]);
    var chips = el('div', { class: 'active-filters', hidden: true });
    var statusEl = el('p', { class: 'dir-status', role: 'status', 'aria-live': 'polite' });
    var none = el('div', { class: 'dir-none', hidden: true });
    var list = el('div', { class: 'card-grid dir-results', hidden: true });
    var more = el('button', { type: 'button', class: 'button dir-more', hidden: true }, 'Show more mentors');
    var side = el('div', { class: 'facets-side' }, [toggle, panel]);
    root.insertBefore(qForm, results);
    root.insertBefore(side, results);
    results.insertBefore(chips, results.firstChild);
    results.insertBefore(statusEl, chips.nextSibling);
    results.insertBefore(none, statusEl.nextSibling);
    results.appendChild(list);
    results.appendChild(more);
    root.classList.add('is-enhanced');
    panel.classList.add('is-collapsed');

    toggle.addEventListener('click', function () {
      var open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      panel.classList.toggle('is-collapsed', !open);
    });

    function buildFacet(fc) {
      var id = 'facet-' + fc.name;
      if (fc.values.every(function (v) { return offset(v.key) !== null; })) { // time-zone bands: west to east
        fc.values.sort(function (a, b) { return offset(a.key) - offset(b.key); });
      }
      fc.byKey = {};
      fc.rows = fc.values.map(function (v, i) {
        var box = el('input', { type: 'checkbox', id: id + '-' + i, name: fc.name, value: v.key });
        var n = el('span', { class: 'facet-n' });
        var unit = el('span', { class: 'visually-hidden' });
        var row = el('li', null, el('label', { for: id + '-' + i }, [box, el('span', { class: 'facet-label' }, v.label), el('span', { class: 'facet-count' }, [n, unit])]));
        var r = { v: v, box: box, n: n, unit: unit, li: row, rank: i, count: v.count, words: ' ' + S.tokenize(v.label + ' ' + v.key).join(' ') };
        fc.byKey[v.key] = r;
        box.addEventListener('change', function () {
          var vs = state.f[fc.name] || [];
          vs = vs.filter(function (x) { return x !== v.key; });
          if (box.checked) vs.push(v.key);
          if (vs.length) state.f[fc.name] = vs; else delete state.f[fc.name];
          commit(true);
        });
        return r;
      });
      var ul = fc.list = el('ul', { class: 'facet-values', id: id + '-values' }, fc.rows.map(function (r) { return r.li; }));
      var fs = el('fieldset', { class: 'facet' }, el('legend', null, fc.label));
      if (fc.values.length > TOP) {
        var fid = id + '-find';
        fc.find = el('input', { type: 'search', id: fid, class: 'facet-find', autocomplete: 'off', 'aria-controls': id + '-values' });
        add(fs, el('div', { class: 'facet-find-row' }, [el('label', { for: fid, class: 'visually-hidden' }, 'Find a value of ' + fc.label.toLowerCase()), fc.find]));
        fc.find.setAttribute('placeholder', 'Find ' + fc.label.toLowerCase());
        fc.find.addEventListener('input', function () { layout(fc); });
      }
      add(fs, ul);
      if (fc.values.length > TOP) {
        fc.all = false;
        fc.more = el('button', { type: 'button', class: 'link-button facet-more', 'aria-expanded': 'false', 'aria-controls': id + '-values' });
        fc.more.addEventListener('click', function () {
          fc.all = !fc.all;
          layout(fc);
        });
        add(fs, fc.more);
      }
      fc.none = el('p', { class: 'facet-none', hidden: true }, 'No ' + fc.label.toLowerCase() + ' matches.');
      add(fs, fc.none);
      return fs;
    }

    // layout shows a facet's values. A long facet shows its top values by count (chosen ones
    // always), or all of them, or those its find box matches; it is sorted again as counts
    // change, unless focus is in it (moving a focused checkbox would lose the focus).
    function layout(fc) {
      var find = fc.find ? S.tokenize(fc.find.value).join(' ') : '';
      var chosen = state.f[fc.name] || [], visible = 0;
      if (fc.more && !fc.list.contains(document.activeElement)) {
        fc.rows.sort(function (a, b) { return b.count - a.count || a.rank - b.rank; });
        fc.rows.forEach(function (r) { fc.list.appendChild(r.li); });
      }
      fc.rows.forEach(function (r, i) {
        var show = find ? r.words.indexOf(' ' + find) >= 0 : fc.all || !fc.more || i < TOP || chosen.indexOf(r.v.key) >= 0;
        r.li.hidden = !show;
        if (show) visible++;
      });
      fc.none.hidden = visible > 0;
      if (fc.more) {
        fc.more.hidden = !!find;
        fc.more.textContent = fc.all ? 'Show fewer' : 'Show all ' + fc.rows.length;
        fc.more.setAttribute('aria-expanded', String(fc.all));
      }
    }

    function updateCounts(counts) {
      facets.forEach(function (fc) {
        var c = counts[fc.name] || {}, chosen = state.f[fc.name] || [];
        fc.rows.forEach(function (r) {
          var n = c[r.v.key] || 0, on = chosen.indexOf(r.v.key) >= 0;
          r.count = n;
          r.box.checked = on;
          r.n.textContent = String(n);
          r.unit.textContent = n === 1 ? ' mentor' : ' mentors';
          r.li.classList.toggle('is-zero', n === 0 && !on);
        });
        layout(fc);
      });
    }

    function renderChips() {
      clear(chips);
      var items = [];
      if (state.q.trim()) items.push({ label: 'Words: ' + state.q.trim(), drop: function () { state.q = ''; qInput.value = ''; } });
      facets.forEach(function (fc) {
        (state.f[fc.name] || []).forEach(function (v) {
          var r = fc.byKey[v];
          items.push({ label: fc.label + ': ' + r.v.label, drop: function () { dropValue(fc.name, v); } });
        });
      });
      chips.hidden = !items.length;
      var n = Object.keys(state.f).reduce(function (a, k) { return a + state.f[k].length; }, 0);
      toggle.textContent = n ? 'Filters (' + n + ')' : 'Filters';
      if (!items.length) return;
      var ul = el('ul', { class: 'chip-list', 'aria-label': 'Active filters' });
      items.forEach(function (it, i) {
        var b = el('button', { type: 'button', class: 'filter-chip' }, [el('span', null, it.label), el('span', { class: 'chip-x', 'aria-hidden': 'true' }, '×')]);
        b.setAttribute('aria-label', 'Remove ' + it.label);
        b.addEventListener('click', function () {
          it.drop();
          commit(true).then(function () {
            var bs = chips.querySelectorAll('.filter-chip');
            (bs[Math.min(i, bs.length - 1)] || qInput).focus();
          });
        });
        ul.appendChild(el('li', null, b));
      });
      var clearAll = el('button', { type: 'button', class: 'link-button clear-all' }, 'Clear all');
      clearAll.addEventListener('click', function () {
        state = { q: '', f: {} };
        qInput.value = '';
        commit(true).then(function () { qInput.focus(); });
      });
      add(chips, [ul, clearAll]);
    }
    function dropValue(name, v) { state = without(state, name, v); }
    function without(st, name, v) {
      var f = {};
      Object.keys(st.f).forEach(function (k) {
        var vs = st.f[k].filter(function (x) { return k !== name || x !== v; });
        if (vs.length) f[k] = vs;
      });
      return { q: st.q, f: f };
    }

    // suggest offers, when nothing matches, to drop the one filter that gives back the most:
    // a button for each of the best three, with the count it would give.
    function suggest(my) {
      var cands = [];
      if (state.q.trim()) cands.push({ label: 'the words “' + state.q.trim() + '”', st: { q: '', f: state.f } });
      facets.forEach(function (fc) {
        (state.f[fc.name] || []).forEach(function (v) {
          cands.push({ label: fc.label.toLowerCase() + ' “' + fc.byKey[v].v.label + '”', st: without(state, fc.name, v) });
        });
      });
      return Promise.all(cands.map(function (c) {
        var qq = query(c.st);
        return active(c.st) ? engine.search(qq.q, { filters: qq.f, limit: 0 }).then(function (r) { return r.total; }) : Promise.resolve(everyone());
      })).then(function (totals) {
        if (my !== seq) return;
        clear(none);
        add(none, el('p', { class: 'dir-none-title' }, 'No mentor matches all of these filters.'));
        var best = cands.map(function (c, i) { return { c: c, n: totals[i] }; }).filter(function (x) { return x.n > 0; })
          .sort(function (a, b) { return b.n - a.n; }).slice(0, 3);
        if (best.length) {
          add(none, el('p', null, best.length === 1 ? 'Try this instead:' : 'Try one of these instead:'));
          var ul = el('ul', { class: 'dir-suggestions' });
          best.forEach(function (x) {
            var b = el('button', { type: 'button', class: 'button' }, 'Remove ' + x.c.label + ' (' + plural(x.n, 'mentor', 'mentors') + ')');
            b.addEventListener('click', function () {
              state = x.c.st;
              qInput.value = state.q;
              commit(true).then(function () {
                var a = list.querySelector('.card-title a');
                if (a) a.focus();
              });
            });
            ul.appendChild(el('li', null, b));
          });
          add(none, ul);
        }
        none.hidden = false;
      });
    }
    // everyone is the number of mentors: each has one value of the availability facet.
    function everyone() {
      var fc = byName.accepting;
      return fc ? fc.values.reduce(function (a, v) { return a + v.count; }, 0) : 0;
    }

    function showServerCards(on) {
      grid.hidden = !on;
      if (pager) pager.hidden = !on;
      if (count) count.hidden = !on;
    }

    // commit shows the state: counts, chips, results, and the URL (push for a user's change).
    function commit(push, offset) {
      var my = ++seq, st = known(state);
      state = st;
      if (push !== null) {
        var h = href(st);
        if (h !== location.pathname + location.search) history[push ? 'pushState' : 'replaceState'](null, '', h);
      }
      renderChips();
      var qq = query(st);
      var counts = engine.facetCounts(st.q.trim(), st.f, shownFacets).then(function (c) { if (my === seq) updateCounts(c); });
      if (!active(st)) {
        showServerCards(true);
        list.hidden = true; more.hidden = true; none.hidden = true;
        statusEl.textContent = '';
        return counts;
      }
      showServerCards(false);
      var res = engine.search(qq.q, { filters: qq.f, limit: PAGE, offset: offset || 0 }).then(function (r) {
        if (my !== seq) return;
        if (!offset) { clear(list); shown = 0; }
        r.results.forEach(function (x) { list.appendChild(card(x.record, r.terms, r.prefix)); });
        shown += r.results.length;
        list.hidden = shown === 0;
        more.hidden = shown >= r.total;
        statusEl.textContent = r.total ? plural(r.total, 'mentor matches', 'mentors match') : 'No mentor matches.';
        if (r.total) { none.hidden = true; return; }
        return suggest(my);
      });
      return Promise.all([counts, res]).catch(function (err) {
        statusEl.textContent = 'Filtering is not available right now.';
        if (window.console) console.warn(err); // eslint-disable-line no-console
      });
    }

    more.addEventListener('click', function () {
      var first = shown;
      seq++; // a page more of the same state; commit would start over
      var my = seq, qq = query(state);
      engine.search(qq.q, { filters: qq.f, limit: PAGE, offset: shown }).then(function (r) {
        if (my !== seq) return;
        r.results.forEach(function (x) { list.appendChild(card(x.record, r.terms, r.prefix)); });
        shown += r.results.length;
        more.hidden = shown >= r.total;
        var a = list.children[first] && list.children[first].querySelector('a');
        if (a) a.focus();
      });
    });
    var qTimer = 0;
    qInput.addEventListener('input', function () {
      clearTimeout(qTimer);
      qTimer = setTimeout(function () { state.q = qInput.value; commit(false); }, 200);
    });
    qForm.addEventListener('submit', function (e) {
      e.preventDefault();
      clearTimeout(qTimer);
      state.q = qInput.value;
      commit(true);
    });
    window.addEventListener('popstate', function () {
      state = readState();
      qInput.value = state.q;
      commit(null);
    });

    // Only the directory's own facets: /match/'s (hours, style…) are never downloaded here.
    engine.facetNames().then(function (names) {
      shownFacets = names.filter(function (n) { return MATCH_ONLY.indexOf(n) < 0; });
      return engine.facets(shownFacets);
    }).then(function (fs) {
      facets = fs;
      fs.forEach(function (fc) { byName[fc.name] = fc; groups.appendChild(buildFacet(fc)); });
      qInput.value = state.q;
      return commit(null);
    }).catch(function (err) {
      side.hidden = true;
      root.classList.remove('is-enhanced');
      if (window.console) console.warn(err); // eslint-disable-line no-console
    });
  }

  function start() {
    var form = document.querySelector('.search-form[data-search-index]');
    if (form) searchPage(form);
    var dir = document.querySelector('.directory[data-search-index]');
    if (dir) directoryPage(dir);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
