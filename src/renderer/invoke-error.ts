// Errors from the preload API as users should read them. Electron wraps an error thrown in the
// main process as "Error invoking remote method '<channel>': <Name>: <message>"; only the
// message is for people.

const REMOTE_PREFIX = /^Error invoking remote method '[^']*': /;
const ERROR_NAME = /^(?:[A-Z][A-Za-z]*Error|Error): /;

export function invokeErrorMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const message = raw.replace(REMOTE_PREFIX, '').replace(ERROR_NAME, '').trim();
  return message === '' ? 'Something went wrong. Try again.' : message;
}
