// sha256-lzb proof of work (protocol section 2): SHA-256 over salt ‖ uint32_be(i) ‖ uint64_be(n).
// Shared by the Web Worker and by the time-sliced fallback on the main thread.
var K = new Int32Array(64), H = new Int32Array(8), W = new Int32Array(64);
(function () {
  // The SHA-256 constants are the fractional parts of the square and cube roots of the first primes.
  var found = 0, p = 2, i;
  for (; found < 64; p++) {
    for (i = 2; i * i <= p && p % i; i++);
    if (i * i > p) {
      if (found < 8) H[found] = (Math.sqrt(p) % 1) * 4294967296;
      K[found++] = (Math.cbrt(p) % 1) * 4294967296;
    }
  }
})();

// First 32-bit word of SHA-256 over the padded blocks held by `view`.
function sha256Head(view, length) {
  var h0 = H[0], h1 = H[1], h2 = H[2], h3 = H[3], h4 = H[4], h5 = H[5], h6 = H[6], h7 = H[7];
  for (var off = 0; off < length; off += 64) {
    var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7, t, x, y, t1, t2;
    for (t = 0; t < 16; t++) W[t] = view.getInt32(off + 4 * t);
    for (t = 16; t < 64; t++) {
      x = W[t - 15]; y = W[t - 2];
      W[t] = (((x >>> 7 | x << 25) ^ (x >>> 18 | x << 14) ^ (x >>> 3)) + W[t - 16] +
        ((y >>> 17 | y << 15) ^ (y >>> 19 | y << 13) ^ (y >>> 10)) + W[t - 7]) | 0;
    }
    for (t = 0; t < 64; t++) {
      t1 = (h + ((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + ((e & f) ^ (~e & g)) + K[t] + W[t]) | 0;
      t2 = (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
  }
  return h0;
}

// An incremental solver: step(n) tries up to n nonces and says whether every puzzle is solved.
function powSolver(salt, difficulty, puzzles) {
  var size = salt.length + 12, length = (((size + 8) >> 6) + 1) * 64;
  var bytes = new Uint8Array(length), view = new DataView(bytes.buffer), i = 0, n = 0, solution = [];
  bytes.set(salt); bytes[size] = 0x80; view.setUint32(length - 4, size * 8);
  return {
    solution: solution,
    solved: function () { return i; },
    step: function (budget) {
      for (; i < puzzles && budget-- > 0; n++) {
        view.setUint32(salt.length, i);
        view.setUint32(salt.length + 4, n / 4294967296);
        view.setUint32(salt.length + 8, n);
        if (Math.clz32(sha256Head(view, length)) >= difficulty) { solution.push(n); i++; n = -1; }
      }
      return i >= puzzles;
    }
  };
}
