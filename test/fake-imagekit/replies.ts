// How the fake answers: ImageKit's JSON shapes, headers and error messages.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export const HELP = 'For support kindly contact us at support@imagekit.io .';

export const MESSAGES = {
  notFound: 'No request found for this requestId.',
  missingKey: 'Your request does not contain private API key.',
  wrongKey: 'Your account cannot be authenticated.',
  invalidUrl: 'The URL is not valid for cache purging.',
  invalidJson: 'Your request body is not valid JSON.',
  missingUrl: 'Missing url parameter.',
  rateLimited: 'You have exceeded the rate limit. Please try again later.',
  serverError: 'Something went wrong on our side. Please try again later.',
  noRoute: 'Not found.',
} as const;

/** Headers every answer carries: a per-call support ID that is NOT a purge request ID. */
function commonHeaders(contentType: string): Record<string, string> {
  return { 'Content-Type': contentType, 'x-ik-requestId': randomUUID() };
}

export function replyJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extraHeaders: Record<string, string> = {},
): void {
  replyText(res, status, 'application/json', JSON.stringify(body), extraHeaders);
}

export function replyError(
  res: ServerResponse,
  status: number,
  message: string,
  extraHeaders: Record<string, string> = {},
): void {
  replyJson(res, status, { message, help: HELP }, extraHeaders);
}

export function replyText(
  res: ServerResponse,
  status: number,
  contentType: string,
  text: string,
  extraHeaders: Record<string, string> = {},
): void {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, {
    ...commonHeaders(contentType),
    'Content-Length': String(body.length),
    ...extraHeaders,
  });
  res.end(body);
}

export const CAPTIVE_PORTAL_PAGE = `<!DOCTYPE html>
<html><head><title>Sign in to the network</title></head>
<body><h1>Welcome</h1><p>Please accept the terms to continue.</p></body></html>
`;
