// Talking to the service. Bodies go as text/plain, a CORS-safelisted type, so the browser
// sends no preflight: one round trip per call. The service reads them as JSON.
var script = document.currentScript, BASE = new URL(script && script.src || '/', location.href).origin;
var WORKER = BASE + '/v1/widget-worker.__BBR_WORKER_HASH__.js', STYLES = BASE + '/v1/widget.__BBR_STYLES_HASH__.css';

function call(path, body) {
  return fetch(BASE + path, {
    method: 'POST', mode: 'cors', credentials: 'omit', cache: 'no-store',
    headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(body)
  }).then(function (response) {
    return response.json().then(function (json) {
      if (!response.ok) throw { code: json.error || 'http-' + response.status, status: response.status };
      return json;
    }, function () { throw { code: 'http-' + response.status, status: response.status }; });
  }, function () { throw { code: 'network-error', status: 0 }; });
}

function decodeSalt(text) {
  var binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4)), bytes = new Uint8Array(binary.length);
  for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// Solves a challenge's proof of work without blocking the page: in a Web Worker when the
// service shares the page's origin; otherwise in slices of at most ~8 ms on the main thread
// (a cross-origin Worker would need 'blob:' in the page's CSP, which we do not ask for).
var spareWorker = null;

function workerAllowed() { return !!window.Worker && new URL(WORKER).origin === location.origin; }

// Starts a worker while the challenge is on its way, so the solving starts as soon as it arrives.
function warmWorker() {
  if (spareWorker || !workerAllowed()) return;
  try { spareWorker = new Worker(WORKER); } catch (e) { return; }
  // A spare that fails before it is used is dropped; solve() then starts a fresh one.
  spareWorker.onerror = function (e) { e.preventDefault(); spareWorker = null; };
}

// The proofs of work this browser can compute, best first: the challenge request names them, and
// without WebCrypto (an insecure context) the service answers with sha256-lzb at the same native cost.
var pbkdf2Broken = false;

function algorithms() {
  return pbkdf2Available() && !pbkdf2Broken ? ['pbkdf2-sha256-lzb', 'sha256-lzb'] : ['sha256-lzb'];
}

// Rejects with { code: 'pow-unsupported' } when WebCrypto refuses the derivation; the next
// challenge is then asked for sha256-lzb.
function solve(challenge, onProgress) {
  var pow = challenge.pow, salt = decodeSalt(pow.salt), pbkdf2 = pow.algorithm === 'pbkdf2-sha256-lzb';
  return new Promise(function (resolve, reject) {
    var unsupported = function () { pbkdf2Broken = true; reject({ code: 'pow-unsupported', status: 0 }); };
    var fallback = function () {
      if (!pbkdf2) return solveInSlices(salt, pow, onProgress, resolve);
      if (!pbkdf2Available()) return unsupported();
      solvePbkdf2(salt, pow.difficulty, pow.iterations, pow.puzzles, onProgress).then(resolve, unsupported);
    }, worker;
    if (!workerAllowed()) return fallback();
    try { worker = spareWorker || new Worker(WORKER); } catch (e) { return fallback(); }
    spareWorker = null;
    worker.onerror = function (e) { e.preventDefault(); worker.terminate(); fallback(); };
    worker.onmessage = function (e) {
      if (e.data.progress) return onProgress && onProgress(e.data.progress, pow.puzzles);
      worker.terminate();
      if (e.data.unsupported) return fallback();
      resolve(e.data.solution);
    };
    worker.postMessage({ algorithm: pow.algorithm, salt: salt.buffer, difficulty: pow.difficulty, iterations: pow.iterations, puzzles: pow.puzzles });
  });
}

function solveInSlices(salt, pow, onProgress, resolve) {
  // The first slices are small: the hashing code starts cold (interpreted) and runs far slower then.
  var solver = powSolver(salt, pow.difficulty, pow.puzzles), budget = 100, channel = new MessageChannel();
  channel.port1.onmessage = function () {
    var start = performance.now(), done = solver.step(budget), spent = performance.now() - start;
    // Aim at ~8 ms a slice; grow at most twofold a slice, so one fast measurement cannot
    // schedule a slice that blocks the page.
    budget = Math.max(100, Math.min(budget * 2, 200000, Math.round(budget * 8 / Math.max(spent, 0.5))));
    if (onProgress) onProgress(solver.solved(), pow.puzzles);
    if (done) resolve(solver.solution); else channel.port2.postMessage(0);
  };
  channel.port2.postMessage(0);
}
