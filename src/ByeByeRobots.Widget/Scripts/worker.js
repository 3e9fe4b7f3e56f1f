// The Web Worker: solves a challenge's puzzles and reports progress after each one.
self.onmessage = function (event) {
  var d = event.data, salt = new Uint8Array(d.salt), done = 0;
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
