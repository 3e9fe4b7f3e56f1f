// One widget per container: prepares a solved challenge in the background, holds the form's
// submission until a token exists, and says what happens in an aria-live region.
var widgets = {}, nextId = 0, stylesAdded = false;

function option(container, options, name) {
  var value = options[name];
  return value !== undefined ? value : container.getAttribute('data-' + name);
}

function callbackOf(value) {
  return typeof value === 'function' ? value : typeof value === 'string' && typeof window[value] === 'function' ? window[value] : null;
}

function addStyles() {
  if (stylesAdded) return;
  stylesAdded = true;
  var link = document.createElement('link');
  link.rel = 'stylesheet'; link.href = STYLES; link.crossOrigin = 'anonymous';
  document.head.appendChild(link);
}

function element(tag, className, parent) {
  var node = document.createElement(tag);
  node.className = className;
  parent.appendChild(node);
  return node;
}

function render(container, options) {
  if (typeof container === 'string') container = document.querySelector(container);
  if (!container) throw new Error('byebyerobots.render: no container');
  if (container.getAttribute('data-bbr-id')) return container.getAttribute('data-bbr-id');
  options = options || {};
  var sitekey = option(container, options, 'sitekey');
  if (!sitekey) throw new Error('byebyerobots.render: a sitekey is required');
  addStyles();

  var id = String(nextId++), form = container.closest('form'), lang = languageOf(container, option(container, options, 'language'));
  var root = element('div', 'bbr bbr-theme-' + (/^(light|dark)$/.test(option(container, options, 'theme')) ? option(container, options, 'theme') : 'auto'), container);
  root.setAttribute('lang', lang);
  var status = element('p', 'bbr-status', root);
  status.setAttribute('role', 'status');
  var bar = element('progress', 'bbr-progress', root);
  bar.setAttribute('aria-label', TEXTS[lang].progress);
  var retry = element('button', 'bbr-retry', root);
  retry.type = 'button'; retry.textContent = TEXTS[lang].retry;
  var input = field(form || container, 'bbr-response');
  if (String(option(container, options, 'privacy-notice')) !== 'off' && option(container, options, 'privacy-notice') !== false) notice(root, lang, option(container, options, 'privacy-url'));

  var w = widgets[id] = {
    id: id, container: container, form: form, input: input, root: root, status: status, bar: bar, retry: retry,
    sitekey: sitekey, action: option(container, options, 'action') || undefined, texts: TEXTS[lang],
    callback: callbackOf(option(container, options, 'callback')),
    errorCallback: callbackOf(option(container, options, 'error-callback')),
    expiredCallback: callbackOf(option(container, options, 'expired-callback')),
    token: '', timers: [], pending: null, prepared: null, held: false, inputs: [input]
  };
  addFields(w, String(option(container, options, 'response-field') || '').split(/[\s,]+/));
  container.setAttribute('data-bbr-id', id);
  show(w, '', '');
  retry.addEventListener('click', function () { show(w, 'busy', w.texts.checking); run(w).then(function () { resubmit(w); }, noop); });
  if (form) {
    w.onSubmit = function (event) { onSubmit(w, event); };
    form.addEventListener('submit', w.onSubmit, true);
  }
  prepare(w);
  return id;
}

function noop() {}

// A short line saying that interaction timings are measured, linking to the service's privacy page
// in the widget's language (or to the procedure's own statement: data-privacy-url, http(s) only).
function notice(root, lang, url) {
  var line = element('p', 'bbr-notice', root), link = document.createElement('a'), href = BASE + '/v1/privacy?lang=' + lang;
  try { if (url && /^https?:$/.test(new URL(url, location.href).protocol)) href = new URL(url, location.href).href; } catch (e) { /* keep the service's page */ }
  line.textContent = TEXTS[lang].notice + ' ';
  link.href = href; link.target = '_blank'; link.rel = 'noopener'; link.textContent = TEXTS[lang].more;
  line.appendChild(link);
}

function field(parent, name) {
  var input = document.createElement('input');
  input.type = 'hidden'; input.name = name;
  parent.appendChild(input);
  return input;
}

// Backends written for another CAPTCHA read its field (g-recaptcha-response, …): the token
// goes there too, when the page (data-response-field) or the site's configuration asks.
function addFields(w, names) {
  (names || []).forEach(function (name) {
    if (!/^[\w-]{1,64}$/.test(name) || w.inputs.some(function (node) { return node.name === name; })) return;
    var input = field(w.form || w.container, name);
    input.value = w.token;
    w.inputs.push(input);
  });
}

function setToken(w, token) {
  w.token = token;
  w.inputs.forEach(function (node) { node.value = token; });
}

// state: '' (nothing to see), 'busy', 'step-up', 'failed'. Text always reaches screen readers.
function show(w, state, text) {
  w.root.setAttribute('data-state', state);
  w.status.textContent = text;
  w.bar.hidden = state !== 'step-up';
  w.retry.hidden = state !== 'failed';
}

function emit(w, name, detail) {
  w.container.dispatchEvent(new CustomEvent('bbr:' + name, { bubbles: true, detail: detail }));
}

function later(w, at, action) {
  w.timers.push(setTimeout(action, Math.max(0, at - Date.now())));
}

function clearTimers(w) {
  w.timers.forEach(clearTimeout);
  w.timers = [];
}

