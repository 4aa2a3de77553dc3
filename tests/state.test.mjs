// The link format (www/js/state.js): round trips, and every malformed field falling back to its
// default on its own, with a notice naming it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PANELS, applyCompact, compactOptimizer, defaultState, describeIgnored, expandOptimizer, parseState, serializeState,
} from '../www/js/state.js';

const FUNCTIONS = [
  { id: 'rosenbrock', default_start: [-1.5, 2] },
  { id: 'beale', default_start: [1, 1] },
  { id: 'ill_conditioned_quadratic', default_start: [3, 1] },
];
// A stand-in for the core's check with the same shape of answer (the e2e tests use the real one).
const validateOptimizer = (o) => (o.beta_1 !== undefined && !(o.beta_1 >= 0 && o.beta_1 < 1) ? `optimizer.beta_1: must be in [0, 1), got ${o.beta_1}` : null);
const opts = { functions: FUNCTIONS, validateOptimizer };

const b64 = (obj) => `v1.${Buffer.from(JSON.stringify(obj)).toString('base64url')}`;

function richState() {
  const s = defaultState(FUNCTIONS);
  s.functionId = 'ill_conditioned_quadratic';
  s.conditionNumber = 250;
  s.start = [0.123457, -2.5];
  s.view = { x_min: -1.25, x_max: 3.5, y_min: -2, y_max: 2.125 };
  s.configs = [
    { optimizer: { name: 'sgd', api: 'legacy', learning_rate: 0.0005, momentum: 0.9, nesterov: true, decay: 0 }, visible: true },
    { optimizer: { name: 'adamw', api: 'keras3', learning_rate: 0.003, weight_decay: 0.004, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false }, visible: false },
    {
      optimizer: {
        name: 'adam', api: 'keras3', beta_1: 0.85, beta_2: 0.999, epsilon: 1e-7, amsgrad: true,
        learning_rate: { schedule: 'piecewise_constant_decay', boundaries: [500, 1000], values: [0.003, 0.001, 0.0003] },
      },
      visible: true,
    },
  ];
  s.steps = 1500;
  s.upto = 321;
  s.panels = ['paths', 'lr'];
  s.tableOpen = false;
  s.datasetSize = 50000;
  s.batchSize = 128;
  s.epochs = 20;
  s.lrLog = true;
  s.showStepSize = false;
  s.run = {
    optimizer: expandOptimizer({ name: 'sgd', learning_rate: 0.05, momentum: 0.9, decay: 1e-4 }),
    samples: 50000, batch_size: 128, epochs: 20, validation_split: 0.1,
  };
  return s;
}

test('round trip: every field survives serialise → parse', () => {
  const s = richState();
  const frag = serializeState(s);
  assert.match(frag, /^v1\.[A-Za-z0-9_-]+$/);
  const { state, ignored } = parseState(`#${frag}`, opts);
  assert.deepEqual(ignored, []);
  assert.deepEqual(state, s);
});

test('round trip of the defaults, and the seed link is short', () => {
  const d = defaultState(FUNCTIONS);
  const frag = serializeState(d, FUNCTIONS);
  assert.ok(frag.length < 40, `default link is ${frag.length} characters`);
  const { state, ignored, empty } = parseState(frag, opts);
  assert.equal(empty, false);
  assert.deepEqual(ignored, []);
  assert.deepEqual(state, d);
});

test('an empty fragment is the defaults without a notice', () => {
  for (const f of ['', '#', undefined]) {
    const r = parseState(f, opts);
    assert.equal(r.empty, true);
    assert.deepEqual(r.ignored, []);
    assert.deepEqual(r.state, defaultState(FUNCTIONS));
  }
});

test('compact optimizers drop Keras defaults and expand back exactly', () => {
  for (const { optimizer } of [...defaultState().configs, ...richState().configs]) {
    const c = compactOptimizer(optimizer);
    assert.deepEqual(expandOptimizer(c), optimizer);
  }
  assert.deepEqual(compactOptimizer(defaultState().configs[0].optimizer), { name: 'adam', learning_rate: 0.003, decay: 0.0002 });
  assert.equal(expandOptimizer({ name: 'nope' }), null);
  assert.equal(expandOptimizer('adam'), null);
});

