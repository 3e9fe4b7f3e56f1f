// Genuine browsers: Debian's Chromium and Firefox ESR launched with no automation at all, in a
// window under Xvfb, driven only by OS-level input (xdotool) at a person's pace. The page is
// reached by its URL; fields by a click into the page and Tab, as keyboard users do.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep, random, path, keyTiming, answers } from './human.mjs';

const xdo = (...a) => execFileSync('xdotool', a.map(String), { encoding: 'utf8' }).trim();
const tryXdo = (...a) => { try { return xdo(...a); } catch { return ''; } };

// X keysym names of the characters the answers hold that are not their own name.
const KEYSYMS = { ' ': 'space', '.': 'period', '/': 'slash', '@': 'at', '-': 'minus', '_': 'underscore' };

const FIREFOX_PREFS = [
  'browser.shell.checkDefaultBrowser', false, 'browser.aboutwelcome.enabled', false, 'datareporting.policy.dataSubmissionEnabled', false,
  'datareporting.policy.dataSubmissionPolicyBypassNotification', true, 'toolkit.telemetry.reportingpolicy.firstRun', false,
  'browser.startup.homepage_override.mstone', 'ignore', 'startup.homepage_welcome_url', '', 'browser.tabs.warnOnClose', false,
  'app.update.enabled', false, 'trailhead.firstrun.didSeeAboutWelcome', true, 'browser.sessionstore.resume_from_crash', false,
  'browser.translations.automaticallyPopup', false, 'signon.rememberSignons', false, 'extensions.formautofill.addresses.enabled', false,
];

function launch(browser, url, profile) {
  if (browser === 'firefox') {
    const prefs = [];
    for (let i = 0; i < FIREFOX_PREFS.length; i += 2) prefs.push(`user_pref(${JSON.stringify(FIREFOX_PREFS[i])}, ${JSON.stringify(FIREFOX_PREFS[i + 1])});`);
    writeFileSync(join(profile, 'user.js'), prefs.join('\n') + '\n');
    return spawn('firefox-esr', ['--no-remote', '--profile', profile, '--width', '1280', '--height', '1000', url], { stdio: 'ignore' });
  }
  return spawn('chromium', ['--no-first-run', '--no-default-browser-check', '--user-data-dir=' + profile, '--no-sandbox', '--password-store=basic',
    '--disable-features=Translate,AutofillServerCommunication', '--window-size=1280,1000', '--window-position=0,0', url], { stdio: 'ignore' });
}

async function window(browser, title, ms = 40000) {
  const end = Date.now() + ms, name = browser === 'firefox' ? 'Firefox' : 'Chromium';
  while (Date.now() < end) {
    for (const id of tryXdo('search', '--onlyvisible', '--name', name).split('\n').filter(Boolean)) {
      if (title.test(tryXdo('getwindowname', id))) return id;
    }
    await sleep(250);
  }
  return null;
}

/** One session: mouse (moves and a click into the page) and keyboard, or keyboard only. */
export async function genuine({ browser, url, session, keyboardOnly, formTitle, resultTitle }) {
  const profile = mkdtempSync(join(tmpdir(), 'bbr-genuine-'));
  const child = launch(browser, url, profile);
  const rnd = random(session * 101 + (browser === 'firefox' ? 7 : 3)), a = answers(session);
  try {
    const id = await window(browser, formTitle);
    if (!id) return { submitted: false, error: 'no window' };
    tryXdo('windowactivate', '--sync', id);
    await sleep(1500 + rnd() * 500);
    const type = async text => { for (const ch of text) { const [hold, gap] = keyTiming(rnd), k = KEYSYMS[ch] || ch; xdo('keydown', k); await sleep(hold); xdo('keyup', k); await sleep(gap); } };
    const key = async name => { await sleep(150 + rnd() * 350); xdo('key', '--delay', Math.round(60 + rnd() * 60), name); };
    const geometry = Object.fromEntries(xdo('getwindowgeometry', '--shell', id).split('\n').map(l => l.split('=')));
    if (!keyboardOnly) {
      // Wander over the page and click beside the heading, above the form: Tab then starts there.
      let at = [+geometry.X + 600 + rnd() * 300, +geometry.Y + 500 + rnd() * 200];
      xdo('mousemove', Math.round(at[0]), Math.round(at[1]));
      for (const target of [[+geometry.X + 300 + rnd() * 200, +geometry.Y + 350 + rnd() * 150], [+geometry.X + 30 + rnd() * 15, +geometry.Y + 140 + rnd() * 10]]) {
        for (const [x, y] of path(at, target, rnd)) { xdo('mousemove', Math.round(x), Math.round(y)); await sleep(10 + rnd() * 8); }
        at = target;
        await sleep(200 + rnd() * 300);
      }
      await sleep(100 + rnd() * 100); xdo('mousedown', 1); await sleep(70 + rnd() * 60); xdo('mouseup', 1);
    }
    for (const value of [a.nom, a.prenom, a.naissance, a.courriel]) { await key('Tab'); await type(value); }
    // After the reason: the privacy notice's link, then the submit button.
    await key('Tab'); await key('Down'); await key('Tab'); await type(a.motif); await key('Tab'); await key('Tab');
    await key('Return');
    const done = await window(browser, resultTitle, 30000);
    return { submitted: done !== null };
  } finally {
    child.kill('SIGTERM');
    await sleep(1000);
    try { child.kill('SIGKILL'); } catch { /* gone */ }
    rmSync(profile, { recursive: true, force: true });
  }
}
