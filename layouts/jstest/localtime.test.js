// Vectors of localtime.js: a mentor's weekly window in the viewer's zone, across a
// daylight-saving change on either side. Run by layouts/js_test.go (node --test).
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const lt = require("../assets/localtime.js");

test("a window past midnight UTC keeps its end on the next day", () => {
  const now = Date.UTC(2026, 10, 24, 12); // Tue 24 Nov 2026
  const w = { day: "Tue", start: "19:00", end: "21:00", tz: "America/Sao_Paulo" };
  assert.strictEqual(lt.localLabel(w, "UTC", now), "Tue 22:00–00:00");
  assert.strictEqual(lt.localLabel(w, "Asia/Tokyo", now), "Wed 07:00–09:00");
});

test("this week's window, once over, gives way to next week's", () => {
  const now = Date.UTC(2026, 10, 24, 23, 30); // Tue 20:30 in São Paulo: the window has 30 minutes left
  const w = { day: "Tue", start: "19:00", end: "21:00", tz: "America/Sao_Paulo" };
  assert.strictEqual(lt.occurrences(w, now, 1)[0][0], Date.UTC(2026, 10, 24, 22));
  const later = Date.UTC(2026, 10, 25, 1); // over
  assert.strictEqual(lt.occurrences(w, later, 1)[0][0], Date.UTC(2026, 11, 1, 22));
});

test("the week the two sides change clocks a week apart", () => {
  // Europe leaves summer time on 25 Oct 2026, the United States on 1 Nov: a New York
  // Sunday-morning window moves by an hour for a reader in Berlin between the two.
  const now = Date.UTC(2026, 9, 20, 12);
  const w = { day: "Sun", start: "10:00", end: "11:00", tz: "America/New_York" };
  const occ = lt.occurrences(w, now, 3);
  assert.deepStrictEqual(occ.map((o) => new Date(o[0]).toISOString()),
    ["2026-10-25T14:00:00.000Z", "2026-11-01T15:00:00.000Z", "2026-11-08T15:00:00.000Z"]);
  assert.strictEqual(lt.localLabel(w, "Europe/Berlin", now), "Sun 15:00–16:00 (from 1 Nov: Sun 16:00–17:00)");
  assert.strictEqual(lt.localLabel(w, "America/New_York", now), "Sun 10:00–11:00");
});

test("a time that a spring-forward change skips lands after the gap", () => {
  // Berlin skips 02:00–03:00 on 29 Mar 2026.
  assert.strictEqual(new Date(lt.instant("Europe/Berlin", 2026, 3, 29, 2, 30)).toISOString(), "2026-03-29T01:30:00.000Z");
  assert.strictEqual(lt.offset("Europe/Berlin", Date.UTC(2026, 2, 29, 0, 30)), 60);
  assert.strictEqual(lt.offset("Europe/Berlin", Date.UTC(2026, 2, 29, 1, 30)), 120);
  assert.strictEqual(lt.offset("Asia/Kolkata", Date.UTC(2026, 0, 1)), 330);
});
