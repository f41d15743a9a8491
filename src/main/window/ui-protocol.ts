// The window's UI is served from `app://purge-watch/…`, mapped onto dist/renderer and nothing
// else: no file:// pages (which could read any file), no remote content, and every answer
// carries a strict Content-Security-Policy header.
import fs from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { UI_HOST, UI_SCHEME } from '../desktop/app-identity';

/** No inline script or style, nothing loaded from anywhere but the app, no network at all. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

type UiAsset = { filePath: string; contentType: string } | { status: 403 | 404 | 405 };

/**
 * Which file of `rendererDir` answers a request, or the status that refuses it. Pure: only
 * GET/HEAD on app://purge-watch/, only known file types, never outside `rendererDir`.
 */
export function resolveUiRequest(url: string, method: string, rendererDir: string): UiAsset {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405 };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 404 };
  }
  if (parsed.protocol !== `${UI_SCHEME}:` || parsed.hostname !== UI_HOST) return { status: 403 };
  const segments: string[] = [];
  for (const raw of parsed.pathname.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { status: 404 };
    }
    if (segment === '.' || segment === '..' || /[\\/\0:]/.test(segment)) return { status: 403 };
    segments.push(segment);
  }
  if (segments.length === 0) segments.push('index.html');
  const root = path.resolve(rendererDir);
  const filePath = path.resolve(root, ...segments);
  if (!filePath.startsWith(root + path.sep)) return { status: 403 };
  const contentType = CONTENT_TYPES[path.extname(filePath).toLowerCase()];
  if (!contentType) return { status: 404 };
  return { filePath, contentType };
}

/** The headers every answer of the UI protocol carries. */
function securityHeaders(contentType?: string): Record<string, string> {
  return {
    ...(contentType ? { 'Content-Type': contentType } : {}),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

/** Answers one request of the UI protocol. */
export async function answerUiRequest(
  request: { url: string; method: string },
  rendererDir: string,
): Promise<Response> {
  const asset = resolveUiRequest(request.url, request.method, rendererDir);
  if ('status' in asset)
    return new Response(null, { status: asset.status, headers: securityHeaders() });
  try {
    const body = await fs.readFile(asset.filePath);
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: securityHeaders(asset.contentType),
    });
  } catch {
    return new Response(null, { status: 404, headers: securityHeaders() });
  }
}

/** Before `ready`: app:// is a standard, secure scheme (an origin of its own, like https). */
export function registerUiScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: UI_SCHEME, privileges: { standard: true, secure: true } },
  ]);
}

/** After `ready`: serve dist/renderer on app://purge-watch/. */
export function serveUi(rendererDir: string): void {
  protocol.handle(UI_SCHEME, (request) => answerUiRequest(request, rendererDir));
}
