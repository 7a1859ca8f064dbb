// Vectors of request.js: the composed first message and its mailto: URL (RFC 6068: UTF-8
// percent-encoding, CRLF line breaks). generator/request_test.go checks the Go side with the
// same strings.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const rq = require("../assets/request.js");

test("mailto: encodes non-ASCII, reserved characters and line breaks", () => {
  const href = rq.mailtoHref("ana@example.org", "Mentoría: ¿precio & OKRs?", "Olá José,\nlinha 2 — 日本\n\n100% = a+b");
  assert.strictEqual(href,
    "mailto:ana@example.org?subject=Mentor%C3%ADa%3A%20%C2%BFprecio%20%26%20OKRs%3F" +
    "&body=Ol%C3%A1%20Jos%C3%A9%2C%0D%0Alinha%202%20%E2%80%94%20%E6%97%A5%E6%9C%AC%0D%0A%0D%0A100%25%20%3D%20a%2Bb");
  assert.ok(!/[\s\n]/.test(href));
  assert.strictEqual(decodeURIComponent(href.split("&body=")[1]), "Olá José,\r\nlinha 2 — 日本\r\n\r\n100% = a+b");
});

test("the message carries every answer, and prompts for those missing", () => {
  const m = rq.compose({ mentor: "<img src=x onerror=alert(1)>", goal: "  land my first PM role ", tried: "", ask: "a 30-minute call", cadence: "every two weeks" });
  assert.strictEqual(m.subject, "Mentorship request: land my first PM role");
  assert.match(m.body, /^Hello <img src=x onerror=alert\(1\)>,\n\n/);
  assert.match(m.body, /I would like your help with land my first PM role\./);
  assert.match(m.body, /So far I have tried \[what you have tried\]\./);
  assert.match(m.body, /From you I would like a 30-minute call, every two weeks\./);
  assert.strictEqual(rq.compose({ mentor: "Bo" }).subject, "Mentorship request: [your goal]");
});
