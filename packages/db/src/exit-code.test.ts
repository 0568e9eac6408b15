import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * The embedded PostgreSQL library hooks the process's end to stop its servers, and its exit hook
 * ended every process with 0, whatever exit code the process had set: a test run that failed
 * reported success. patches/async-exit-hook+2.0.1.patch keeps the process's own code.
 */
/** Node running `script` in this package after loading the test database set-up. */
const afterSetUp = (script: string) => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('./src/testing.ts').then(() => { ${script} })`], {
    cwd: dirname(dirname(fileURLToPath(import.meta.url))),
    encoding: 'utf8',
  });
  return { status: run.status, stderr: run.stderr };
};

describe('a process that loaded the test database set-up', () => {
  it('ends with the exit code it set, as a failed test run does', () => {
    expect(afterSetUp('process.exitCode = 1;')).toEqual({ status: 1, stderr: '' });
  });

  it('ends with 0 when nothing failed', () => {
    expect(afterSetUp('')).toEqual({ status: 0, stderr: '' });
  });
});
