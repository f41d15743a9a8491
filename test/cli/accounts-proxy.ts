// Several ImageKit accounts behind one base URL, for the CLI's account tests: a small HTTP proxy
// on 127.0.0.1 that forwards each request to the fake ImageKit whose key it carries (a key no
// fake holds goes to the first, which refuses it). Each fake knows only its own purges, as
// ImageKit's accounts do. Stand-in until the fake itself serves several accounts (branch `fake`:
// startFakeImageKit({ accounts })), which these tests can then use directly.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeImageKit } from '../fake-imagekit/server';

export interface AccountsProxy {
  baseUrl: string;
  close(): Promise<void>;
}

export async function startAccountsProxy(fakes: readonly FakeImageKit[]): Promise<AccountsProxy> {
  const server = createServer((req, res) => {
    const username = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
      .toString()
      .split(':')[0];
    const fake = fakes.find((candidate) => candidate.privateKey === username) ?? fakes[0]!;
    const forwarded = request(
      `${fake.baseUrl}${req.url ?? '/'}`,
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
