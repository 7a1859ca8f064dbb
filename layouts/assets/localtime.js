// A mentor's weekly availability in the reader's own time. The page shows each window in
// UTC (for the week after the build); this script redraws it in the browser's time zone for
// the coming weeks, with the browser's own time-zone data (Intl), so a daylight-saving change
// on either side moves the time the way a calendar would. Text goes in as textContent only.
(function () {
  "use strict";

  var DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var fmts = {};

  function parts(tz, t) {
    var f = fmts[tz];
    if (!f) {
      f = fmts[tz] = new Intl.DateTimeFormat("en-US", {
        timeZone: tz, hourCycle: "h23", weekday: "short",
        year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric"
      });
    }
    var o = {};
    f.formatToParts(new Date(t)).forEach(function (p) { o[p.type] = p.value; });
    return {
      y: +o.year, m: +o.month, d: +o.day, h: +o.hour % 24, min: +o.minute, s: +o.second,
      wd: DAYS.indexOf(o.weekday)
    };
  }

  // offset is the zone's offset from UTC at instant t, in minutes.
  function offset(tz, t) {
    var p = parts(tz, t);
    return Math.round((Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s) - Math.floor(t / 1000) * 1000) / 60000);
  }

  // instant is the moment a wall-clock time in tz happens. A time skipped by a spring-forward
  // change lands after the gap, as calendars do.
  function instant(tz, y, m, d, h, min) {
    var guess = Date.UTC(y, m - 1, d, h, min);
    var o1 = offset(tz, guess);
    var t = guess - o1 * 60000;
    var o2 = offset(tz, t);
    if (o2 !== o1) t = guess - o2 * 60000;
    return t;
  }

  function hm(s) {
    var a = String(s).split(":");
    return [+a[0], +a[1]];
  }

  // occurrences returns the next n [start, end] instants of a weekly window ("Tue", "18:00",
  // "20:00") in zone tz, from the week that holds now. An end at or before the start is on
  // the next day.
  function occurrences(w, now, n) {
    var day = DAYS.indexOf(w.day);
    var s = hm(w.start), e = hm(w.end);
    var today = parts(w.tz, now);
    var out = [];
    for (var k = 0; out.length < n && k < n + 1; k++) {
      var ahead = (day - today.wd + 7) % 7 + 7 * k;
      var base = new Date(Date.UTC(today.y, today.m - 1, today.d + ahead));
      var y = base.getUTCFullYear(), m = base.getUTCMonth() + 1, d = base.getUTCDate();
      var from = instant(w.tz, y, m, d, s[0], s[1]);
      var endDay = (e[0] * 60 + e[1] <= s[0] * 60 + s[1]) ? 1 : 0;
      var end = new Date(Date.UTC(y, m - 1, d + endDay));
      var to = instant(w.tz, end.getUTCFullYear(), end.getUTCMonth() + 1, end.getUTCDate(), e[0], e[1]);
      if (to <= now) continue; // this week's is over: the next one counts
      out.push([from, to]);
    }
    return out.slice(0, n);
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // show writes [start, end] as read in zone tz: "Tue 21:00–23:00".
  function show(span, tz) {
    var a = parts(tz, span[0]), b = parts(tz, span[1]);
    return DAYS[a.wd] + " " + pad(a.h) + ":" + pad(a.min) + "–" + pad(b.h) + ":" + pad(b.min);
  }

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  // localLabel is a window in the viewer's zone for the coming weeks: the next occurrence,
  // and, when a daylight-saving change on either side moves it, from when it differs.
  function localLabel(w, viewerTz, now, weeks) {
    var occ = occurrences(w, now, weeks || 5);
    if (!occ.length) return "";
    var first = show(occ[0], viewerTz);
    for (var i = 1; i < occ.length; i++) {
      var next = show(occ[i], viewerTz);
      if (next !== first) {
        var p = parts(viewerTz, occ[i][0]);
        return first + " (from " + p.d + " " + MONTHS[p.m - 1] + ": " + next + ")";
      }
    }
    return first;
  }

  var api = { occurrences: occurrences, localLabel: localLabel, offset: offset, instant: instant };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  var viewer;
  try { viewer = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (err) { return; }
  if (!viewer) return;
  var spans = document.querySelectorAll(".localtime[data-tz]");
  var now = Date.now();
  for (var i = 0; i < spans.length; i++) {
    var el = spans[i];
    try {
      var label = localLabel({ day: el.dataset.day, start: el.dataset.start, end: el.dataset.end, tz: el.dataset.tz }, viewer, now);
      if (label) {
        el.setAttribute("title", el.textContent);
        el.textContent = label + " your time";
      }
    } catch (err) { /* an unknown zone: the UTC time stays */ }
  }
  var notes = document.querySelectorAll(".localtime-note");
  for (var j = 0; j < notes.length; j++) notes[j].textContent = "in your time zone (" + viewer.replace(/_/g, " ") + "), for the coming weeks";
  var heads = document.querySelectorAll(".localtime-head");
  for (var k = 0; k < heads.length; k++) heads[k].textContent = "In your time";
})();
