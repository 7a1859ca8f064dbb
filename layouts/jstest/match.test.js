// The ranking of /match/ (match.js): weights, the order of groups, ties in directory order,
// the reasons, UTC hour blocks of a mentee's periods, and the facet decoder.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const M = require("../assets/match.js");

// Six mentors, ids 0…5 in directory order.
function data() {
  return {
    ids: [0, 1, 2, 3, 4, 5],
    lists: {
      expertise: { pricing: [0, 1, 3, 5], okrs: [1, 3, 4], discovery: [2] },
      helps_with: { "first-pm-job": [0, 1, 2] },
      language: { spanish: [3, 4], english: [0, 1, 2, 3, 4, 5] },
      style: { direct: [1] },
      hours: { "tue-21": [0, 3], "mon-09": [1] },
      accepting: { yes: [0, 1, 2, 3, 5], no: [4] },
      stale: { yes: [5] },
    },
    labels: { expertise: { pricing: "Pricing", okrs: "OKRs", discovery: "Discovery" }, language: { spanish: "Spanish" }, helps_with: { "first-pm-job": "First PM job" }, style: { direct: "Direct" } },
  };
}

test("weights: 3 per skill, 2 for a career step, 2 for a language, 1 for a style", () => {
  const r = M.rank({ expertise: ["pricing", "okrs"], helps_with: ["first-pm-job"], language: ["spanish"], style: ["direct"] }, data());
  const score = Object.fromEntries(r.map((x) => [x.id, x.score]));
  assert.deepStrictEqual(score, { 0: 5, 1: 9, 2: 2, 3: 8, 4: 5, 5: 3 });
});

test("order: accepting and confirmed, then not confirmed recently, then not accepting; ties by directory order", () => {
  const r = M.rank({ expertise: ["pricing"] }, data());
  // 0, 1, 3 score 3 and keep their order; 2 scores 0; 5 is stale; 4 is not accepting.
  assert.deepStrictEqual(r.map((x) => x.id), [0, 1, 3, 2, 5, 4]);
  assert.deepStrictEqual(r.map((x) => x.group), [0, 0, 0, 0, 1, 2]);
  assert.deepStrictEqual(r.filter((x) => x.fits).map((x) => x.id), [0, 1, 3, 5]);
});

test("the same choice ranks the same way every time", () => {
  const c = { expertise: ["okrs", "pricing"], language: ["english"] };
  assert.deepStrictEqual(M.rank(c, data()), M.rank(c, data()));
});

test("nobody fits everything: everyone is ranked, none fits, and the reasons say what is missing", () => {
  const c = { expertise: ["discovery", "okrs"], language: ["spanish"] };
  const r = M.rank(c, data());
  assert.ok(r.every((x) => !x.fits));
  assert.strictEqual(r[0].id, 3); // okrs + spanish = 5
  const e = M.explain(3, c, data());
  assert.deepStrictEqual(e.good, ["1 of your 2 skills", "speaks Spanish"]);
  assert.deepStrictEqual(e.missing, ["no Discovery"]);
  assert.deepStrictEqual(M.explain(2, c, data()).missing, ["no OKRs", "does not list Spanish"]);
});

test("hours: a mentee's evenings at UTC−3 are 21:00–01:00 UTC", () => {
  const s = M.slots(["evenings"], -180);
  assert.strictEqual(s.length, 5);
  assert.deepStrictEqual(s[1], { period: "evenings", day: 1, blocks: ["tue-21", "wed-00"] });
  // At UTC+9, Monday's evening (18–22) is Monday 09:00–13:00 UTC, and its morning wraps
  // back to Sunday.
  assert.deepStrictEqual(M.slots(["evenings"], 540)[0].blocks, ["mon-09", "mon-12"]);
  assert.deepStrictEqual(M.slots(["mornings"], 540)[0].blocks, ["sun-21", "mon-00"]);
  // A half-hour offset touches both blocks it straddles.
  assert.deepStrictEqual(M.slots(["mornings"], 330)[0].blocks, ["mon-00", "mon-03"]);
});

test("hours rank and explain, per day", () => {
  const c = { when: ["evenings"], offset: -180 };
  const r = M.rank(c, data());
  assert.deepStrictEqual(r.filter((x) => x.score > 0).map((x) => x.id), [0, 3]);
  assert.deepStrictEqual(M.explain(0, c, data()).good, ["overlaps your evenings Tue"]);
  assert.deepStrictEqual(M.explain(1, c, data()).missing, ["no hours in your evenings"]);
});

test("zone offsets come from the browser's data, across a DST change", () => {
  assert.strictEqual(M.zoneOffset("America/New_York", new Date("2026-03-07T12:00:00Z")), -300);
  assert.strictEqual(M.zoneOffset("America/New_York", new Date("2026-03-09T12:00:00Z")), -240);
  assert.strictEqual(M.zoneOffset("Asia/Kolkata", new Date("2026-03-09T12:00:00Z")), 330);
  assert.strictEqual(M.zoneOffset("Not/AZone", new Date()), 0);
});

test("facet files decode as FORMAT.md writes them", () => {
  // m: members as gaps minus one ("AAB" = 0, 1, 3); s: per faceted doc, value index + 1.
  assert.deepStrictEqual(M.decodeFacet({ v: [["a", "A", 3], ["b", "B", 1]], m: ["AAB", "C"] }, []), { a: [0, 1, 3], b: [2] });
  assert.deepStrictEqual(M.decodeFacet({ v: [["yes", "Y", 2], ["no", "N", 1]], s: "BCAB" }, M.docIds([0, 3, 10, 1])), { yes: [0, 10], no: [1] });
  // a number of two digits: 32 + 1, then 1 → 1 + 1·32 = 33.
  assert.deepStrictEqual(M.decodeFacet({ v: [["a", "A", 1]], m: ["hB"] }, []), { a: [33] });
});

test("a hostile value stays a string in the reasons", () => {
  const d = data();
  d.labels.language.spanish = "<img src=x onerror=alert(1)>";
  assert.deepStrictEqual(M.explain(3, { language: ["spanish"] }, d).good, ["speaks <img src=x onerror=alert(1)>"]);
});
