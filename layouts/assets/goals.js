// The SMART goal worksheet: assembles the goal as it is typed, keeps the answers in this
// browser (localStorage, nothing is sent anywhere), prints, and starts a match with the
// skills ticked. Without this script the form still reads, prints and submits.
(function () {
  "use strict";

  var FIELDS = ["specific", "measurable", "achievable", "relevant", "timebound"];

  function clean(s) {
    return String(s || "").replace(/\s+/g, " ").trim().replace(/[.;,]+$/, "");
  }

  // sentence writes the goal from the five answers, keeping a [prompt] for each one missing.
  function sentence(a) {
    return "By " + (clean(a.timebound) || "[when]") + ", I will " + (clean(a.specific) || "[what, specifically]") +
      ", shown by " + (clean(a.measurable) || "[how you will measure it]") + ". It is realistic because " +
      (clean(a.achievable) || "[what makes it achievable]") + ", and it matters because " +
      (clean(a.relevant) || "[why now]") + ".";
  }

  // matchHref is /match/ with the skills chosen, in the comma form: ?expertise=a,b.
  function matchHref(base, skills) {
    if (!skills.length) return base;
    return base + "?expertise=" + skills.map(encodeURIComponent).join(",");
  }

  if (typeof module !== "undefined" && module.exports) module.exports = { sentence: sentence, matchHref: matchHref };
  if (typeof document === "undefined") return;

  var form = document.getElementById("goal-form");
  var out = document.getElementById("goal-text");
  if (!form || !out) return;
  var KEY = "mentorgen.goal";
  var status = form.querySelector(".goal-status");
  var store = null;
  try { store = window.localStorage; store.getItem(KEY); } catch (err) { store = null; }

  function el(name) { return document.getElementById("g-" + name); }
  function skills() {
    var out = [];
    var boxes = form.querySelectorAll('input[name="expertise"]:checked');
    for (var i = 0; i < boxes.length; i++) out.push(boxes[i].value);
    return out;
  }
  function answers() {
    var a = {};
    FIELDS.forEach(function (f) { var e = el(f); a[f] = e ? e.value : ""; });
    return a;
  }
  function update(save) {
    out.textContent = sentence(answers());
    if (save && store) {
      var a = answers();
      a.expertise = skills();
      try { store.setItem(KEY, JSON.stringify(a)); } catch (err) { /* full or private: not kept */ }
    }
  }

  if (store) {
    try {
      var saved = JSON.parse(store.getItem(KEY) || "null");
      if (saved && typeof saved === "object") {
        FIELDS.forEach(function (f) { var e = el(f); if (e && typeof saved[f] === "string") e.value = saved[f]; });
        var picked = Array.isArray(saved.expertise) ? saved.expertise : [];
        var boxes = form.querySelectorAll('input[name="expertise"]');
        for (var i = 0; i < boxes.length; i++) boxes[i].checked = picked.indexOf(boxes[i].value) >= 0;
      }
    } catch (err) { /* a broken entry is ignored */ }
  }
  form.addEventListener("input", function () { update(true); });
  form.addEventListener("change", function () { update(true); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    window.location.href = matchHref(form.getAttribute("action"), skills());
  });
  var print = form.querySelector(".goal-print");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
  var clear = form.querySelector(".goal-clear");
  if (clear) {
    clear.hidden = false;
    clear.addEventListener("click", function () {
      form.reset();
      if (store) { try { store.removeItem(KEY); } catch (err) { /* nothing kept */ } }
      update(false);
      if (status) status.textContent = "Cleared.";
    });
  }
  var note = form.querySelector(".goal-nojs");
  if (note) note.hidden = true;
  update(false);
})();
