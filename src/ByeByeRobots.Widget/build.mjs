// Builds dist/ from the sources: the main script (every module of Scripts/ in name order, but
// worker.js, inside one strict closure), the Web Worker (the proof-of-work modules and
// worker.js) and the stylesheet, each minified by esbuild. The service embeds dist/ and names
// each file by its content hash. `--check` fails when dist/ is not what the sources give.
import { transformSync } from 'esbuild';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';

const here = new URL('.', import.meta.url);
const scripts = readdirSync(new URL('Scripts/', here)).filter(n => n.endsWith('.js')).sort();
const read = name => readFileSync(new URL(name, here), 'utf8');
const closure = names => "(function(){'use strict';\n" + names.map(n => read('Scripts/' + n)).join('\n') + '\n})();\n';
const minify = (code, loader) => transformSync(code, { loader, minify: true, target: 'es2017', legalComments: 'none', charset: 'utf8' }).code;

const outputs = {
  'widget.js': '/*! ByeByeRobots widget, protocol v1 */\n' + minify(closure(scripts.filter(n => n !== 'worker.js')), 'js'),
  'widget-worker.js': minify(closure(scripts.filter(n => /-(sha256|pbkdf2)\.js$/.test(n) || n === 'worker.js')), 'js'),
  'widget.css': minify(read('widget.css'), 'css'),
};

const check = process.argv.includes('--check');
let stale = [];
mkdirSync(new URL('dist/', here), { recursive: true });
for (const [name, text] of Object.entries(outputs)) {
  const path = new URL('dist/' + name, here);
  let committed = null;
  try { committed = readFileSync(path, 'utf8'); } catch { /* not built yet */ }
  if (committed === text) continue;
  if (check) stale.push(name); else writeFileSync(path, text);
}
if (stale.length) {
  console.error(`dist/ is not what the sources give (${stale.join(', ')}): run "npm ci && npm run build" in src/ByeByeRobots.Widget and commit dist/.`);
  process.exit(1);
}
console.log(check ? 'dist/ is up to date.' : 'dist/ written.');
