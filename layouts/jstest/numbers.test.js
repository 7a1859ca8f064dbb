// The number strings of generator/search/FORMAT.md against the browser's one decoder:
// search-core.js's varints and gaps, which match.js reads its facet files with too. The
// vectors are the search package's (generator/search/testdata/vectors.json), where go test
// holds the Go encoder to them.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const S = require("../assets/search-core.js");
const M = require("../assets/match.js");
const V = JSON.parse(fs.readFileSync(path.join(__dirname, "../../generator/search/testdata/vectors.json"), "utf8"));

// ids returns the sorted ids a string of gaps holds: each gap minus one, the first from -1.
function ids(gaps) {
  let prev = -1;
  return gaps.map(g => (prev += g + 1));
}

test("number vectors", () => {
  assert.ok(V.numbers.length > 0, "vectors.json has no numbers");
  for (const c of V.numbers) {
    const got = S.varints(c.s, -1);
    assert.deepStrictEqual(Array.from(got), c.v, JSON.stringify(c.s));
    assert.strictEqual(got.end, c.s.length, JSON.stringify(c.s) + ": where the numbers end");
    assert.deepStrictEqual(Array.from(S.gaps(c.s, -1)), ids(c.v), JSON.stringify(c.s) + " as gaps");
  }
});

test("varints stops after n numbers and starts where told", () => {
  const c = V.numbers.find(c => c.v.length > 2);
  const two = S.varints(c.s, 2);
  assert.deepStrictEqual(Array.from(two), c.v.slice(0, 2));
  assert.deepStrictEqual(Array.from(S.varints(c.s, -1, two.end)), c.v.slice(2));
});

test("match.js decodes facet members with the same numbers", () => {
  for (const c of V.numbers) {
    const lists = M.decodeFacet({ v: [["a", "A", c.v.length]], m: [c.s] }, []);
    assert.deepStrictEqual(lists.a, ids(c.v), JSON.stringify(c.s));
  }
});
