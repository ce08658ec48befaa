// Turns apply events into what a person watches: a progress bar on a terminal, one plain line per event in CI.
// Events are secret-free by contract; this module only formats them.
import cliProgress from 'cli-progress';
import { unhandledEvent, type EventSink, type KeywardEvent } from '../../kernel/events.js';
import type { Colors } from '../../app/render/colors.js';

/** Whether CI's plain log shows an event; a new event code fails the typecheck here until it is decided. */
export function shownInPlainLog(event: KeywardEvent): boolean {
  if (event.level === 'error' || event.level === 'warn') return true;
  switch (event.code) {
    case 'apply.action.started':
    case 'apply.action.finished':
    case 'apply.action.failed':
    case 'apply.action.skipped':
    case 'apply.finished':
    case 'key.rollback':
    case 'key.rollback.failed':
    case 'store.write.retry':
    case 'store.write.failed':
    case 'store.describe.retry':
    case 'store.delete.retry':
    case 'driver.request.retry':
      return true;
    // The per-resource summary after the apply names what these did; the log stays one line per action.
    case 'key.created':
    case 'key.delivered':
    case 'key.retired':
    case 'key.enabled':
    case 'key.disabled':
    case 'key.deleted':
    case 'key.rollback.skipped':
    case 'role.created':
    case 'role.updated':
    case 'role.deleted':
    case 'group.created':
    case 'group.updated':
    case 'group.deleted':
    case 'secret.deleted':
    case 'apply.started':
    case 'secret.kept':
    case 'store.write.verified':
    case 'store.step':
    case 'notifications.notice.created':
    case 'notifications.delivery.sent':
    case 'notifications.delivery.failed':
    case 'notifications.delivery.gave_up':
    case 'notifications.run':
    case 'notifications.run.failed':
      return false;
    default:
      return unhandledEvent(event);
  }
}
const ENDS_ACTION = new Set(['apply.action.finished', 'apply.action.failed', 'apply.action.skipped']);

export interface ApplyReporter {
  readonly sink: EventSink;
  /** Stops the bar (if any) so following output starts on a clean line. */
  stop(): void;
}

function plainLine(event: KeywardEvent, c: Colors): string {
  const tag = event.level === 'error' ? c.red('error') : event.level === 'warn' ? c.yellow('warn') : 'info';
  // The plan printed above gives each action's reason: the log names the action and does not repeat it.
  const text = event.code === 'apply.action.started' ? `start ${event.data.actionId}` : event.message;
  return `[keyward] ${tag} ${text}\n`;
}

export function applyReporter(
  out: NodeJS.WritableStream & { isTTY?: boolean },
  total: number,
  c: Colors,
): ApplyReporter {
  if (out.isTTY !== true || total === 0) {
    return {
      sink: (event) => {
        if (shownInPlainLog(event)) out.write(plainLine(event, c));
      },
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: 'applying [{bar}] {value}/{total} {current}', hideCursor: true, clearOnComplete: false, stream: out },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { current: '' });
  let done = 0;
  return {
    sink: (event) => {
      if (event.code === 'apply.action.started') bar.update(done, { current: event.data.actionId });
      if (ENDS_ACTION.has(event.code)) bar.update(++done, { current: '' });
      if (event.level === 'error' || event.level === 'warn') {
        bar.stop();
        out.write(plainLine(event, c));
        bar.start(total, done, { current: '' });
      }
    },
    stop: () => bar.stop(),
  };
}
