// pbkdf2-sha256-lzb proof of work (protocol section 2): each attempt is one PBKDF2-HMAC-SHA256
// derivation through WebCrypto, at the speed of the browser's native code. The key (the salt) is
// imported once per challenge; three attempts stay in flight, so WebCrypto's worker threads never
// wait on this thread. Shared by the Web Worker and, for a service on another origin, the page
// (deriveBits runs off the main thread either way).
var LANES = 3;

function pbkdf2Available() {
  return !!(self.isSecureContext !== false && self.crypto && crypto.subtle && typeof crypto.subtle.deriveBits === 'function');
}

function leadingZeros(view) {
  for (var offset = 0, bits = 0; offset < 32; offset += 4, bits += 32) {
    var word = view.getUint32(offset);
    if (word) return bits + Math.clz32(word);
  }
  return bits;
}

// Resolves with the solution; onPuzzle(solved) after each puzzle; rejects when WebCrypto refuses.
function solvePbkdf2(salt, difficulty, iterations, puzzles, onPuzzle) {
  return crypto.subtle.importKey('raw', salt, 'PBKDF2', false, ['deriveBits']).then(function (key) {
    return new Promise(function (resolve, reject) {
      var solution = [], puzzle = 0, next = 0, stopped = false;
      function lane() {
        if (stopped) return;
        if (puzzle >= puzzles) { stopped = true; resolve(solution); return; }
        var i = puzzle, n = next++, counters = new Uint8Array(12), view = new DataView(counters.buffer);
        view.setUint32(0, i); view.setUint32(4, n / 4294967296); view.setUint32(8, n);
        crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: counters, iterations: iterations }, key, 256).then(function (bits) {
          // An attempt for a puzzle another lane has just solved is dropped.
          if (i === puzzle && leadingZeros(new DataView(bits)) >= difficulty) {
            solution[i] = n; puzzle++; next = 0;
            if (onPuzzle) onPuzzle(puzzle);
          }
          lane();
        }, function (error) { stopped = true; reject(error); });
      }
      for (var l = 0; l < LANES; l++) lane();
    });
  });
}
