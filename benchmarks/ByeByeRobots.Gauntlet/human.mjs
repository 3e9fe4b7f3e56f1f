// What bot writers use to look human (and what the genuine drivers use for a person's pace):
// minimum-jerk Bézier paths at about 60 Hz with a pixel of jitter, key rhythm with pauses.
export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

export function random(seed) {
  let state = seed >>> 0 || 1;
  return () => { state = (state * 1664525 + 1013904223) >>> 0; return state / 4294967296; };
}

/** Points from `from` to `to` along a cubic Bézier with random bends, spaced by a minimum-jerk profile. */
export function path(from, to, rnd, steps) {
  const [x0, y0] = from, [x3, y3] = to, d = Math.hypot(x3 - x0, y3 - y0);
  const n = steps || Math.max(12, Math.round(20 + d / 25));
  const bend = () => (rnd() - 0.5) * Math.min(240, d * 0.5);
  const [x1, y1] = [x0 + (x3 - x0) * 0.3 + bend(), y0 + (y3 - y0) * 0.3 + bend()];
  const [x2, y2] = [x0 + (x3 - x0) * 0.7 + bend(), y0 + (y3 - y0) * 0.7 + bend()];
  const points = [];
  for (let i = 1; i <= n; i++) {
    const tau = i / n, s = 10 * tau ** 3 - 15 * tau ** 4 + 6 * tau ** 5, u = 1 - s;
    const x = u ** 3 * x0 + 3 * u * u * s * x1 + 3 * u * s * s * x2 + s ** 3 * x3;
    const y = u ** 3 * y0 + 3 * u * u * s * y1 + 3 * u * s * s * y2 + s ** 3 * y3;
    points.push([x + (rnd() - 0.5) * 1.4, y + (rnd() - 0.5) * 1.4]);
  }
  points[points.length - 1] = [x3, y3];
  return points;
}

/** A key's hold and the pause before the next, in ms: a person's uneven rhythm. */
export function keyTiming(rnd) {
  const hold = 55 + rnd() * 80, gap = 80 + rnd() * 170 + (rnd() < 0.12 ? 300 + rnd() * 500 : 0);
  return [hold, gap];
}

/** A citizen's answers to the demo form, a different one per session. */
export function answers(session) {
  const names = ['Schmit', 'Muller', 'Weber', 'Wagner', 'Hoffmann', 'Thill', 'Kieffer', 'Reuter', 'Schroeder', 'Majerus'];
  const first = ['Anna', 'Marc', 'Sophie', 'Luc', 'Carla', 'Paul', 'Nadia', 'Jeff', 'Lara', 'Tom'];
  const n = names[session % names.length], f = first[(session * 7) % first.length];
  return { nom: n, prenom: f, naissance: `${10 + (session % 18)}/0${1 + (session % 9)}/19${60 + (session % 40)}`, courriel: `${f.toLowerCase()}.${n.toLowerCase()}@example.lu`, motif: 'Inscription' };
}
