// Reads the private key from a terminal without echoing it. The line editing a user expects
// while typing blind: Backspace deletes, Ctrl-U clears, Enter (or Ctrl-D) ends, Ctrl-C cancels.
// Escape sequences (arrow keys, Home/End, bracketed-paste markers) are read whole and ignored,
// so they never end up inside the key; any other control character makes the key refused.
import type { InputStream, OutputStream } from './cli-context';
import { CliError, ExitCode } from './exit-codes';

/** CSI (ESC [ … final byte), SS3 (ESC O x), or ESC with one other character (Alt+key). */
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCE = /^\u001b(?:\[[0-?]*[ -/]*[@-~]|O.|[^[O])/;
// eslint-disable-next-line no-control-regex
const INCOMPLETE_ESCAPE = /^\u001b(?:\[[0-?]*[ -/]*|O)?$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Does this text hold a C0/C1 control character or DEL? */
export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

export function promptHidden(
  stdin: InputStream,
  stderr: OutputStream,
  prompt: string,
): Promise<string> {
  // Echo goes off before the prompt shows: what is typed (or pasted) the moment it appears must
  // not be echoed by a terminal still in its cooked mode.
  stdin.setRawMode?.(true);
  stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed: string[] = [];
    let refused = false;
    let pending = '';
    const onData = (chunk: Buffer | string) => {
      pending += chunk.toString();
      while (pending !== '') {
        if (pending.startsWith('\u001b')) {
          const sequence = ESCAPE_SEQUENCE.exec(pending);
          if (!sequence) {
            if (INCOMPLETE_ESCAPE.test(pending)) return; // the rest is in the next chunk
            pending = pending.slice(1);
            continue;
          }
          pending = pending.slice(sequence[0].length);
          continue;
        }
        const char = String.fromCodePoint(pending.codePointAt(0)!);
        pending = pending.slice(char.length);
        if (char === '\r' || char === '\n' || char === '\u0004') return done();
        if (char === '\u0003') return done(new CliError('cancelled', ExitCode.interrupted));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char === '\u0015') typed = [];
        else if (hasControlCharacters(char)) refused = true;
        else typed.push(char);
      }
    };
    const done = (error?: Error) => {
      stdin.removeListener?.('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause?.();
      stderr.write('\n');
      if (error) reject(error);
      else if (refused) {
        reject(
          new CliError(
            'The key you typed contained control characters and was not stored: type or paste it again.',
            ExitCode.usage,
          ),
        );
      } else resolve(typed.join(''));
    };
    stdin.on?.('data', onData);
    stdin.resume?.();
  });
}
