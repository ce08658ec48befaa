// The `exec` secret store: hands the secret to a user command on standard input; describe asks the destination itself.
// The secret goes to stdin only — never argv, never the environment — and is redacted from any stderr it reports.
import { systemClock } from '../../kernel/clock.js';
import { isKeywardError } from '../../kernel/errors.js';
import type { Secret } from '../../kernel/secret.js';
import { realSleep, withRetry } from '../../kernel/retry.js';
import type { SecretMeta, SecretRef, SecretStore, StoreContext, StoredSecret } from '../../core/ports/secret-store.js';
import { expandArgv, type ExecStoreConfig, type Placeholder } from './config.js';
import { parseDescribeOutput } from './describe-output.js';
import { commandFailure, execStoreError, EXIT_TRANSIENT, type Operation } from './errors.js';
import { messageOf, storeError } from '../store-error.js';
import { runCommand, type CommandResult } from './run-command.js';
import { emitStep } from '../step.js';

interface Invocation {
  readonly operation: Operation;
  readonly argv: readonly string[];
  readonly values: Readonly<Partial<Record<Placeholder, string>>>;
  readonly env: Readonly<Record<string, string>>;
  readonly stdin?: string;
}

export class ExecStore implements SecretStore {
  readonly type = 'exec';

  constructor(
    readonly name: string,
    readonly config: ExecStoreConfig,
    private readonly context: StoreContext,
  ) {}

  async write(ref: SecretRef, secret: Secret, meta: SecretMeta): Promise<void> {
    const updatedAt = (this.context.clock ?? systemClock).now().toISOString();
    const values = {
      ...this.lookupValues(ref),
      keyId: meta.keyId,
      serviceUser: meta.serviceUser,
      keyName: meta.keyName,
      generation: String(meta.generation),
      updatedAt,
    };
    const env = {
      KEYWARD_KEY_ID: meta.keyId,
      KEYWARD_SERVICE_USER: meta.serviceUser,
      KEYWARD_KEY_NAME: meta.keyName,
      KEYWARD_GENERATION: String(meta.generation),
      KEYWARD_UPDATED_AT: updatedAt,
    };
    const events = this.context.events;
    emitStep(events, ref, 'exec.write-started', `running the write command for key ${meta.keyId}`, meta.keyId);
    await this.execute(ref, { operation: 'write', argv: this.config.command, values, env, stdin: secret.reveal() });
    emitStep(events, ref, 'exec.command-finished', `the write command for key ${meta.keyId} exited 0`, meta.keyId);
  }

  async describe(ref: SecretRef): Promise<StoredSecret> {
    const result = await this.execute(ref, {
      operation: 'describe',
      argv: this.config.describe,
      values: this.lookupValues(ref),
      env: {},
    });
    try {
      return parseDescribeOutput(result.stdout);
    } catch (error) {
      throw execStoreError(this, ref, 'describe', error);
    }
  }

  async delete(ref: SecretRef): Promise<void> {
    if (this.config.delete === null) {
      throw storeError(
        this,
        ref,
        'store.exec.no-delete',
        `cannot delete: stores.${this.name}.delete is not configured; remove the secret by hand or add a delete command`,
        { source: 'user' },
      );
    }
    emitStep(this.context.events, ref, 'exec.delete-started', 'running the delete command');
    await this.execute(ref, { operation: 'delete', argv: this.config.delete, values: this.lookupValues(ref), env: {} });
    emitStep(this.context.events, ref, 'exec.deleted', 'the delete command exited 0');
  }

  private lookupValues(ref: SecretRef): Partial<Record<Placeholder, string>> {
    return { name: ref.name, store: this.name };
  }

  /** Runs the command, retrying exit 75 with backoff; every failure becomes a KeywardError without the secret. */
  private async execute(ref: SecretRef, call: Invocation): Promise<CommandResult> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(this.context.env)) if (value !== undefined) env[key] = value;
    Object.assign(env, this.config.env, call.env, {
      KEYWARD_OPERATION: call.operation,
      KEYWARD_STORE: this.name,
      KEYWARD_SECRET_NAME: ref.name,
    });
    const argv = expandArgv(call.argv, call.values);
    return withRetry(
      async () => {
        let result: CommandResult;
        try {
          result = await runCommand({
            argv,
            cwd: this.context.baseDir,
            env,
            stdin: call.stdin,
            timeoutMs: this.config.timeoutMs,
          });
        } catch (error) {
          throw storeError(
            this,
            ref,
            'store.exec.spawn',
            `${call.operation}: cannot run ${argv[0]}: ${messageOf(error)}`,
            { source: 'user', cause: error },
          );
        }
        if (!result.timedOut && result.exitCode === 0) return result;
        throw commandFailure(this, ref, { ...call, program: argv[0] ?? '', timeoutMs: this.config.timeoutMs }, result);
      },
      {
        classify: (error) => ({ retry: isKeywardError(error) && error.code === 'store.exec.transient' }),
        sleep: this.context.sleep ?? realSleep,
        onRetry: ({ attempt, delayMs }) =>
          this.context.events?.({
            code: `store.${call.operation}.retry`,
            level: 'warn',
            message: `exec store "${this.name}": ${call.operation} of ${ref.name} asked to be retried (exit ${EXIT_TRANSIENT}); attempt ${attempt + 1} in ${delayMs} ms`,
            data: { store: this.name, secret: ref.name, attempt, delayMs },
          }),
      },
    );
  }
}
