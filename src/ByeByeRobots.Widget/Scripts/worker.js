// The Web Worker: solves a challenge's puzzles and reports progress after each one.
self.onmessage = function (event) {
  var d = event.data, solver = powSolver(new Uint8Array(d.salt), d.difficulty, d.puzzles), done = 0;
  while (!solver.step(4096)) {
    if (solver.solved() > done) { done = solver.solved(); self.postMessage({ progress: done }); }
  }
  self.postMessage({ solution: solver.solution });
};
