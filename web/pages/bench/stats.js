// Small statistics for the bench pages.

// quantile returns the q-quantile (0..1) of xs by the nearest-rank rule.
export function quantile(xs, q) {
  if (!xs.length) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

// publish stores the page's result where the bench reads it.
export function publish(result) {
  result.done = true;
  window.benchResult = result;
  const pre = document.getElementById("result");
  if (pre) pre.textContent = JSON.stringify(result, null, 2);
}

// withTimeout rejects with "TIMEOUT" when p has not settled after ms.
export function withTimeout(p, ms) {
  let timer;
  return Promise.race([p, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error("TIMEOUT")), ms); })])
    .finally(() => clearTimeout(timer));
}
