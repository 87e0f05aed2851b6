import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesLocalModule from 'aws-ses-v2-local';

export interface SesLocalEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
}

// The package is CommonJS compiled from ES modules: under Node's ESM loader its server is `default.default`.
type StartServer = (config?: { host?: string; port?: number }) => Promise<Server>;
const startServer: StartServer =
  typeof sesLocalModule === 'function'
    ? (sesLocalModule as StartServer)
    : (sesLocalModule as unknown as { default: StartServer }).default;

/**
 * The SES v2 API emulator `aws-ses-v2-local`, started in the test process on a free loopback port: SendEmail
 * is answered like SES, and what was "sent" is listed at `GET /store`.
 */
export async function startSesLocal() {
  const server = await startServer({ host: '127.0.0.1', port: 0 });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    async emails(): Promise<SesLocalEmail[]> {
      const response = await fetch(`${endpoint}/store`);
      return ((await response.json()) as { emails: SesLocalEmail[] }).emails;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
