// Automation probes (env.probes; docs/probes.md says what each reads and why). Each answer is 1
// when a contradiction or an artefact was found, absent otherwise: never a measured value.
var probeFound = {}, pin = { zero: 0, frames: 0, burst: 0, inFrame: 0, asked: 0, gaps: 0, whole: 0, t: -1, x: null, dy: [], zoom: [] };
var nav = navigator, ua = String(nav.userAgent);

function found(name, yes) { if (yes) probeFound[name] = 1; }

function timeZone() {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (ignored) { return ''; }
}

// Native code reads as native code, and a native getter called on a wrong object throws from
// native code; a stealth tool's wrapper throws through its proxy handler, which the stack shows.
function isLie(f, call) {
  if (!f) return false;
  try { if (!/\[native code\]\s*\}$/.test(Function.prototype.toString.call(f))) return true; if (call) f.call({}); } catch (e) { return /newHandler|\[as apply\]/.test(e.stack); }
  return false;
}

function probeNatives() {
  var own = Object.getOwnPropertyNames(document), lie = isLie(Function.prototype.toString, 1) || isLie(window.Permissions && Permissions.prototype.query);
  ['webdriver', 'userAgent', 'languages', 'platform', 'hardwareConcurrency', 'plugins'].forEach(function (n) {
    var d = Object.getOwnPropertyDescriptor(Navigator.prototype, n);
    if ((d && isLie(d.get, 1)) || Object.prototype.hasOwnProperty.call(nav, n)) lie = true;
  });
  // The document's methods live on its prototype: a copy on the document itself is a patch.
  own.forEach(function (n) { var d = Object.getOwnPropertyDescriptor(Document.prototype, n); if (d && typeof d.value === 'function') lie = true; });
  found('nativeLie', lie);
}

function probeEnvironment() {
  var p = String(nav.platform || ''), data = nav.userAgentData, major = (ua.match(/Chrome\/(\d+)/) || [])[1];
  var says = /Windows NT/.test(ua) ? 'Win' : /Macintosh/.test(ua) ? 'Mac' : /X11; Linux/.test(ua) ? 'Linux' : '';
  found('headlessName', /HeadlessChrome/.test(ua));
  found('frameless', !document.fullscreenElement && !matchMedia('(display-mode: fullscreen), (display-mode: standalone)').matches &&
    outerWidth === innerWidth && outerHeight === innerHeight && screen.width === innerWidth && screen.height === innerHeight);
  found('uaConflict', says && p && p.indexOf(says) !== 0);
  if (!data || !data.brands) return;
  found('uaConflict', !major || !data.brands.some(function (b) { return /Chromium|Google Chrome|Edge/.test(b.brand) && b.version === major; }) ||
    (says && data.platform && data.platform.indexOf(says) !== 0 && !(says === 'Mac' && data.platform === 'macOS') && !/Chrome OS|Android/.test(data.platform)));
  if (data.getHighEntropyValues) {
    data.getHighEntropyValues(['fullVersionList']).then(function (v) {
      found('uaConflict', data.brands.some(function (b) {
        return !(v.fullVersionList || []).some(function (f) { return f.brand === b.brand && f.version.split('.')[0] === b.version; });
      }));
    }, function () { /* refused: nothing to compare */ });
  }
}

// The page against a worker of its own (same-origin services only): scripts injected into pages do not run in workers.
function probeRealm() {
  var w, data = nav.userAgentData;
  if (!workerAllowed()) return;
  try { w = new Worker(WORKER); } catch (e) { return; }
  w.onerror = function (e) { e.preventDefault(); w.terminate(); };
  w.onmessage = function (e) {
    var r = e.data.probe;
    w.terminate();
    if (!r) return;
    found('headlessName', /HeadlessChrome/.test(r.ua));
    found('realmMismatch', r.ua !== ua || r.webdriver !== (nav.webdriver === true) || r.platform !== String(nav.platform || '') ||
      r.cores !== nav.hardwareConcurrency || r.languages !== String(nav.languages) || r.zone !== timeZone() || (data && data.brands && data.brands.length && !r.brands));
  };
  w.postMessage({ probe: 1 });
}

// Input provenance. A mouse button down has a pressure of 0.5 without a sensor, DevTools-protocol
// input without a force has 0; browsers deliver a device's moves once a frame; X11 stamps input
// in whole milliseconds; and the window's frame puts the page where the events say it is.
function onProbePointer(e) {
  if (!e.isTrusted || e.pointerType !== 'mouse') return;
  if (e.type === 'pointerdown') { if (e.buttons & 1 && e.pressure === 0) pin.zero++; return; }
  if (pin.inFrame++ === 0) requestAnimationFrame(function () { pin.frames++; if (pin.inFrame > 1) pin.burst++; pin.inFrame = 0; });
  if (pin.t >= 0) { pin.gaps++; if (Math.abs((e.timeStamp - pin.t) % 1) < 0.01 || Math.abs((e.timeStamp - pin.t) % 1) > 0.99) pin.whole++; }
  pin.t = e.timeStamp;
  if (pin.x !== null && Math.abs(e.clientX - pin.x) >= 3 && e.movementX) pin.zoom.push(e.movementX / (e.clientX - pin.x));
  pin.x = e.clientX;
  if (pin.dy.length < 64) pin.dy.push([e.screenY, e.clientY, screenY, outerHeight, innerHeight]);
}

function median(list) { return list.slice().sort(function (a, b) { return a - b; })[list.length >> 1]; }

function probeInput() {
  var z = median(pin.zoom);
  found('zeroPressure', pin.zero);
  found('inputBurst', pin.burst >= 5 && pin.burst >= pin.frames / 5 && /Chrome\/|Firefox\//.test(ua));
  found('fineClock', pin.gaps >= 30 && pin.whole < pin.gaps / 2 && /X11; Linux/.test(ua) && !/CrOS|Android/.test(ua));
  if (pin.dy.length >= 5 && z > 0.2 && z < 6) found('frameOffset', median(pin.dy.map(function (d) { return d[0] - d[1] * z - d[2] - (d[3] - d[4] * z); })) > 20);
}

listen(document, 'pointermove', onProbePointer);
listen(document, 'pointerdown', onProbePointer);

function startProbes() {
  try { probeNatives(); probeEnvironment(); probeRealm(); } catch (ignored) { /* a probe that cannot run finds nothing */ }
}

function probes() {
  try { probeInput(); } catch (ignored) { /* as above */ }
  return probeFound;
}
