// The attackers: each fills the demo procedure (the real widget, its backend calling siteverify)
// the way a bot writer would with that tool. Debian's Chromium only, never a downloaded browser.
import { readFileSync } from 'node:fs';
import { createHash, pbkdf2Sync } from 'node:crypto';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { addExtra } from 'puppeteer-extra';
import Stealth from 'puppeteer-extra-plugin-stealth';
import ghostCursor from 'ghost-cursor';
import { sleep, random, path, keyTiming, answers } from './human.mjs';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'];
const WINDOWS_CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const FIELDS = ['#nom', '#prenom', '#naissance', '#courriel'];

/** Whether the page's verify failed (the form then waits for the person). */
function watch(page) {
  const seen = { failed: false };
  page.on('response', async response => {
    if (response.url().endsWith('/v1/verify')) {
      try { if ((await response.json()).verdict === 'fail') seen.failed = true; } catch { /* not JSON */ }
    }
  });
  pages.set(page, seen);
  return seen;
}

const pages = new WeakMap();

/** True once the form reached its backend; false at once when the verify failed (the widget then waits for the person). */
async function submitted(page) {
  const seen = pages.get(page);
  for (let i = 0; i < 100; i++) {
    if (page.url().includes('/demo/submit')) return true;
    if (seen && seen.failed) return false;
    await sleep(200);
  }
  return false;
}

// Playwright and Puppeteer as bot writers first use them: fill, click, no disguise.
async function plainPlaywright(url) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    const page = await browser.newPage();
    const seen = watch(page);
    await page.goto(url);
    const a = answers(Date.now() % 97);
    for (const [field, value] of [['#nom', a.nom], ['#prenom', a.prenom], ['#naissance', a.naissance], ['#courriel', a.courriel]]) await page.fill(field, value);
    await page.selectOption('#commune', { index: 1 });
    await page.click('button[type=submit]');
    return { ...seen, submitted: await submitted(page) };
  } finally { await browser.close(); }
}

async function plainPuppeteer(url) {
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    const page = await browser.newPage();
    const seen = watch(page);
    await page.goto(url);
    const a = answers(Date.now() % 89);
    for (const [field, value] of [['#nom', a.nom], ['#prenom', a.prenom], ['#naissance', a.naissance], ['#courriel', a.courriel]]) await page.type(field, value);
    await page.select('#commune', await page.$eval('#commune option:nth-child(2)', o => o.value));
    await page.click('button[type=submit]');
    return { ...seen, submitted: await submitted(page) };
  } finally { await browser.close(); }
}

// puppeteer-extra with the stealth plugin, ghost-cursor moving the mouse, human key timing.
async function stealth(url, session, headless = true) {
  const launcher = addExtra(puppeteer);
  launcher.use(Stealth());
  const browser = await launcher.launch({ executablePath: CHROMIUM, headless, args: [...ARGS, '--window-size=1366,900'], defaultViewport: headless ? { width: 1366, height: 768 } : null });
  try {
    const page = await browser.newPage();
    const seen = watch(page);
    await page.goto(url);
    const cursor = ghostCursor.createCursor(page);
    const rnd = random(session * 31 + 7), a = answers(session);
    for (const [field, value] of [['#nom', a.nom], ['#prenom', a.prenom], ['#naissance', a.naissance], ['#courriel', a.courriel]]) {
      await cursor.click(field);
      for (const ch of value) { const [hold, gap] = keyTiming(rnd); await page.keyboard.down(ch); await sleep(hold); await page.keyboard.up(ch); await sleep(gap); }
    }
    await cursor.click('#commune'); await page.keyboard.press('ArrowDown'); await page.keyboard.press('Enter');
    for (let i = 0; i < 4; i++) { await page.mouse.wheel({ deltaY: 100 }); await sleep(150); }
    await cursor.click('button[type=submit]');
    return { ...seen, submitted: await submitted(page) };
  } finally { await browser.close(); }
}

