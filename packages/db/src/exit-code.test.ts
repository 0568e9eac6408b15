import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * The embedded PostgreSQL library hooks the process's end to stop its servers, and its exit hook
 * ended every process with 0, whatever exit code the process had set: a test run that failed
 * reported success. patches/async-exit-hook+2.0.1.patch keeps the process's own code.
 */
describe('a process that loaded the test database set-up', () => {
  it('ends with the exit code it set, as a failed test run does', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', "import('./src/testing.ts').then(() => { process.exitCode = 1; })"], {
      cwd: dirname(dirname(fileURLToPath(import.meta.url))),
      encoding: 'utf8',
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: '' });
  });

  it('ends with 0 when nothing failed', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', "import('./src/testing.ts')"], {
      cwd: dirname(dirname(fileURLToPath(import.meta.url))),
      encoding: 'utf8',
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