test('malformed fields fall back one by one, with a notice naming each', () => {
  const good = { f: 'beale', n: 700 };
  const cases = [
    [{ f: 'banana' }, 'function'],
    [{ f: 42 }, 'function'],
    [{ k: 0 }, 'condition number'],
    [{ k: 'big' }, 'condition number'],
    [{ s: [1] }, 'start'],
    [{ s: [1, 'x'] }, 'start'],
    [{ s: [1, 1e300] }, 'start'],
    [{ v: [1, 0, 0, 1] }, 'view'],
    [{ v: 'wide' }, 'view'],
    [{ c: [] }, 'configurations'],
    [{ c: {} }, 'configurations'],
    [{ c: [[{ name: 'nope' }]] }, 'configuration 1'],
    [{ c: [[{ name: 'adam', beta_1: 1 }]] }, 'configuration 1'],
    [{ c: [[{ name: 'adam' }, 7]] }, 'configuration 1'],
    [{ n: 0 }, 'steps'],
    [{ n: 1.5 }, 'steps'],
    [{ n: 99999999 }, 'steps'],
    [{ u: 701 }, 'iteration'],
    [{ u: -1 }, 'iteration'],
    [{ p: 'paths,bogus' }, 'panels'],
    [{ p: 3 }, 'panels'],
    [{ o: 'yes' }, 'epoch table'],
    [{ d: 0 }, 'dataset size'],
    [{ b: 'x' }, 'batch size'],
    [{ e: 201 }, 'epochs'],
    [{ l: 2 }, 'lr log scale'],
    [{ z: null }, 'step size'],
    [{ q: [1, 2, 3] }, 'calculator'],
    [{ r: 3 }, 'your run'],
    [{ r: { b: 0 } }, 'your run: batch_size'],
    [{ r: { v: 1 } }, 'your run: validation_split'],
    [{ r: { o: { name: 'adam', beta_1: 2 } } }, 'your run: optimizer'],
    [{ r: { x: 1 } }, 'your run: x'],
    [{ zz: 1 }, 'zz'],
  ];
  for (const [bad, field] of cases) {
    const { state, ignored } = parseState(b64({ ...good, ...bad }), opts);
    assert.deepEqual(ignored.map((i) => i.field), [field], JSON.stringify(bad));
    assert.ok(ignored[0].reason.length > 3);
    // The good fields still apply.
    if (!('f' in bad)) assert.equal(state.functionId, 'beale', JSON.stringify(bad));
    if (!('n' in bad)) assert.equal(state.steps, 700, JSON.stringify(bad));
    // The bad field is its default.
    const d = defaultState(FUNCTIONS);
    const key = { f: 'functionId', k: 'conditionNumber', v: 'view', c: 'configs', d: 'datasetSize', b: 'batchSize', e: 'epochs', l: 'lrLog', z: 'showStepSize', o: 'tableOpen', q: 'run', r: 'run' }[Object.keys(bad)[0]];
    if (key) assert.deepEqual(state[key], d[key], JSON.stringify(bad));
  }
});

test('one bad configuration among good ones is dropped alone', () => {
  const { state, ignored } = parseState(b64({ c: [[{ name: 'sgd', learning_rate: 0.1 }], [{ name: 'adam', beta_1: 2 }], [{ name: 'rmsprop' }, 0]] }), opts);
  assert.deepEqual(state.configs.map((c) => [c.optimizer.name, c.visible]), [['sgd', true], ['rmsprop', false]]);
  assert.equal(ignored.length, 1);
  assert.match(describeIgnored(ignored), /configuration 2 \(optimizer\.beta_1: must be in \[0, 1\), got 2\)/);
});

test('unknown panel names are dropped, known ones kept in canonical order', () => {
  const { state, ignored } = parseState(b64({ p: 'lr,bogus,paths,lr' }), opts);
  assert.deepEqual(state.panels, ['paths', 'lr']);
  assert.equal(ignored.length, 1);
  assert.deepEqual(PANELS.slice(0, 2), ['paths', 'lr']);
});