/** A careful Playwright: no webdriver flag, a desktop Windows user agent, fr-LU and Luxembourg's time, a real screen size. */
async function carefulContext(headless, native = false) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless, args: [...ARGS, '--disable-blink-features=AutomationControlled', '--window-size=1366,900'] });
  // native: nothing overridden at all (the machine's own user agent, language and time zone), a real window.
  const context = await browser.newContext({
    ...(native ? {} : { userAgent: WINDOWS_CHROME, locale: 'fr-LU', timezoneId: 'Europe/Luxembourg' }),
    ...(headless ? { viewport: { width: 1366, height: 768 }, screen: { width: 1920, height: 1080 }, deviceScaleFactor: 1 } : { viewport: null }),
  });
  return { browser, page: await context.newPage() };
}

async function moveAlong(page, points, rnd) {
  for (const [x, y] of points) { await page.mouse.move(x, y); await sleep(13 + rnd() * 6); }
}

async function humanType(page, text, rnd) {
  for (const ch of text) { const [hold, gap] = keyTiming(rnd); await page.keyboard.down(ch); await sleep(hold); await page.keyboard.up(ch); await sleep(gap); }
}

// The careful humaniser of the issue: Bézier paths with minimum-jerk speed and jitter at ~60 Hz,
// human key timing, webdriver hidden, a Windows user agent and fr-LU.
async function humaniser(url, session, headless = true, native = false) {
  const { browser, page } = await carefulContext(headless, native);
  try {
    const seen = watch(page);
    await page.goto(url);
    const rnd = random(session * 17 + 3), a = answers(session);
    let at = [200 + rnd() * 400, 150 + rnd() * 200];
    const clickOn = async selector => {
      // Out of view: the wheel, a notch at a time, as a person scrolls.
      for (let i = 0; i < 10; i++) {
        const box = await page.locator(selector).boundingBox();
        if (box.y >= 0 && box.y + box.height <= 760) break;
        await page.mouse.wheel(0, box.y < 0 ? -100 : 100); await sleep(120 + rnd() * 120);
      }
      const box = await page.locator(selector).boundingBox();
      const target = [box.x + box.width * (0.2 + rnd() * 0.6), box.y + box.height * (0.3 + rnd() * 0.4)];
      await moveAlong(page, path(at, target, rnd), rnd);
      at = target;
      await sleep(60 + rnd() * 120); await page.mouse.down(); await sleep(60 + rnd() * 60); await page.mouse.up();
    };
    for (const [field, value] of [['#nom', a.nom], ['#prenom', a.prenom], ['#naissance', a.naissance], ['#courriel', a.courriel]]) {
      await clickOn(field); await sleep(200 + rnd() * 300); await humanType(page, value, rnd);
    }
    await clickOn('#commune'); await page.keyboard.press('ArrowDown'); await page.keyboard.press('Enter');
    await clickOn('button[type=submit]');
    const done = await submitted(page);
    if (process.env.BBR_SHOT) await page.screenshot({ path: process.env.BBR_SHOT, fullPage: true });
    return { ...seen, submitted: done };
  } finally { await browser.close(); }
}

/** Real people's mouse paths (DELBOT's desktop sessions), read by path from ../shared, never copied. */
function recordings(dataset, family, count) {
  const sessions = [];
  for (const line of readFileSync(dataset, 'utf8').split('\n')) {
    if (!line) continue;
    const s = JSON.parse(line);
    if (s.family === family && (s.signals.mouse || []).length >= 150) sessions.push(s.signals);
    if (sessions.length === count) break;
  }
  return sessions;
}

// Recorded human paths replayed through the careful Playwright with ±1 px of noise at their own
// pace, the form filled from the keyboard; a pool of ten recordings, each used twice in twenty sessions.
async function replay(url, session, dataset, headless = true) {
  const pool = recordings(dataset, 'delbot-human-pc', 10), recording = pool[session % pool.length];
  const { browser, page } = await carefulContext(headless);
  try {
    const seen = watch(page);
    await page.goto(url);
    const rnd = random(session * 13 + 5), a = answers(session), moves = recording.mouse.filter(e => e[3] === 0);
    let last = moves[0][0];
    // Moves only: the recording's clicks would land anywhere on this page.
    for (const [t, x, y] of moves) {
      await sleep(Math.min(200, Math.max(0, t - last))); last = t;
      await page.mouse.move(Math.min(1300, x * 0.6) + Math.round(rnd() * 2 - 1), Math.min(740, y * 0.6) + Math.round(rnd() * 2 - 1));
    }
    await page.focus('#nom');
    for (const value of [a.nom, a.prenom, a.naissance, a.courriel]) { await humanType(page, value, rnd); await page.keyboard.press('Tab'); await sleep(200 + rnd() * 300); }
    await page.keyboard.press('ArrowDown'); await page.keyboard.press('Tab'); await humanType(page, a.motif, rnd); await page.keyboard.press('Tab'); await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    return { ...seen, submitted: await submitted(page) };
  } finally { await browser.close(); }
}

