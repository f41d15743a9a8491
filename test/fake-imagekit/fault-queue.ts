// Faults injected on demand: queued, and consumed by the next requests they match.

export type FaultKind =
  /** 400 "No request found for this requestId." */
  | 'not_found'
  /** 401 "Your request does not contain private API key." */
  | 'unauthorized'
  /** 403 with `message` (default "Your account cannot be authenticated."). */
  | 'forbidden'
  /** 429 with X-RateLimit-Limit, X-RateLimit-Interval and X-RateLimit-Reset (ms). */
  | 'rate_limited'
  /** `status` 500 (default) or any 5xx, with a JSON error body. */
  | 'server_error'
  /** Any other HTTP error: `status` (default 404) with `message` (default "Not found."). */
  | 'http_error'
  /** The socket is destroyed without an answer. */
  | 'reset'
  /** No answer, ever; the connection is dropped when the server closes. */
  | 'hang'
  /** 200 with a text/html page (a captive portal, a proxy). */
  | 'html'
  /** 200 application/json whose body is cut short (valid Content-Length, invalid JSON). */
  | 'truncated'
  /** Status spelled the old way: "Complete" for a completed purge, "pending" for a pending one. */
  | 'old_spelling'
  /** Status requests: 200 `{"status": statusValue}` (default "Queued"), a value the docs never show. */
  | 'unusual_status';

export type Endpoint = 'status' | 'submit';

export interface FaultOptions {
  /** Only status requests for this purge request ID (decoded) match. */
  requestId?: string;
  /** Only requests to this endpoint match. Default: both. */
  endpoint?: Endpoint;
  /** Only requests carrying this account's key (refused or not) match. Default: any request. */
  account?: string;
  /** How many matching requests the fault applies to (default 1; Infinity for all). */
  times?: number;
  /** `server_error`: a 5xx status (default 500). `http_error`: any 4xx/5xx status (default 404). */
  status?: number;
  /** `forbidden`, `server_error`, `http_error`, `rate_limited`: the message in the JSON body. */
  message?: string;
  /** `unusual_status`: the status value answered (default "Queued"). */
  statusValue?: string;
  /** `rate_limited`: X-RateLimit-Reset in milliseconds (default 1000); null leaves the header out. */
  resetMs?: number | null;
  /** `rate_limited`: a Retry-After header (seconds or an HTTP date), as a proxy may send; none by default. */
  retryAfter?: string;
  /** `rate_limited`: the answer's Date header (default: the server's clock); null leaves it out. */
  date?: string | null;
  /** `rate_limited`: X-RateLimit-Limit (default: the endpoint's advertised limit). */
  limit?: number;
  /** `rate_limited`: X-RateLimit-Interval in ms (default: the endpoint's advertised interval). */
  intervalMs?: number;
}

export interface Fault extends FaultOptions {
  kind: FaultKind;
}

interface QueuedFault {
  fault: Fault;
  remaining: number;
}

export class FaultQueue {
  private queue: QueuedFault[] = [];

  add(kind: FaultKind, options: FaultOptions = {}): void {
    const times = options.times ?? 1;
    if (!(times >= 1)) throw new RangeError('times must be at least 1 (or Infinity).');
    const lowest = kind === 'server_error' ? 500 : 400;
    if ((kind === 'server_error' || kind === 'http_error') && options.status !== undefined) {
      if (!(
        Number.isInteger(options.status) &&
        options.status >= lowest &&
        options.status <= 599
      )) {
        throw new RangeError(`A ${kind} status must be a code from ${lowest} to 599.`);
      }
    }
    this.queue.push({ fault: { ...options, kind }, remaining: times });
  }

  /** The first queued fault matching this request, counted as used; undefined when none does.
   * `account`: the account whose key the request carries, if any. */
  take(endpoint: Endpoint, requestId: string | undefined, account?: string): Fault | undefined {
    const index = this.queue.findIndex(
      ({ fault }) =>
        (fault.endpoint === undefined || fault.endpoint === endpoint) &&
        (fault.requestId === undefined || fault.requestId === requestId) &&
        (fault.account === undefined || fault.account === account),
    );
    const entry = this.queue[index];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.queue.splice(index, 1);
    return entry.fault;
  }

  get size(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue = [];
  }
}
