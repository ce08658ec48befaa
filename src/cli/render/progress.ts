// Turns apply events into what a person watches: a progress bar on a terminal, one plain line per event in CI.
// Events are secret-free by contract; this module only formats them.
import cliProgress from 'cli-progress';
import type { EventSink, KeywardEvent } from '../../kernel/events.js';
import type { Colors } from '../../app/render/colors.js';

const SHOWN_PLAIN = new Set([
  'apply.action.started',
  'apply.action.finished',
  'apply.action.failed',
  'apply.action.skipped',
  'store.write.retry',
  'store.write.failed',
  'key.rollback',
  'key.rollback.failed',
  'driver.request.retry',
  'apply.finished',
]);
const ENDS_ACTION = new Set(['apply.action.finished', 'apply.action.failed', 'apply.action.skipped']);

export interface ApplyReporter {
  readonly sink: EventSink;
  /** Stops the bar (if any) so following output starts on a clean line. */
  stop(): void;
}

function plainLine(event: KeywardEvent, c: Colors): string {
  const tag = event.level === 'error' ? c.red('error') : event.level === 'warn' ? c.yellow('warn') : 'info';
  return `[keyward] ${tag} ${event.message}\n`;
}

export function applyReporter(
  out: NodeJS.WritableStream & { isTTY?: boolean },
  total: number,
  c: Colors,
): ApplyReporter {
  if (out.isTTY !== true || total === 0) {
    return {
      sink: (event) => {
        if (SHOWN_PLAIN.has(event.code) || event.level === 'error' || event.level === 'warn')
          out.write(plainLine(event, c));
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
      if (event.code === 'apply.action.started') bar.update(done, { current: String(event.data?.['actionId'] ?? '') });
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