test('version mismatch shows the defaults and says why', () => {
  const frag = serializeState(richState()).replace(/^v1\./, 'v2.');
  const { state, ignored } = parseState(frag, opts);
  assert.deepEqual(state, defaultState(FUNCTIONS));
  assert.equal(ignored.length, 1);
  assert.match(ignored[0].reason, /version 2/);
});

test('garbage fragments never throw and show the defaults with a notice', () => {
  for (const junk of ['#hello', '#v1.', '#v1.!!!!', '#v1.bm90IGpzb24', `#${'v1.' + Buffer.from('[1,2]').toString('base64url')}`, '#v1.//8', '#v', '#%E0%A4%A']) {
    const { state, ignored } = parseState(junk, opts);
    assert.deepEqual(state, defaultState(FUNCTIONS), junk);
    assert.equal(ignored.length, 1, junk);
    assert.equal(ignored[0].field, 'link');
    assert.ok(describeIgnored(ignored).startsWith('Ignored from the link'));
  }
});

test('applyCompact layers attributes over a base state', () => {
  const base = richState();
  const { state, ignored } = applyCompact({ n: 50 }, { functions: FUNCTIONS, validateOptimizer, base });
  assert.deepEqual(ignored, []);
  assert.equal(state.steps, 50);
  assert.equal(state.upto, 50);
  assert.equal(state.functionId, 'ill_conditioned_quadratic');
  // Without new steps the scrubber position is kept.
  const kept = applyCompact({ f: 'beale' }, { functions: FUNCTIONS, validateOptimizer, base });
  assert.equal(kept.state.upto, 321);
});

test('your run: a link carries only what differs from the question, and old links open the default run', () => {
  const s = defaultState(FUNCTIONS);
  s.run.batch_size = 64;
  s.run.optimizer.decay = 1e-4;
  const frag = serializeState(s, FUNCTIONS);
  const compact = JSON.parse(Buffer.from(frag.slice(3), 'base64url').toString());
  assert.deepEqual(compact.r, { o: { name: 'adam', learning_rate: 0.003, decay: 1e-4 }, b: 64 });
  assert.deepEqual(parseState(frag, opts).state.run, s.run);
  // A link made before the strip existed has no `r`.
  assert.deepEqual(parseState(b64({ f: 'beale', n: 700 }), opts).state.run, defaultState(FUNCTIONS).run);
});

test('layout (`y`, new in issue 12): optional, round-trips, and a link without it reads as before', () => {
  const s = richState();
  s.layout = 'figure';
  const { state, ignored } = parseState(serializeState(s), opts);
  assert.deepEqual(ignored, []);
  assert.equal(state.layout, 'figure');
  // The default layout adds nothing to the link: a link made before `y` existed is the same text.
  const full = richState();
  const compact = JSON.parse(Buffer.from(serializeState(full).slice(3), 'base64url').toString());
  assert.equal('y' in compact, false);
  // An old link (no `y`) reads with the full layout and nothing ignored.
  const old = b64({ f: 'beale', n: 700 });
  const read = parseState(old, opts);
  assert.deepEqual(read.ignored, []);
  assert.equal(read.state.layout, 'full');
  assert.equal(read.state.steps, 700);
  // A bad layout falls back to full, named in the notice, and the rest of the link applies.
  const bad = parseState(b64({ y: 'poster', n: 900 }), opts);
  assert.equal(bad.state.layout, 'full');
  assert.equal(bad.state.steps, 900);
  assert.match(describeIgnored(bad.ignored), /layout \(must be one of full, figure\)/);
});

test('a link from the calculator era (q, no r) opens the strip at the calculator\'s numbers', () => {
  const { state, ignored } = parseState(b64({ q: [0.01, 0.001, 5, 1000, 10] }), opts);
  assert.deepEqual(ignored, []);
  assert.equal(state.run.optimizer.learning_rate, 0.01);
  assert.equal(state.run.optimizer.decay, 0.001);
  assert.deepEqual([state.run.samples, state.run.batch_size, state.run.epochs], [1000, 10, 5]);
  // With both, `r` (written by this page) wins.
  assert.equal(parseState(b64({ q: [0.01, 0.001, 5, 1000, 10], r: { b: 64 } }), opts).state.run.batch_size, 64);
});
