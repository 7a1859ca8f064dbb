// Vectors of goals.js: the assembled SMART goal and the /match/ link it starts.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const g = require("../assets/goals.js");

test("the goal reads as one sentence, with prompts for what is missing", () => {
  assert.strictEqual(g.sentence({ specific: "lead discovery for one feature.", measurable: "five interviews written up", timebound: "31 March" }),
    "By 31 March, I will lead discovery for one feature, shown by five interviews written up. It is realistic because [what makes it achievable], and it matters because [why now].");
});

test("find mentors carries the skills in the comma form", () => {
  assert.strictEqual(g.matchHref("/match/", ["pricing", "okrs"]), "/match/?expertise=pricing,okrs");
  assert.strictEqual(g.matchHref("/match/", ["a&b"]), "/match/?expertise=a%26b");
  assert.strictEqual(g.matchHref("/match/", []), "/match/");
});
