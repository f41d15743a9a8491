// What a row is called: for a URL its file name and its place (host and folders), for a purge
// tracked by ID the ID; each split for truncation in the middle. Pure; tested as data.
import type { PurgeRequest } from '../shared/purge';

/**
 * What a row is called: for a URL its file name, prominent, and the host and folders, muted;
 * for a purge tracked by ID the ID itself. Each is split in two for truncation in the middle:
 * the head shrinks with an ellipsis, the tail (the end that tells rows apart) always shows.
 */
export interface RowIdentity {
  title: [head: string, tail: string];
  /** The muted line under the title: host and folders of a URL. */
  place: [head: string, tail: string] | undefined;
  /** The title is a request ID (shown in the monospace face). */
  byId: boolean;
}

/** `text` split so that its last `tail` characters always show. */
function middleSplit(text: string, tail: number): [string, string] {
  if (text.length <= tail * 2) return [text, ''];
  return [text.slice(0, -tail), text.slice(-tail)];
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function rowIdentity(purge: Pick<PurgeRequest, 'requestId' | 'url'>): RowIdentity {
  const url = purge.url === undefined ? undefined : parseUrl(purge.url);
  if (!url) {
    if (purge.url !== undefined) {
      return { title: middleSplit(purge.url, 12), place: undefined, byId: false };
    }
    return { title: middleSplit(purge.requestId, 8), place: undefined, byId: true };
  }
  const segments = url.pathname.split('/');
  const file = decoded(segments.pop() ?? '') || '/';
  const folders = decoded(segments.join('/'));
  const lastFolder = folders.slice(folders.lastIndexOf('/', folders.length - 1) + 1);
  return {
    title: middleSplit(`${file}${url.search}`, Math.min(10, Math.ceil(file.length / 2))),
    place: [`${url.host}${folders.slice(0, folders.length - lastFolder.length)}`, `${lastFolder}/`],
    byId: false,
  };
}

function parseUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** A short name for a purge in a sentence: the file name of its URL, or its request ID. */
export function purgeName(purge: Pick<PurgeRequest, 'requestId' | 'url'>): string {
  const { title, byId } = rowIdentity(purge);
  return byId ? purge.requestId : title.join('');
}
