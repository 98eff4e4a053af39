/**
 * The connector under test as a child process: started from the `--command` shell command with
 * the mock's coordinates in its environment, its output kept (secrets redacted) as evidence, and
 * its whole process tree ended at the close of the run.
 *
 * ## Connector environment contract
 *
 * The harness runs `--command` through the shell (`spawn(command, { shell: true })`), in its own
 * process group, with the harness's environment (minus its own `TPB_*` settings) plus:
 *
 * | variable | alias | value |
 * |---|---|---|
 * | `TPB_CSDS_DOMAIN` | `LP_CSDS` | `host:port` of the mock CSDS; pass it as node-agent-sdk `csdsDomain` |
 * | `TPB_ACCOUNT_ID` | `LP_ACCOUNT` | the mock account id (`accountId`) |
 * | `TPB_USERNAME` | `LP_USER` | login name of the bot agent created for the connector (`username`) |
 * | `TPB_PASSWORD` | `LP_PASS` | its password (`password`) |
 * | `TPB_TRANSFER_SKILL_ID` | | id of a skill to transfer to (`Skill UPDATE` takes the id) |
 * | `TPB_TRANSFER_SKILL` | | the name of that skill |
 * | `TPB_SESSION_TTL_MS` | | the session TTL the mock issues to this process (login `sessionTTl`): 8 h like LivePerson, unless the run sets a shorter one for UMS-13 |
 * | `NODE_EXTRA_CA_CERTS` | | path of the mock's CA certificate (PEM), so that Node trusts its HTTPS and WSS |
 *
 * The connector must log in through CSDS (`agentVep`, then `asyncMessagingEnt` or `facadeMsg`),
 * go ONLINE, subscribe, and answer the consumers of its skill. Its stdout and stderr are kept (the
 * last 64 KiB, with the password, bearers and csrf tokens replaced by `[redacted]`) and shown as
 * evidence when a rule fails. At the end of the run the harness sends SIGTERM to the process
 * group and SIGKILL after a grace period (2 s).
 *
 * @see docs/spec/ums.md#2-transport-security §2 (NODE_EXTRA_CA_CERTS), §3 (CSDS)
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';

/** The values the harness hands the connector (see the contract above). */
export interface ConnectorEnvironment {
  csdsDomain: string;
  accountId: string;
  username: string;
  password: string;
  transferSkillId: string;
  transferSkill: string;
  sessionTtlMs: number;
  caCertPath: string;
}

/** The environment variables of the contract, with their aliases. */
export function connectorVariables(values: ConnectorEnvironment): Record<string, string> {
  return {
    TPB_CSDS_DOMAIN: values.csdsDomain,
    TPB_ACCOUNT_ID: values.accountId,
    TPB_USERNAME: values.username,
    TPB_PASSWORD: values.password,
    TPB_TRANSFER_SKILL_ID: values.transferSkillId,
    TPB_TRANSFER_SKILL: values.transferSkill,
    TPB_SESSION_TTL_MS: String(values.sessionTtlMs),
    NODE_EXTRA_CA_CERTS: values.caCertPath,
    LP_CSDS: values.csdsDomain,
    LP_ACCOUNT: values.accountId,
    LP_USER: values.username,
    LP_PASS: values.password,
  };
}

/** How the process ended. */
export interface ConnectorExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Epoch ms. */
  at: number;
  /** Set when the command could not be started at all. */
  error?: string;
}

export interface ConnectorProcessOptions {
  /** The shell command. */
  command: string;
  /** Variables added to the inherited environment. */
  variables: Record<string, string>;
  /** Values never shown in the captured output; asked each time the output is read. */
  secrets: () => Iterable<string>;
  /** Characters of output kept (the most recent); default 64 KiB. */
  outputLimit?: number;
}

interface ConnectorProcessEvents {
  exit: [exit: ConnectorExit];
  /** New output arrived. */
  output: [];
}

/**
 * One run of the connector command.
 *
 * @example
 * const connector = ConnectorProcess.start({ command: 'node bot.cjs', variables, secrets: () => [password] });
 * connector.on('exit', (exit) => …);
 * await connector.stop();
 */
