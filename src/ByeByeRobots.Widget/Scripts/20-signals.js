// Interaction signals (protocol section 5): times, positions and kinds only. No key identity,
// no field content, nothing that identifies the person. Passive listeners, bounded arrays.
var LIMIT = 2000, started = performance.now();
var recorded = { mouse: [], touch: [], keys: [], scroll: [], focus: [] }, untrusted = 0;

function now() { return Math.round((performance.now() - started) * 10) / 10; }

// An event's own time (for input, the device report the browser coalesced into it; on the clock of
// performance.now()), not the time its handler ran; old browsers' epoch stamps fall back to now.
function at(e) {
  var t = e.timeStamp;
  return t > 0 && t <= performance.now() + 1 ? Math.max(0, Math.round((t - started) * 10) / 10) : now();
}

function record(kind, event, entry) {
  if (!event.isTrusted) { untrusted++; return; }
  var list = recorded[kind];
  list.push(entry);
  if (list.length > LIMIT * 1.5) list.splice(0, list.length - LIMIT);
}

function onPointer(kind) {
  return function (e) {
    var touch = e.pointerType === 'touch';
    // touch: 0 move, 1 start, 2 end; mouse and pen: 0 move, 1 down, 2 up.
    record(touch ? 'touch' : 'mouse', e, [at(e), Math.round(e.clientX), Math.round(e.clientY), kind]);
  };
}

function isField(target) {
  return target && /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName);
}

function listen(target, type, handler) {
  target.addEventListener(type, handler, { passive: true, capture: true });
}

listen(document, 'pointermove', onPointer(0));
listen(document, 'pointerdown', onPointer(1));
listen(document, 'pointerup', onPointer(2));
listen(document, 'keydown', function (e) { if (!e.repeat) record('keys', e, [at(e), 1]); });
listen(document, 'keyup', function (e) { record('keys', e, [at(e), 2]); });
listen(window, 'scroll', function (e) { record('scroll', e, [at(e), Math.round(window.scrollY)]); });
listen(document, 'focusin', function (e) { if (isField(e.target)) record('focus', e, [at(e), 1]); });
listen(document, 'focusout', function (e) { if (isField(e.target)) record('focus', e, [at(e), 2]); });
listen(document, 'visibilitychange', function (e) { record('focus', e, [at(e), document.hidden ? 3 : 4]); });

// After a verify that ended (a pass or a fail), its events are not sent again: the next verify
// (a retry, a reset, a token renewed) carries what happened since, as the service takes one
// session's path seen twice for a replay. A step-up's verify still carries everything.
function clearSignals() {
  for (var kind in recorded) recorded[kind] = [];
  untrusted = 0;
}

function signals() {
  // nav and timeZone(): 25-probes.js, which compares them with the widget's worker.
  var zone = timeZone();
  return {
    v: 1, t: now(),
    mouse: recorded.mouse.slice(-LIMIT), touch: recorded.touch.slice(-LIMIT), keys: recorded.keys.slice(-LIMIT),
    scroll: recorded.scroll.slice(-LIMIT), focus: recorded.focus.slice(-LIMIT), untrusted: untrusted,
    env: {
      webdriver: nav.webdriver === true,
      languages: (nav.languages || [nav.language || '']).slice(0, 32),
      timezone: zone.slice(0, 64),
      screen: [screen.width | 0, screen.height | 0, window.devicePixelRatio || 1],
      viewport: [window.innerWidth | 0, window.innerHeight | 0],
      touchPoints: Math.min(nav.maxTouchPoints | 0, 256),
      ua: String(nav.userAgent).slice(0, 1024),
      probes: probes()
    }
  };
}
