// The runs whose once-per-epoch snippets scripts/epoch_plan_reference.py EXECUTES (with tf_keras,
// Keras 3 and torch), with the page's own plan (the core's `epochPlan`, from the scalar wasm
// build in www/pkg) and the generator's own code (www/js/codegen.js `epochPlanCode`), so that
// what runs is byte for byte what the page shows. Needs a build (`./scripts/serve.sh` or
// `source scripts/lib.sh; build_wasm`). Run as a program it prints every case:
//
//     node scripts/plan-cases.mjs > /tmp/plan-cases.json
//
// tests/epoch-plan.test.mjs regenerates the same snippets and checks them against the hashes
// recorded in tests/data/epoch_plan_runs.json.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { epochPlanCode } from '../www/js/codegen.js';

/**
 * [name, optimizer, fit]: the question's run (its 1,875 updates per epoch, over 6 epochs rather
 * than 50 so that tf_keras's eager-callback fit runs in minutes) and two others
 * (validation_split, a rate of 1).
 */
export const PLAN_CASES = [
  ['question', { name: 'adam', api: 'legacy', learning_rate: 0.003, decay: 0.0002 }, { samples: 60000, batch_size: 32, epochs: 6, validation_split: 0 }],
  ['sgd-momentum-split', { name: 'sgd', api: 'legacy', learning_rate: 0.01, decay: 0.0001, momentum: 0.9 }, { samples: 50000, batch_size: 128, epochs: 30, validation_split: 0.1 }],
  ['rmsprop-rate-one', { name: 'rmsprop', api: 'legacy', learning_rate: 0.001, decay: 0.01 }, { samples: 1000, batch_size: 10, epochs: 20, validation_split: 0 }],
];

export const sha256 = (s) => createHash('sha256').update(s).digest('hex');

/** The scalar build's `plane` module, instantiated synchronously in Node. */
export async function loadPlane() {
  const wasm = await import('../www/pkg/plane.js');
  wasm.initSync({ module: readFileSync(new URL('../www/pkg/plane_bg.wasm', import.meta.url)) });
  return wasm;
}

/** Every case with the core's plan and the generated snippets. */
export function generatePlanCases(wasm) {
  return PLAN_CASES.map(([name, optimizer, fit]) => {
    const plan = wasm.epochPlan(optimizer, fit);
    if (plan.reason) throw new Error(`${name}: ${plan.reason}`);
    return { name, optimizer, fit, plan, snippets: epochPlanCode(optimizer, plan, fit) };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const wasm = await loadPlane();
  process.stdout.write(JSON.stringify(generatePlanCases(wasm)));
}
