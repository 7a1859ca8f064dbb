// mentorgen live reload: added by `mentorgen serve` to each page it serves, never by build.
// It listens to the server's event stream and reloads the page (keeping the scroll position)
// when the site changes, swaps stylesheets in place when only CSS changed, follows the page
// when its URL changed, and shows the site's problems in an overlay until they are fixed.
(() => {
  "use strict";
  const me = document.currentScript;
  let version = me ? me.dataset.v : "";
  const scrollKey = "mentorgen-scroll:" + location.pathname;

  const saved = sessionStorage.getItem(scrollKey);
  if (saved) {
    sessionStorage.removeItem(scrollKey);
    const [x, y] = JSON.parse(saved);
    // "instant": the site may ask for smooth scrolling, which would replay the scroll on every save.
    const restore = () => window.scrollTo({ left: x, top: y, behavior: "instant" });
    if (document.readyState === "complete") restore();
    else addEventListener("load", restore, { once: true });
    restore();
  }

  const go = (path) => {
    sessionStorage.setItem("mentorgen-scroll:" + (path || location.pathname), JSON.stringify([scrollX, scrollY]));
    if (path) location.replace(path + location.search + location.hash);
    else location.reload();
  };

  const swapStylesheets = (css) => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      const to = css[url.pathname];
      if (!to) continue;
      const fresh = link.cloneNode();
      fresh.href = to === url.pathname ? to + "?mentorgen=" + Date.now() : to;
      fresh.addEventListener("load", () => link.remove(), { once: true });
      fresh.addEventListener("error", () => go(), { once: true });
      link.after(fresh);
    }
  };

  let overlay = null;
  const hideOverlay = () => {
    if (overlay) overlay.remove();
    overlay = null;
  };
  const showOverlay = (errors) => {
    hideOverlay();
    overlay = document.createElement("mentorgen-overlay");
    const root = overlay.attachShadow({ mode: "open" });
    // A stylesheet the server serves, not a <style> element: the page's CSP has style-src 'self'.
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = "/__mentorgen/overlay.css";
    const box = document.createElement("div");
    box.className = "box";
    box.setAttribute("role", "alert");
    const close = document.createElement("button");
    close.textContent = "×";
    close.title = "Hide until the next change";
    close.addEventListener("click", hideOverlay);
    const h = document.createElement("h2");
    h.textContent = errors.length === 1 ? "1 problem in the site" : errors.length + " problems in the site";
    const p = document.createElement("p");
    p.textContent = "The page below is the last version that built. Fix the file and this goes away by itself.";
    const ol = document.createElement("ol");
    for (const e of errors) {
      const li = document.createElement("li");
      const msg = document.createElement("code");
      msg.className = "msg";
      msg.textContent = e.text;
      li.append(msg);
      if (e.lines && e.lines.length) {
        const pre = document.createElement("pre");
        const width = String(e.lines[e.lines.length - 1].n).length;
        for (const l of e.lines) {
          const row = document.createElement("div");
          if (l.bad) row.className = "bad";
          row.textContent = String(l.n).padStart(width) + " | " + l.text;
          pre.append(row);
          if (l.bad && e.col > 0) {
            const caret = document.createElement("div");
            caret.className = "caret";
            caret.textContent = " ".repeat(width + 3 + e.col - 1) + "^";
            pre.append(caret);
          }
        }
        li.append(pre);
      }
      ol.append(li);
    }
    box.append(close, h, p, ol);
    root.append(style, box);
    document.documentElement.append(overlay);
  };
  addEventListener("keydown", (e) => { if (e.key === "Escape") hideOverlay(); });

  let shownErrors = null;
  const handle = (m) => {
    if (m.errors && m.errors.length) {
      if (version) {
        showOverlay(m.errors);
      } else {
        // This is the server's own problem page: show the new problems by loading it again.
        const now = JSON.stringify(m.errors);
        if (shownErrors !== null && now !== shownErrors) go();
        shownErrors = now;
      }
      return;
    }
    hideOverlay();
    if (m.v === version || !m.v) return;
    if (m.kind === "css" && m.prev === version && m.css) {
      swapStylesheets(m.css);
      version = m.v;
      return;
    }
    go(m.moved && m.moved[location.pathname]);
  };

  // State for the curious (and for tests): the version shown, and whether the stream is live.
  const state = (window.mentorgen = { version, live: false });
  const es = new EventSource("/__mentorgen/events");
  es.onmessage = (e) => {
    state.live = true;
    handle(JSON.parse(e.data));
    state.version = version;
  };
  es.onerror = () => { state.live = false; };
})();
