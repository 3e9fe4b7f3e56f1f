// The gauntlet: N sessions of each family against a running service's demo procedure, one at a
// time, each session's verdicts and probes read from the service's own log (its "Verdict …"
// lines), so the genuine browsers, which nothing instruments, are judged the same way as the attackers.
// usage: node gauntlet.mjs --service URL --log FILE --dataset FILE --sessions N [--families a,b] [--out results.json]
import { readFileSync, writeFileSync, statSync } from 'node:fs';
import { attackers } from './attackers.mjs';
import { genuine } from './genuine.mjs';
import { sleep } from './human.mjs';

const argument = (name, fallback) => { const i = process.argv.indexOf('--' + name); return i > 0 ? process.argv[i + 1] : fallback; };
const base = argument('service').replace(/\/$/, ''), log = argument('log'), dataset = argument('dataset');
const sessions = Number(argument('sessions', '20')), out = argument('out', 'gauntlet-results.json');
const display = process.env.DISPLAY || null, siteKey = argument('sitekey', 'demo-site-key');

const LANGUAGES = ['fr', 'de', 'lb', 'en', 'pt'], THEMES = ['light', 'dark'];
// The demo's window titles in its five languages (/demo?lang=…): the form, and the answer page of an accepted submission.
const FORM = /certificat de résidence|Wohnsitzbescheinigung|Wunnsëtzbescheinegung|certificate of residence|certificado de residência/;
const RESULT = /^(Demande reçue|Antrag eingegangen|Ufro ukomm|Application received|Pedido recebido)/;
const genuineFamilies = {};
for (const browser of ['chromium', 'firefox']) {
  genuineFamilies[`genuine-${browser}`] = ({ url, session }) => display ? genuine({ browser, url, session, keyboardOnly: false, formTitle: FORM, resultTitle: RESULT }) : null;
  genuineFamilies[`genuine-${browser}-keyboard-only`] = ({ url, session }) => display ? genuine({ browser, url, session, keyboardOnly: true, formTitle: FORM, resultTitle: RESULT }) : null;
}
const families = { ...attackers, ...genuineFamilies };
const chosen = (argument('families') || Object.keys(families).join(',')).split(',');

const VERDICT = /Verdict (pass|step-up|fail) \(([a-z-]+)\) for site (\S+) action (\S+): reasons \[([^\]]*)\], score ([\d.]+) by [^,]+, step-ups before (\d+), features .*; probes \[([^\]]*)\]/;

function logSince(offset) {
  const text = readFileSync(log, 'utf8');
  return { text: text.slice(offset), size: text.length };
}

/** first: the first verify's verdict; paid: a step-up that ended in a pass; reasons of every verify. */
function judge(lines) {
  const verdicts = lines.map(l => l.match(VERDICT)).filter(m => m && m[3] === siteKey).map(m => ({ verdict: m[1], cls: m[2], reasons: m[5] ? m[5].split(',') : [], stepUps: +m[7], probes: m[8] ? m[8].split(',') : [], score: +m[6] }));
  if (verdicts.length === 0) return { outcome: 'no-verify', reasons: [], probes: [] };
  const first = verdicts[0], last = verdicts[verdicts.length - 1];
  const outcome = first.verdict === 'pass' ? 'token-at-once' : last.verdict === 'pass' ? 'token-after-step-up' : last.verdict === 'step-up' ? 'step-up-unsolved' : 'refused';
  return { outcome, reasons: [...new Set(verdicts.flatMap(v => v.reasons))], probes: [...new Set(verdicts.flatMap(v => v.probes))], score: first.score };
}

const results = {};
for (const family of chosen) {
  const run = families[family];
  if (!run) { console.error(`unknown family ${family}; known: ${Object.keys(families).join(', ')}`); process.exit(2); }
  results[family] = [];
  for (let session = 0; session < sessions; session++) {
    const lang = family.startsWith('genuine') ? LANGUAGES[session % LANGUAGES.length] : 'fr', theme = THEMES[Math.floor(session / LANGUAGES.length) % 2];
    const url = `${base}/demo?lang=${lang}&theme=${theme}`;
    const offset = statSync(log).size;
    const started = Date.now();
    let seen;
    try {
      seen = await run({ url, base, siteKey, session, dataset, display });
    } catch (error) {
      seen = { error: String(error && error.message || error).slice(0, 200) };
    }
    if (seen === null) { console.log(`${family}: skipped (no display)`); delete results[family]; break; }
    await sleep(400);
    const verdict = judge(logSince(offset).text.split('\n'));
    results[family].push({ session, lang, theme, ...verdict, submitted: !!seen.submitted, error: seen.error, seconds: (Date.now() - started) / 1000 });
    console.log(`${family} #${session} ${lang}/${theme}: ${verdict.outcome} [${verdict.reasons}] probes [${verdict.probes}] score ${verdict.score}${seen.error ? ' ERROR ' + seen.error : ''}`);
  }
}

writeFileSync(out, JSON.stringify(results, null, 1));
const rows = Object.entries(results).map(([family, list]) => {
  const count = k => list.filter(r => r.outcome === k).length;
  const reasons = [...new Set(list.flatMap(r => r.reasons))].join(', ');
  const probes = [...new Set(list.flatMap(r => r.probes || []))].join(', ');
  return `| ${family} | ${list.length} | ${count('token-at-once')} | ${count('token-after-step-up')} | ${count('refused')} | ${count('step-up-unsolved') + count('no-verify')} | ${reasons} | ${probes} |`;
});
console.log(['| family | sessions | token at once | token after step-up | refused | other | reason codes | probes fired |', '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |', ...rows].join('\n'));