// Fetches and solves a challenge ahead of time, and again shortly before it expires.
function prepare(w) {
  var body = { sitekey: w.sitekey, algorithms: algorithms() };
  if (w.action) body.action = w.action;
  var started = performance.now();
  w.prepared = call('/v1/challenge', body).then(function (challenge) {
    addFields(w, challenge.responseFields);
    later(w, Date.parse(challenge.expiresAt) - 15000, function () { if (!w.token && !w.pending) prepare(w); });
    return solve(challenge).then(function (solution) {
      // attempts: the nonces up to each puzzle's answer (what the work cost, whatever the luck).
      emit(w, 'ready', { ms: Math.round(performance.now() - started), attempts: solution.reduce(function (sum, nonce) { return sum + nonce + 1; }, 0) });
      return { id: challenge.id, pow: solution };
    }, function (error) {
      // WebCrypto refused the derivation: once, a new challenge in the algorithm that needs none.
      if (error && error.code === 'pow-unsupported' && !w.downgraded) { w.downgraded = true; return prepare(w); }
      throw error;
    });
  });
  w.prepared.catch(noop);
  return w.prepared;
}

// Verifies once (with one step-up if asked); resolves with the token. Quiet runs (token
// refresh) show nothing when they fail: the next submission starts over in view.
function run(w, quiet) {
  if (w.pending) return w.pending;
  w.pending = (w.prepared || prepare(w)).then(function (solved) {
    w.prepared = null;
    return verify(w, solved, 0);
  }).then(function (token) {
    w.pending = null;
    return token;
  }, function (error) {
    w.pending = null;
    var code = error && error.code || 'error';
    if (code === 'challenge-expired' || code === 'challenge-unknown') {
      if (!w.retried) { w.retried = true; prepare(w); return run(w, quiet); }
    }
    w.retried = false;
    prepare(w);
    if (quiet) { show(w, '', ''); throw error; }
    show(w, 'failed', code === 'fail' ? w.texts.failed : w.texts.unavailable);
    // After a held submission fails, keyboard users land on the way out: the retry button.
    if (w.held !== false) w.retry.focus();
    emit(w, 'error', { code: code });
    if (w.errorCallback) w.errorCallback(code);
    throw error;
  });
  return w.pending;
}

// A step-up's own signals may ask for more than it cost (its score fell): the service then asks
// for one more, at most up to its costliest level, so a chain is at most a few step-ups long.
var MAX_STEP_UPS = 3;

function verify(w, solved, stepUps) {
  return call('/v1/verify', { id: solved.id, pow: solved.pow, signals: signals() }).then(function (verdict) {
    if (verdict.verdict !== 'step-up') clearSignals();
    if (verdict.verdict === 'pass') return passed(w, verdict);
    if (verdict.verdict === 'step-up' && stepUps < MAX_STEP_UPS) {
      show(w, 'step-up', w.texts.stepUp);
      w.bar.max = verdict.challenge.pow.puzzles; w.bar.value = 0;
      emit(w, 'step-up', { puzzles: verdict.challenge.pow.puzzles });
      return solve(verdict.challenge, function (done) { w.bar.value = done; emit(w, 'progress', { solved: done, puzzles: verdict.challenge.pow.puzzles }); }).then(function (solution) {
        return verify(w, { id: verdict.challenge.id, pow: solution }, stepUps + 1);
      });
    }
    throw { code: 'fail' };
  });
}

function passed(w, verdict) {
  w.retried = false;
  setToken(w, verdict.token);
  show(w, '', w.texts.passed);
  emit(w, 'pass', { token: verdict.token });
  if (w.callback) w.callback(verdict.token);
  // A token is good once and for a few minutes: shortly before it expires, a fresh one is
  // fetched quietly (a new challenge, solved in the background, and a verify).
  var left = Date.parse(verdict.expiresAt) - Date.now();
  later(w, Date.now() + left - Math.min(10000, left / 3), function () {
    if (w.token !== verdict.token) return;
    setToken(w, '');
    emit(w, 'expired', {});
    if (w.expiredCallback) w.expiredCallback();
    prepare(w);
    run(w, true).catch(noop);
  });
  return verdict.token;
}

function onSubmit(w, event) {
  if (w.token) {
    // The token goes with this submission; a later one (single-page apps) needs a fresh token.
    var used = w.token;
    setTimeout(function () { if (w.token === used) { setToken(w, ''); prepare(w); } }, 0);
    return;
  }
  event.preventDefault();
  event.stopImmediatePropagation();
  w.held = event.submitter && event.submitter.form === w.form ? event.submitter : null;
  clearTimers(w);
  if (!w.pending) show(w, 'busy', w.texts.checking);
  run(w).then(function () { resubmit(w); }, noop);
}

function resubmit(w) {
  if (!w.form || w.held === false) return;
  var submitter = w.held;
  w.held = false;
  if (w.form.requestSubmit) w.form.requestSubmit(submitter || undefined); else w.form.submit();
}

function byId(id) {
  var w = widgets[String(id === undefined ? '0' : id)];
  if (!w) throw new Error('byebyerobots: unknown widget ' + id);
  return w;
}

function reset(id) {
  var w = byId(id);
  clearTimers(w);
  setToken(w, '');
  w.pending = null;
  show(w, '', '');
  prepare(w);
}

function remove(id) {
  var w = byId(id);
  clearTimers(w);
  if (w.form) w.form.removeEventListener('submit', w.onSubmit, true);
  w.root.remove();
  w.inputs.forEach(function (node) { node.remove(); });
  w.container.removeAttribute('data-bbr-id');
  delete widgets[w.id];
}

function renderAll(root) {
  var found = (root || document).querySelectorAll('.bbr-widget:not([data-bbr-id])');
  for (var i = 0; i < found.length; i++) render(found[i]);
}
