// The public API (protocol section 7) and automatic rendering, also of forms added later.
window.byebyerobots = {
  render: render,
  execute: function (id) { var w = byId(id); return w.token ? Promise.resolve(w.token) : run(w); },
  reset: reset,
  getResponse: function (id) { return byId(id).token; },
  remove: remove
};

function start() {
  if (document.querySelector('.bbr-widget')) warmWorker();
  startProbes();
  renderAll();
  new MutationObserver(function (changes) {
    for (var i = 0; i < changes.length; i++) if (changes[i].addedNodes.length) return renderAll();
  }).observe(document.documentElement, { childList: true, subtree: true });
  var onload = script && script.getAttribute('data-onload');
  if (onload && typeof window[onload] === 'function') window[onload]();
}

// Rendering runs in a task of its own, not in the script's (cold) evaluation: two short tasks, not one long one.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else setTimeout(start, 0);
