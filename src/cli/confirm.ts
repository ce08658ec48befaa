// Asks a person on a terminal to confirm, Terraform style: only "yes" proceeds.
// Ctrl-C or Ctrl-D at the prompt is a "no", never an unexpected failure.
import { createInterface } from 'node:readline/promises';
import type { CliIo } from './io.js';

export async function confirm(io: CliIo, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stdout, terminal: io.stdin.isTTY === true });
  // Ctrl-D (or stdin closing) ends the question without an answer; Ctrl-C arrives as the interface's SIGINT.
  const ended = new Promise<string>((resolve) => {
    rl.once('close', () => resolve(''));
    rl.once('SIGINT', () => resolve(''));
  });
  try {
    const asked = rl
      .question(`${question}\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: `)
      .catch(() => '');
    const answer = await Promise.race([asked, ended]);
    return answer.trim() === 'yes';
  } finally {
    rl.close();
  }
}