export class ConnectorProcess extends EventEmitter<ConnectorProcessEvents> {
  readonly startedAt = Date.now();
  readonly command: string;
  /** Whether the harness asked it to stop (its exit is then no finding). */
  stopRequested = false;
  readonly #child: ChildProcess;
  readonly #secrets: () => Iterable<string>;
  readonly #limit: number;
  readonly #killOnExit = () => this.#killGroup('SIGKILL');
  #output = '';
  #exit: ConnectorExit | undefined;
  #stopping: Promise<ConnectorExit> | undefined;

  private constructor(options: ConnectorProcessOptions) {
    super();
    this.command = options.command;
    this.#secrets = options.secrets;
    this.#limit = options.outputLimit ?? 64 * 1024;
    this.#child = spawn(options.command, {
      shell: true,
      // Its own process group, so that the whole tree (shell, node, grandchildren) can be ended.
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...inheritedEnvironment(), ...options.variables },
      windowsHide: true,
    });
    this.#child.stdout?.on('data', (chunk: Buffer) => this.#append(chunk.toString('utf8')));
    this.#child.stderr?.on('data', (chunk: Buffer) => this.#append(chunk.toString('utf8')));
    this.#child.once('error', (error) => this.#exited(null, null, error.message));
    // `close`, not `exit`: it comes once every process holding the output pipes (grandchildren
    // included) is gone, so an ended connector has no survivors.
    this.#child.once('close', (code, signal) => this.#exited(code, signal));
    // A harness that dies leaves no connector behind.
    process.once('exit', this.#killOnExit);
  }

  /** Starts the command; a command that cannot start shows up as an early `exit`. */
  static start(options: ConnectorProcessOptions): ConnectorProcess {
    return new ConnectorProcess(options);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** How it ended; undefined while it runs. */
  get exit(): ConnectorExit | undefined {
    return this.#exit;
  }

  /** Its stdout and stderr so far (interleaved, most recent part), secrets redacted. */
  output(): string {
    return redact(this.#output, this.#secrets());
  }

  /** Ends the process tree: SIGTERM to the group, SIGKILL after `graceMs`; idempotent. */
  stop(graceMs = 2000): Promise<ConnectorExit> {
    this.stopRequested = true;
    this.#stopping ??= (async () => {
      if (!this.#exit) {
        this.#killGroup('SIGTERM');
        const ended = new Promise<void>((resolve) => this.once('exit', () => resolve()));
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        });
        await Promise.race([ended, grace]);
        clearTimeout(timer);
      }
      // Grandchildren outlive the shell when it does not forward the signal.
      this.#killGroup('SIGKILL');
      if (!this.#exit) await new Promise<void>((resolve) => this.once('exit', () => resolve()));
      process.off('exit', this.#killOnExit);
      return this.#exit as ConnectorExit;
    })();
    return this.#stopping;
  }

  #append(text: string): void {
    this.#output += text;
    if (this.#output.length > this.#limit) this.#output = this.#output.slice(-this.#limit);
    this.emit('output');
  }

  #exited(code: number | null, signal: NodeJS.Signals | null, error?: string): void {
    if (this.#exit) return;
    this.#exit = { code, signal, at: Date.now(), ...(error ? { error } : {}) };
    this.emit('exit', this.#exit);
  }

  #killGroup(signal: NodeJS.Signals): void {
    const pid = this.#child.pid;
    if (pid === undefined) return;
    try {
      if (process.platform === 'win32') {
        spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore' });
      } else {
        process.kill(-pid, signal);
      }
    } catch {
      // ESRCH: the group is gone already.
    }
  }
}

/** The harness's environment without its own settings (`TPB_*` may hold its secrets). */
function inheritedEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('TPB_')) env[key] = value;
  }
  return env;
}

/** Replaces every secret (and any brand-path bearer) in `text` by `[redacted]`. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  const sorted = [...new Set(secrets)].filter((secret) => secret.length >= 4);
  sorted.sort((a, b) => b.length - a.length);
  for (const secret of sorted) out = out.split(secret).join('[redacted]');
  return out.replace(/(\/messaging\/brand\/)[^/?#\s"']+/g, '$1[redacted]');
}
