// The CNN page's `?compare=` parameter (www/js/cnn/settings.js): a list of 1 to 4 optimizer
// configurations or `{per_epoch: configuration}`; anything else is refused with a message that
// names the parameter, and an absent one means the default comparison.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCompareParam, parseDataParam } from '../www/js/cnn/settings.js';

test('?compare= takes 1 to 4 configurations, plain or per epoch', () => {
  const adam = { name: 'adam', learning_rate: 0.003, decay: 0.0002 };
  assert.deepEqual(parseCompareParam(null), {});
  assert.deepEqual(parseCompareParam(''), {});
  assert.deepEqual(parseCompareParam(JSON.stringify([adam])), { entries: [adam] });
  const four = [adam, { per_epoch: adam }, { name: 'sgd', learning_rate: 0.01 }, { ...adam, decay: 0.05 }];
  assert.deepEqual(parseCompareParam(JSON.stringify(four)), { entries: four });
});

test('a malformed ?compare= is refused, naming the parameter or the entry', () => {
  const adam = { name: 'adam', learning_rate: 0.003 };
  assert.match(parseCompareParam('[1, 2').error, /^compare: must be a JSON list of optimizer configurations \(/);
  assert.match(parseCompareParam('{}').error, /^compare: must be a JSON list of 1 to 4/);
  assert.match(parseCompareParam('[]').error, /^compare: must be a JSON list of 1 to 4/);
  assert.match(parseCompareParam(JSON.stringify([adam, adam, adam, adam, adam])).error, /^compare: must be a JSON list of 1 to 4/);
  assert.match(parseCompareParam(JSON.stringify([adam, 3])).error, /^compare\[1\]: must be an optimizer configuration/);
  assert.match(parseCompareParam(JSON.stringify([{ per_epoch: { learning_rate: 1 } }])).error, /^compare\[0\]: /);
  assert.match(parseCompareParam(JSON.stringify([[adam]])).error, /^compare\[0\]: /);
});

test('?data= names a .bin file under data/ or is refused', () => {
  assert.deepEqual(parseDataParam(null), { path: 'data/mnist-10k.bin' });
  assert.deepEqual(parseDataParam('data/other.bin'), { path: 'data/other.bin' });
  assert.match(parseDataParam('https://example.com/x.bin').error, /^data: must name a \.bin file under data\//);
  assert.match(parseDataParam('data/../x.bin').error, /^data: /);
});
