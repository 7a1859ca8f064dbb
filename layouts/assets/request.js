// "Request mentorship" on a profile: composes a short first message from four answers, and
// offers it to copy, to open in a mail client, or to take to the booking page. Without this
// script the profile shows a template to copy. Text only ever goes in as textContent or a
// form value, so a mentor's name with markup in it stays text.
(function (root) {
  "use strict";

  function line(s) {
    return String(s || "").replace(/\s+/g, " ").trim();
  }

  // compose returns {subject, body} of the message: who it is for, one goal, what was tried,
  // one ask and a cadence, as the reach-out guidance has it. Empty answers keep a [prompt].
  function compose(a) {
    var goal = line(a.goal), tried = line(a.tried), ask = line(a.ask), cadence = line(a.cadence);
    var body = "Hello " + line(a.mentor) + ",\n\n" +
      "I am [your name], [your role or where you are in your career]. I would like your help with " + (goal || "[your goal, in one sentence]") + ".\n\n" +
      "So far I have tried " + (tried || "[what you have tried]") + ".\n\n" +
      "From you I would like " + (ask || "[your ask, e.g. a 30-minute call to review my plan]") +
      (cadence ? ", " + cadence : "") + ".\n\n" +
      "Thank you,\n[your name]";
    return { subject: "Mentorship request: " + (goal || "[your goal]"), body: body };
  }

  // mailEscape percent-encodes the UTF-8 bytes of s, leaving only unreserved characters
  // (and @ in an address), as RFC 6068 asks of a mailto: URL's parts.
  function mailEscape(s, addr) {
    return encodeURIComponent(s).replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    }).replace(addr ? /%40/g : /$^/, "@");
  }

  // mailtoHref is a mailto: URL with subject and body; line breaks become CRLF (%0D%0A).
  function mailtoHref(addr, subject, body) {
    body = String(body).replace(/\r\n/g, "\n").replace(/\n/g, "\r\n");
    return "mailto:" + mailEscape(addr, true) + "?subject=" + mailEscape(subject) + "&body=" + mailEscape(body);
  }

  var api = { compose: compose, mailtoHref: mailtoHref, mailEscape: mailEscape };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  }
  if (typeof document === "undefined") return;

  var box = document.querySelector(".request");
  if (!box) return;
  var form = box.querySelector(".request-form");
  var out = box.querySelector(".request-text");
  var subj = box.querySelector(".rq-subject");
  var mail = box.querySelector(".rq-mail");
  var copy = box.querySelector(".rq-copy");
  var status = box.querySelector(".rq-status");
  if (!form || !out) return;
  form.hidden = false;
  if (copy) copy.hidden = false;

  function update() {
    var m = compose({
      mentor: box.dataset.mentor,
      goal: form.elements.goal.value,
      tried: form.elements.tried.value,
      ask: form.elements.ask.value,
      cadence: form.elements.cadence.value
    });
    out.value = m.body;
    if (subj) subj.textContent = m.subject;
    if (mail && box.dataset.mailto) mail.href = mailtoHref(box.dataset.mailto, m.subject, m.body);
    if (status) status.textContent = "";
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  update();

  if (copy) {
    copy.addEventListener("click", function () {
      function done(ok) {
        status.textContent = ok ? "Copied." : "Select the message and copy it.";
      }
      // The Clipboard API needs a secure context; the fallback selects the text and asks
      // the browser to copy it, or leaves it selected for the reader.
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(out.value).then(function () { done(true); }, function () { fallback(); });
      } else {
        fallback();
      }
      function fallback() {
        out.focus();
        out.select();
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
        done(ok);
      }
    });
  }
})(this);
