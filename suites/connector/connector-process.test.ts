/**
 * The connector's process (ums.md §2: NODE_EXTRA_CA_CERTS before Node starts): the harness hands
 * it the environment contract with its aliases, keeps its output with secrets redacted, and ends
 * the whole process tree.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConnectorProcess, connectorVariables } from './connector-process.ts';

const node = `"${process.execPath}"`;

/** A shell command running a Node script given as source. */
function nodeScript(source: string): string {
  return `${node} -e "${source.replaceAll('"', '\\"')}"`;
}

function waitForOutput(run: ConnectorProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = run.output().match(pattern);
      if (!match) return;
      clearTimeout(timer);
      run.off('output', check);
      resolve(match);
    };
    const timer = setTimeout(() => {
      run.off('output', check);
      reject(new Error(`Timed out waiting for ${pattern} in the output: ${run.output()}`));
    }, 10_000);
    run.on('output', check);
    check();
  });
}

/** Whether a process is gone (or a zombie waiting to be reaped, which holds nothing any more). */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? false;
  } catch {
    return true;
  }
}

describe('ConnectorProcess', { timeout: 20_000 }, () => {
  it('hands the connector the TPB_* variables and their LP_* aliases, and redacts the password', async () => {
    const variables = connectorVariables({
      csdsDomain: '127.0.0.1:1234',
      accountId: '12345678',
      username: 'bot-user',
      password: 'very-secret-password',
      transferSkillId: '1000002',
      transferSkill: 'human',
      sessionTtlMs: 28_800_000,
      caCertPath: '/tmp/ca.pem',
    });
    const run = ConnectorProcess.start({
      command: nodeScript(
        'const e = process.env; process.stdout.write(JSON.stringify([e.TPB_CSDS_DOMAIN, e.LP_CSDS, e.TPB_ACCOUNT_ID, e.LP_ACCOUNT, e.TPB_USERNAME, e.LP_USER, e.TPB_PASSWORD, e.LP_PASS, e.TPB_TRANSFER_SKILL_ID, e.TPB_TRANSFER_SKILL, e.TPB_SESSION_TTL_MS, e.NODE_EXTRA_CA_CERTS]))',
      ),
      variables,
      secrets: () => ['very-secret-password'],
    });
    await new Promise((resolve) => run.once('exit', resolve));
    expect(run.exit?.code).toBe(0);
    // Node itself warns on stderr that /tmp/ca.pem does not exist: read the JSON line only.
    expect(JSON.parse(run.output().match(/\[.*\]/)?.[0] ?? 'null')).toEqual([
      '127.0.0.1:1234',
      '127.0.0.1:1234',
      '12345678',
      '12345678',
      'bot-user',
      'bot-user',
      '[redacted]',
      '[redacted]',
      '1000002',
      'human',
      '28800000',
      '/tmp/ca.pem',
    ]);
    await run.stop();
  });

  it.skipIf(process.platform === 'win32')(
    'ends the whole process tree, a grandchild that ignores SIGTERM included',
    async () => {
      const run = ConnectorProcess.start({
        command: nodeScript(
          "const c = require('node:child_process').spawn(process.execPath, ['-e', 'process.on(\\'SIGTERM\\', () => {}); setInterval(() => {}, 1000)'], { stdio: 'inherit' }); console.log('child ' + c.pid); setInterval(() => {}, 1000)",
        ),
        variables: {},
        secrets: () => [],
      });
      const [, pid] = await waitForOutput(run, /child (\d+)/);
      const exit = await run.stop(300);
      expect(exit.code === 0 && exit.signal === null).toBe(false);
      expect(run.stopRequested).toBe(true);
      // The kernel reaps the killed grandchild a moment after stop() resolves.
      const deadline = Date.now() + 3000;
      while (!isGone(Number(pid)) && Date.now() < deadline)
        await new Promise((resolve) => setImmediate(resolve));
      expect(isGone(Number(pid)), `process ${pid} still runs 3 s after stop()`).toBe(true);
    },
  );
});
