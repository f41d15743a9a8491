// Windows toasts. A click on a toast reaches the app as the toast's `launch` arguments, even in
// the Action Center after the app quit (Windows starts the app through Electron's toast
// activator, and `Notification.handleActivation` hands them over). Electron's own toast XML has
// no `launch` attribute, so Purge Watch writes each toast's XML itself (the `toastXml` option),
// with arguments that say where a click leads; this module builds that XML and reads the
// arguments back. Pure.
import { isRequestId } from '../../core/input/request-id';
import type { Notice } from './notification-policy';

/** Where a click on a toast leads, and which notification it was (by id). */
interface ToastClick {
  id: string;
  target: Notice['target'];
}

/** What a notification says, as a toast shows it. */
interface ToastContent {
  title: string;
  body: string;
  /** No sound (the user turned the notification sound off). */
  silent: boolean;
}

/**
 * The toast's XML: a ToastGeneric toast with the title and body (as Electron's own template
 * writes them), silent when asked, whose `launch` arguments carry the click's target in the form
 * Electron's activator reads (`type=click&tag=<id>`, then ours).
 */
export function toastXml(content: ToastContent, click: ToastClick): string {
  const lines = [content.title, content.body].filter((line) => line !== '');
  const texts = lines.map((line) => `<text>${xmlEscaped(line)}</text>`).join('');
  const audio = content.silent ? '<audio silent="true"/>' : '';
  return (
    `<toast launch="${xmlEscaped(toastLaunch(click))}">` +
    `<visual><binding template="ToastGeneric">${texts}</binding></visual>${audio}</toast>`
  );
}

/** The launch arguments of a toast: `type=click&tag=<id>&purge=<requestId>` or `&section=key`. */
export function toastLaunch(click: ToastClick): string {
  const params = new URLSearchParams({ type: 'click', tag: click.id });
  if (click.target.requestId !== undefined) params.set('purge', click.target.requestId);
  if (click.target.section !== undefined) params.set('section', click.target.section);
  return params.toString();
}

/**
 * The click a toast's launch arguments describe, or undefined when they are not one of ours
 * (Electron's own toasts launch with none; anything else is ignored, never trusted further
 * than a request ID's or a section's shape).
 */
export function readToastLaunch(launch: string): ToastClick | undefined {
  const params = new URLSearchParams(launch);
  const id = params.get('tag');
  if (params.get('type') !== 'click' || id === null || !/^[0-9a-f-]{8,64}$/i.test(id)) {
    return undefined;
  }
  const purge = params.get('purge');
  const target: Notice['target'] = {};
  if (purge !== null && isRequestId(purge)) target.requestId = purge;
  if (params.get('section') === 'key') target.section = 'key';
  return { id, target };
}

// Control characters XML 1.0 does not allow (tab, newline and carriage return it does).
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text as XML character data or an attribute value; characters XML 1.0 forbids are dropped. */
function xmlEscaped(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