// A protocol client without a browser: challenge, proof of work in native code, and a verify
// carrying a real person's signals (one DELBOT session, ±1 px and re-timed each time), with the
// headers a browser would send (`browserHeaders`) or none.
function solve(pow) {
  const salt = Buffer.from(pow.salt, 'base64url'), solution = [];
  for (let i = 0; i < pow.puzzles; i++) {
    for (let n = 0; ; n++) {
      const input = Buffer.alloc(12); input.writeUInt32BE(i, 0); input.writeBigUInt64BE(BigInt(n), 4);
      const hash = pow.algorithm === 'pbkdf2-sha256-lzb' ? pbkdf2Sync(salt, input, pow.iterations, 32, 'sha256') : createHash('sha256').update(Buffer.concat([salt, input])).digest();
      if (leadingZeroBits(hash) >= pow.difficulty) { solution.push(n); break; }
    }
  }
  return solution;
}

function leadingZeroBits(bytes) {
  let bits = 0;
  for (const b of bytes) { if (b === 0) { bits += 8; continue; } return bits + Math.clz32(b) - 24; }
  return bits;
}

async function protocolClient(base, siteKey, session, dataset, browserHeaders) {
  const recorded = recordings(dataset, 'delbot-human-pc', 1)[0], rnd = random(session * 7 + 1), origin = new URL(base).origin;
  const headers = { 'Content-Type': 'application/json', Origin: origin };
  if (browserHeaders) Object.assign(headers, {
    'User-Agent': WINDOWS_CHROME, 'Accept-Language': 'fr-LU,fr;q=0.9', 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': 'empty', 'Sec-Fetch-Site': 'same-origin',
    'Sec-CH-UA': '"Chromium";v="156", "Not-A.Brand";v="24", "Google Chrome";v="156"', 'Sec-CH-UA-Mobile': '?0', 'Sec-CH-UA-Platform': '"Windows"',
  });
  const post = async (p, body) => (await fetch(base + p, { method: 'POST', headers, body: JSON.stringify(body) })).json();
  const challenge = await post('/v1/challenge', { sitekey: siteKey, action: 'certificat' });
  const signals = structuredClone(recorded), shift = rnd() * 300;
  signals.mouse = signals.mouse.map(([t, x, y, k]) => [Math.round((t + shift) * 10) / 10, x + Math.round(rnd() * 2 - 1), y + Math.round(rnd() * 2 - 1), k]);
  signals.t += shift;
  signals.env = { webdriver: false, languages: ['fr-LU', 'fr'], timezone: 'Europe/Luxembourg', screen: [1920, 1080, 1], viewport: [1366, 768], touchPoints: 0, ua: WINDOWS_CHROME, probes: {} };
  const verdict = await post('/v1/verify', { id: challenge.id, pow: solve(challenge.pow), signals });
  return { submitted: verdict.verdict === 'pass' };
}

export const attackers = {
  'playwright-as-launched': ({ url }) => plainPlaywright(url),
  'puppeteer-as-launched': ({ url }) => plainPuppeteer(url),
  'stealth-ghost-cursor': ({ url, session }) => stealth(url, session, true),
  'stealth-ghost-cursor-headed': ({ url, session, display }) => display ? stealth(url, session, false) : null,
  'humaniser-careful': ({ url, session }) => humaniser(url, session, true),
  'humaniser-careful-headed': ({ url, session, display }) => display ? humaniser(url, session, false) : null,
  'humaniser-native-headed': ({ url, session, display }) => display ? humaniser(url, session, false, true) : null,
  'replayed-people': ({ url, session, dataset }) => replay(url, session, dataset, true),
  'protocol-client-copying-signals': ({ base, siteKey, session, dataset }) => protocolClient(base, siteKey, session, dataset, false),
  'protocol-client-with-browser-headers': ({ base, siteKey, session, dataset }) => protocolClient(base, siteKey, session, dataset, true),
};
