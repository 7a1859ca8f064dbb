/* /match/ "Find your mentor": ranks mentors in the browser from the facet files the search
 * index already ships (generator/search/FORMAT.md; the style, format, hours and stale facets
 * are there for this page), and reads the records of the mentors it shows. Nothing is sent
 * anywhere: the choices live in the URL and in localStorage. Text goes in as textContent only.
 *
 * The pure parts (node tests in layouts/jstest/match.test.js):
 *   MentorgenMatch.rank(choice, data)          -> [{id, score, group, fits}] best first
 *   MentorgenMatch.explain(id, choice, data)   -> {good: [text], missing: [text]}
 *   MentorgenMatch.slots(when, offset)         -> [{period, day, blocks}] UTC hour blocks
 *   MentorgenMatch.decodeFacet(file, docIds)   -> {value: [sorted doc ids]}
 * choice: {expertise, helps_with, program_type, style, format, language, when: [keys]} and
 * offset (the mentee's UTC offset in minutes); data: {ids: [mentor doc ids, directory order],
 * lists: {facet: {value: [ids]}}, labels: {facet: {value: label}}}.
 */
(function (root) {
  'use strict';

  // Criteria, with the points a mentor gets for each: skills count per skill, the others once.
  var CRITERIA = [
    { key: 'expertise', weight: 3, each: true },
    { key: 'helps_with', weight: 2 },
    { key: 'program_type', weight: 1 },
    { key: 'style', weight: 1 },
    { key: 'format', weight: 1 },
    { key: 'language', weight: 2 },
  ];
  var TIME_WEIGHT = 2;
  // The mentee's free time, in their own zone. Days: 0 Monday … 6 Sunday; minutes of the day.
  var PERIODS = {
    mornings: { label: 'weekday mornings (7–10)', word: 'mornings', days: [0, 1, 2, 3, 4], from: 420, to: 600 },
    daytime: { label: 'weekday working hours (10–18)', word: 'working hours', days: [0, 1, 2, 3, 4], from: 600, to: 1080 },
    evenings: { label: 'weekday evenings (18–22)', word: 'evenings', days: [0, 1, 2, 3, 4], from: 1080, to: 1320 },
    weekends: { label: 'weekends (9–18)', word: 'weekends', days: [5, 6], from: 540, to: 1080 },
  };
  var DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  var DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  var WEEK = 7 * 1440;

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  // slots turns the chosen periods into, for each period and local day, the UTC three-hour
  // blocks (the hours facet's keys, "tue-21") it has at least a minute in.
  function slots(when, offset) {
    var out = [];
    (when || []).forEach(function (key) {
      var p = PERIODS[key];
      if (!p) return;
      p.days.forEach(function (day) {
        var start = day * 1440 + p.from - offset, end = day * 1440 + p.to - offset, blocks = [];
        for (var b = Math.floor(start / 180) * 180; b < end; b += 180) {
          var m = ((b % WEEK) + WEEK) % WEEK;
          blocks.push(DAYS[Math.floor(m / 1440)] + '-' + pad((m % 1440) / 60));
        }
        out.push({ period: key, day: day, blocks: blocks });
      });
    });
    return out;
  }

  function has(list, id) { // binary search in sorted ids
    if (!list) return false;
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] < id) lo = mid + 1; else hi = mid; }
    return lo < list.length && list[lo] === id;
  }
  function chosen(choice, key) { return (choice[key] || []).filter(Boolean); }

  // rank scores every mentor: 3 points per skill of yours they have, 2 for one of your career
  // steps, 1 each for a program type, a style and a format of yours, 2 for a language you
  // share, 2 for hours that overlap your free time. Order: accepting mentors whose
  // availability is confirmed, then accepting ones not confirmed recently, then those not
  // accepting; within each, higher score first, then directory order. fits: every criterion
  // you chose is met (all of your skills).
  function rank(choice, data) {
    var ids = data.ids, n = ids.length ? ids[ids.length - 1] + 1 : 0;
    var score = new Int32Array(n), met = new Int32Array(n), want = 0;
    CRITERIA.forEach(function (c) {
      var vals = chosen(choice, c.key), lists = data.lists[c.key] || {};
      if (!vals.length) return;
      if (c.each) {
        want += vals.length;
        vals.forEach(function (v) {
          (lists[v] || []).forEach(function (id) { score[id] += c.weight; met[id]++; });
        });
        return;
      }
      want++;
      var seen = new Uint8Array(n);
      vals.forEach(function (v) { (lists[v] || []).forEach(function (id) { seen[id] = 1; }); });
      for (var i = 0; i < n; i++) if (seen[i]) { score[i] += c.weight; met[i]++; }
    });
    var sl = slots(choice.when, choice.offset || 0);
    if (sl.length) {
      want++;
      var hit = new Uint8Array(n), hours = data.lists.hours || {};
      sl.forEach(function (s) { s.blocks.forEach(function (b) { (hours[b] || []).forEach(function (id) { hit[id] = 1; }); }); });
      for (var j = 0; j < n; j++) if (hit[j]) { score[j] += TIME_WEIGHT; met[j]++; }
    }
    var yes = (data.lists.accepting || {}).yes, stale = (data.lists.stale || {}).yes || [];
    var group = new Uint8Array(n).fill(2);
    (yes || []).forEach(function (id) { group[id] = 0; });
    stale.forEach(function (id) { if (group[id] === 0) group[id] = 1; });
    var order = ids.slice();
    order.sort(function (a, b) { return group[a] - group[b] || score[b] - score[a] || a - b; });
    return order.map(function (id) { return { id: id, score: score[id], group: group[id], fits: want > 0 && met[id] === want }; });
  }

  function joinLabels(vals, labels, word) {
    var ls = vals.map(function (v) { return (labels && labels[v]) || v; });
    if (ls.length < 2) return ls.join('');
    return ls.slice(0, -1).join(', ') + ' ' + (word || 'or') + ' ' + ls[ls.length - 1];
  }
  var SAYS = {
    helps_with: ['helps with ', 'does not list '],
    program_type: ['offers ', 'no '],
    style: ['', 'not '],
    format: ['offers ', 'no '],
    language: ['speaks ', 'does not list '],
  };
  var AFTER = { program_type: [' programs', ' program'], style: [' style', ''] };

  // explain says why a mentor ranks where they do: what they share with the choice, and
  // what they miss of it.
  function explain(id, choice, data) {
    var good = [], missing = [];
    CRITERIA.forEach(function (c) {
      var vals = chosen(choice, c.key), lists = data.lists[c.key] || {}, labels = (data.labels || {})[c.key] || {};
      if (!vals.length) return;
      var hits = vals.filter(function (v) { return has(lists[v], id); });
      var miss = vals.filter(function (v) { return hits.indexOf(v) < 0; });
      if (c.each) {
        if (hits.length) good.push(hits.length + ' of your ' + vals.length + (vals.length === 1 ? ' skill' : ' skills'));
        if (miss.length) missing.push('no ' + joinLabels(miss, labels, 'or'));
        return;
      }
      var after = AFTER[c.key] || ['', ''];
      if (hits.length) good.push(SAYS[c.key][0] + joinLabels(hits, labels, 'and') + after[0]);
      else missing.push(SAYS[c.key][1] + joinLabels(vals, labels) + after[1]);
    });
    var sl = slots(choice.when, choice.offset || 0);
    if (sl.length) {
      var hours = data.lists.hours || {}, byPeriod = {}, periods = [];
      sl.forEach(function (s) {
        if (periods.indexOf(s.period) < 0) periods.push(s.period);
        if (s.blocks.some(function (b) { return has(hours[b], id); })) (byPeriod[s.period] = byPeriod[s.period] || []).push(DAY_NAMES[s.day]);
      });
      var said = periods.filter(function (p) { return byPeriod[p]; }).map(function (p) {
        var days = byPeriod[p], all = PERIODS[p].days.length === days.length;
        return 'your ' + PERIODS[p].word + (all ? '' : ' ' + days.join('/'));
      });
      if (said.length) good.push('overlaps ' + said.join(' and '));
      else missing.push('no hours in your ' + periods.map(function (p) { return PERIODS[p].word; }).join(' or '));
    }
    return { good: good, missing: missing };
  }

  // Number strings (FORMAT.md) are read by the search engine's decoder, so there is one:
  // match.html loads search-core.js before this file, and node requires it. A page that
  // loads this file alone (an old override of match.html) is told so in the console.
  var S = root.MentorgenSearch || (typeof require === 'function' ? require('./search-core.js') : null);
  if (!S) throw new Error('match.js: load search-core.js before it (see the theme\'s match.html)');
  function varints(s) { return S.varints(s, -1); }
  // decodeFacet reads a facet file into {value: [sorted doc ids]}; docIds are the faceted
  // docs in the manifest's fd order (for a file with one value per doc, `s`).
  function decodeFacet(f, docIds) {
    var out = {};
    f.v.forEach(function (v) { out[v[0]] = []; });
    if (f.m) {
      f.m.forEach(function (s, i) {
        var prev = -1;
        out[f.v[i][0]] = varints(s).map(function (g) { prev += g + 1; return prev; });
      });
    } else if (f.s) {
      varints(f.s).forEach(function (x, i) { if (x > 0) out[f.v[x - 1][0]].push(docIds[i]); });
    }
    return out;
  }
  function docIds(fd) {
    var out = [];
    for (var i = 0; i + 1 < fd.length; i += 2) for (var d = fd[i]; d < fd[i] + fd[i + 1]; d++) out.push(d);
    return out;
  }

  // zoneOffset is a zone's UTC offset in minutes at a moment, from the browser's tz data.
  function zoneOffset(tz, date) {
    try {
      var parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(date);
      var p = {};
      parts.forEach(function (x) { p[x.type] = +x.value; });
      var local = Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute);
      return Math.round((local - Math.floor(date.getTime() / 60000) * 60000) / 60000);
    } catch (e) {
      return 0;
    }
  }

  var api = { rank: rank, explain: explain, slots: slots, decodeFacet: decodeFacet, docIds: docIds, zoneOffset: zoneOffset, PERIODS: PERIODS, CRITERIA: CRITERIA };
  if (typeof module === 'object' && module.exports) module.exports = api;
  root.MentorgenMatch = api;
  if (typeof document === 'undefined') return;

  // ------------------------------------------------------------------ the page
  // The form's skills, career steps, … are in the page (match.html, from the same values as
  // the index); this script adds the hours, loads the facet files of what is chosen (and the
  // accepting and stale ones), ranks, and reads the records of the mentors it shows.
  var STORE = 'mentorgen.match', PAGE = 6;

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { if (attrs[k] != null && attrs[k] !== false) e.setAttribute(k, attrs[k] === true ? '' : attrs[k]); });
    add(e, kids);
    return e;
  }
  function add(e, kids) {
    if (kids == null) return e;
    (Array.isArray(kids) ? kids : [kids]).forEach(function (k) {
      if (k != null) e.appendChild(typeof k === 'string' ? document.createTextNode(k) : k);
    });
    return e;
  }
  function slug(v) { return String(v).toLowerCase().trim().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, ''); }

  function start(app) {
    var base = app.getAttribute('data-search-index').replace(/index\.json$/, '');
    var form = app.querySelector('.match-form');
    if (!form) return;
    var man, files = {}, chunks = {}, choice, seq = 0, shown = 0, ranked = [];
    var data = { ids: [], lists: {}, labels: {} };
    var here = (Intl.DateTimeFormat().resolvedOptions().timeZone) || 'UTC';
    var keys = Array.prototype.map.call(form.querySelectorAll('fieldset[data-key]'), function (f) { return f.getAttribute('data-key'); });
    keys.forEach(function (k) {
      data.labels[k] = {};
      Array.prototype.forEach.call(form.querySelectorAll('input[name="' + k + '"]'), function (i) { data.labels[k][i.value] = i.labels[0].textContent; });
    });
    var KEYS = keys.concat(['when']);

    function get(name) {
      return fetch(base + name + (man ? '?v=' + man.v : '')).then(function (r) {
        if (!r.ok) throw new Error('match: ' + name + ': ' + r.status);
        return r.json();
      });
    }
    // facet loads a facet file once, into data.lists.
    function facet(name) {
      if (!files[name]) {
        var known = man.f.some(function (x) { return x[0] === name; });
        files[name] = known ? get('f/' + name + '.json').then(function (f) { data.lists[name] = decodeFacet(f, docIds(man.fd)); }) : Promise.resolve();
      }
      return files[name];
    }
    function record(id) {
      var k = Math.floor(id / man.c);
      if (!chunks[k]) chunks[k] = get('m/' + k + '.json');
      return chunks[k].then(function (ch) { return ch[id % man.c]; });
    }

    // The hours: periods of the mentee's own week, and their zone.
    var box = el('div', { class: 'match-options' });
    Object.keys(PERIODS).forEach(function (k) {
      box.appendChild(el('span', { class: 'match-option' }, [
        el('input', { type: 'checkbox', id: 'm-when-' + k, name: 'when', value: k }),
        el('label', { for: 'm-when-' + k }, PERIODS[k].label)]));
    });
    var zones = [];
    try { zones = Intl.supportedValuesOf('timeZone'); } catch (e) { zones = []; }
    if (zones.indexOf(here) < 0) zones.unshift(here);
    var sel = el('select', { id: 'm-tz', name: 'tz' }, zones.map(function (z) { return el('option', { value: z }, z.replace(/_/g, ' ')); }));
    form.appendChild(el('fieldset', { class: 'match-group match-when' }, [el('legend', null, 'When you are free'), box,
      el('div', { class: 'field match-tz' }, [el('label', { for: 'm-tz' }, 'Your time zone'), sel])]));

    var status = el('p', { class: 'match-status', role: 'status' });
    var list = el('ol', { class: 'match-results' });
    var more = el('button', { type: 'button', class: 'button match-more', hidden: true }, 'Show more mentors');
    add(app, el('section', { class: 'match-ranked', 'aria-labelledby': 'match-ranked-title' }, [
      el('h2', { id: 'match-ranked-title' }, 'Your mentors'), status, list, more]));
    app.classList.add('is-enhanced');
    form.hidden = false;

    function readChoice(search) {
      var q = new URLSearchParams(search), c = { tz: q.get('tz') || '' }, any = !!c.tz;
      KEYS.forEach(function (k) {
        var raw = q.get(k);
        c[k] = [];
        if (raw == null) return;
        any = true;
        raw.split(',').forEach(function (v) {
          var known = k === 'when' ? PERIODS : data.labels[k];
          v = v.trim();
          if (!Object.prototype.hasOwnProperty.call(known, v)) v = slug(v);
          if (Object.prototype.hasOwnProperty.call(known, v) && c[k].indexOf(v) < 0) c[k].push(v);
        });
      });
      return any ? c : null;
    }
    function query(c) {
      var parts = [];
      KEYS.forEach(function (k) { if (c[k].length) parts.push(k + '=' + c[k].map(encodeURIComponent).join(',')); });
      if (c.tz) parts.push('tz=' + encodeURIComponent(c.tz));
      return parts.length ? '?' + parts.join('&') : '';
    }
    function show(c) {
      KEYS.forEach(function (k) {
        Array.prototype.forEach.call(form.querySelectorAll('input[name="' + k + '"]'), function (i) { i.checked = c[k].indexOf(i.value) >= 0; });
      });
      sel.value = c.tz || here;
    }
    function fromForm() {
      var c = {};
      KEYS.forEach(function (k) {
        c[k] = Array.prototype.filter.call(form.querySelectorAll('input[name="' + k + '"]'), function (i) { return i.checked; }).map(function (i) { return i.value; });
      });
      c.tz = sel.value === here ? '' : sel.value;
      return c;
    }

    function item(r, rec, first) {
      var why = explain(r.id, choice, data);
      if (rec.cap && r.group !== 2) why.good.push('takes ' + rec.cap + (rec.cap === 1 ? ' mentee' : ' mentees'));
      var name = el('a', { href: rec.u, lang: rec.lg || null, dir: rec.lg ? 'auto' : null }, rec.t);
      var body = el('div', { class: 'match-body' }, [el('h3', { class: 'card-title' }, name)]);
      if (rec.r || rec.c) add(body, el('p', { class: 'card-role' }, [rec.r || '', rec.r && rec.c ? ' at ' : '', rec.c || '']));
      if (why.good.length) add(body, el('p', { class: 'match-why' }, why.good.join(' · ')));
      if (why.missing.length) add(body, el('p', { class: 'match-missing' }, 'Missing: ' + why.missing.join(' · ')));
      if (r.group === 2) add(body, el('p', { class: 'status status-full' }, 'Not accepting mentees now'));
      else if (r.group === 1) add(body, el('p', { class: 'badge badge-stale' }, 'Availability not confirmed recently'));
      if (first && r.group !== 2) {
        add(body, el('p', { class: 'match-request' }, el('a', { class: 'button button-primary', href: rec.u + '#request-title' }, ['Request mentorship', el('span', { class: 'visually-hidden' }, ' from ' + rec.t)])));
      }
      return el('li', { class: 'match-result' + (r.fits ? ' is-fit' : '') + (r.group === 2 ? ' is-full' : '') }, body);
    }

    function page(my) {
      var slice = ranked.slice(shown, shown + (shown ? 10 : PAGE));
      return Promise.all(slice.map(function (r) { return record(r.id); })).then(function (recs) {
        if (my !== seq) return;
        slice.forEach(function (r, i) { list.appendChild(item(r, recs[i] || { t: '', u: '#' }, shown === 0 && i === 0)); });
        shown += slice.length;
        more.hidden = shown >= ranked.length;
      });
    }

    function update(save) {
      var my = ++seq, c = fromForm();
      if (save) {
        var q = query(c);
        history.replaceState(null, '', location.pathname + q);
        try { localStorage.setItem(STORE, q); } catch (e) { /* private mode: the URL still has it */ }
      }
      c.offset = zoneOffset(c.tz || here, new Date());
      var picked = KEYS.filter(function (k) { return c[k].length; });
      if (!picked.length) {
        choice = c; ranked = []; list.textContent = ''; more.hidden = true;
        status.textContent = 'Choose the skills you want to grow, or any other preference, to see your mentors ranked.';
        return Promise.resolve();
      }
      status.textContent = 'Ranking the mentors…';
      var need = ['accepting', 'stale'].concat(picked.map(function (k) { return k === 'when' ? 'hours' : k; }));
      return Promise.all(need.map(facet)).then(function () {
        if (my !== seq) return;
        choice = c;
        var yes = (data.lists.accepting || {}).yes || [], no = (data.lists.accepting || {}).no || [];
        data.ids = yes.concat(no).sort(function (a, b) { return a - b; });
        var t0 = performance.now();
        ranked = rank(choice, data);
        app.setAttribute('data-rank-ms', (performance.now() - t0).toFixed(2));
        var fit = ranked.filter(function (r) { return r.fits && r.group === 0; }).length;
        var fitAny = ranked.filter(function (r) { return r.fits; }).length;
        status.textContent = fit ? (fit === 1 ? 'One mentor fits everything you chose and is accepting mentees.' : fit + ' mentors fit everything you chose and are accepting mentees.')
          : fitAny ? 'The mentors who fit everything you chose are not taking mentees now, or have not confirmed their hours recently. The nearest are below, with what they miss.'
            : 'Nobody fits everything you chose. The nearest are below, with what they miss.';
        list.textContent = '';
        shown = 0;
        return page(my);
      });
    }

    more.addEventListener('click', function () {
      var first = shown;
      page(seq).then(function () { var a = list.children[first] && list.children[first].querySelector('a'); if (a) a.focus(); });
    });
    form.addEventListener('change', function () { update(true).catch(fail); });
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    function fail(err) {
      status.textContent = 'Matching is not available right now; the links below still lead to every mentor.';
      if (window.console) console.warn(err); // eslint-disable-line no-console
    }

    get('index.json').then(function (m) {
      man = m;
      var c = readChoice(location.search), saved = null;
      if (!c) {
        try { saved = localStorage.getItem(STORE); } catch (e) { saved = null; }
        c = saved ? readChoice(saved) : null;
      }
      c = c || { tz: '' };
      KEYS.forEach(function (k) { c[k] = c[k] || []; });
      show(c);
      return update(!!saved || location.search !== '');
    }).catch(fail);
  }

  function boot() {
    var app = document.getElementById('match-app');
    if (app && app.getAttribute('data-search-index')) start(app);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
})(typeof self !== 'undefined' ? self : this);
