// Shared by the demo pages: a visible log that tests can read too.
// Every entry is an <li> with data-* attributes and a copy in
// window.pbLog, so a person sees what happened and a test can assert it.
export const entries = (globalThis.pbLog = globalThis.pbLog || []);

export function log(verdict, text, fields = {}) {
  const entry = { verdict, text, ...fields, at: Math.round(performance.now()) };
  entries.push(entry);
  const list = document.getElementById("log");
  const first = list && list.firstElementChild;
  if (first && first.dataset.text === text) {
    // The same line again (a peer retrying): count it, do not flood.
    const n = Number(first.dataset.times || 1) + 1;
    first.dataset.times = String(n);
    first.querySelector(".times").textContent = "×" + n;
    return entry;
  }
  if (list) {
    const li = document.createElement("li");
    const times = document.createElement("span");
    times.className = "times";
    li.textContent = text;
    li.append(times);
    li.dataset.text = text;
    li.dataset.verdict = verdict;
    for (const [k, v] of Object.entries(fields)) {
      if (typeof v === "string" || typeof v === "number") li.dataset[k] = String(v);
    }
    list.prepend(li);
  }
  return entry;
}

export function setState(id, state, text) {
  const el = document.getElementById(id);
  if (!el) return;
  el.dataset.state = state;
  el.textContent = text;
}

// origins reads the origins the server configured into the page.
export function origins() {
  const d = document.querySelector('meta[name="pb-origins"]').dataset;
  return { main: d.main, other: d.other, evil: d.evil, alt: d.alt || "" };
}

// withoutPort is what the classic example's check compares against:
// 'http://main-site.com', scheme and host with no port.
export function withoutPort(origin) {
  return origin.replace(/:\d+$/, "");
}
