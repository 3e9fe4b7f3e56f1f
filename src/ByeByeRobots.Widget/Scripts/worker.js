// The Web Worker: solves a challenge's puzzles and reports progress after each one.
self.onmessage = function (event) {
  var d = event.data, n = self.navigator, zone = '', salt, done = 0;
  if (d.probe) {
    // What this realm reads of the browser, for the page's realmMismatch probe (25-probes.js).
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (ignored) { /* no Intl */ }
    self.postMessage({ probe: { ua: String(n.userAgent), webdriver: n.webdriver === true, platform: String(n.platform || ''), cores: n.hardwareConcurrency,
      languages: String(n.languages), zone: zone, brands: n.userAgentData && n.userAgentData.brands ? n.userAgentData.brands.length : -1 } });
    return;
  }
  salt = new Uint8Array(d.salt);
  if (d.algorithm === 'pbkdf2-sha256-lzb') {
    solvePbkdf2(salt, d.difficulty, d.iterations, d.puzzles, function (solved) { self.postMessage({ progress: solved }); })
      .then(function (solution) { self.postMessage({ solution: solution }); }, function () { self.postMessage({ unsupported: true }); });
    return;
  }
  var solver = powSolver(salt, d.difficulty, d.puzzles);
  while (!solver.step(4096)) {
    if (solver.solved() > done) { done = solver.solved(); self.postMessage({ progress: done }); }
  }
  self.postMessage({ solution: solver.solution });
};
