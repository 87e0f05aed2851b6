import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltBundle, bundleAll, bytesByPackage, forbiddenInputs } from '../../scripts/lambda-bundles';
import { MAX_BUNDLE_BYTES } from '../../scripts/lambda-bundling';
import type { FunctionGroup } from '../../src/handlers/http/http-route';
import type { HttpEvent, HttpResult } from '../../src/handlers/http/middleware/types';
import { buildOpenApiDocument } from '../../src/handlers/http/openapi';
import { httpRoutes } from '../../src/routes';
import { groupNeeds } from '../../src/runtime/aws/group-needs';
import { buildHttpApiEvent } from '../../src/runtime/lab/api-gateway-event';

/**
 * Every Lambda function bundled as the CDK app bundles it (esbuild, minified ESM): every function within the
 * team's 450 KB budget, and no HTTP function containing what FORBIDDEN_IN_HTTP_BUNDLES lists (zod classic, pg,
 * PGlite, sharp, SDK clients other than DynamoDB's, Secrets Manager's and API Gateway Management's).
 * `npm run bench:bundles -w functions` prints the full report with cold-start times.
 */
describe('Lambda bundles', () => {
  let bundles: BuiltBundle[] = [];
  let dispose = () => {};

  beforeAll(async () => {
    ({ bundles, dispose } = await bundleAll());
  }, 120_000);
  afterAll(() => dispose());

  it('bundles every function', () => {
    expect(bundles.map((bundle) => bundle.name)).toEqual(
      expect.arrayContaining([
        'system',
        'auth',
        'profile',
        'realtime',
        'photo-uploads',
        'mail-sender',
        'mail-feedback',
      ]),
    );
  });

  it('keeps every package of FORBIDDEN_IN_HTTP_BUNDLES out of every API function', () => {
    const found = bundles
      .filter((bundle) => bundle.kind !== 'photo')
      .flatMap((bundle) =>
        forbiddenInputs(bundle)
          // The mail-sending function is the one place SES v2 is called from (with its SDK client).
          .filter((finding) => !(bundle.name === 'mail-sender' && /client-sesv2\//.test(finding.input)))
          .map((finding) => `${bundle.name}: ${finding.name} (${finding.input})`),
      );
    expect(found).toEqual([]);
  });

  it('bundles the SES client into the mail-sending function only', () => {
    const withSes = bundles
      .filter((bundle) => Object.keys(bundle.metafile.inputs).some((input) => /client-sesv2\//.test(input)))
      .map((bundle) => bundle.name);
    expect(withSes).toEqual(['mail-sender']);
  });

  it('takes the modules of LAMBDA_MODULE_ALIASES from the repository (no STS/SSO clients, no web streams)', () => {
    for (const bundle of bundles) {
      const inputs = Object.keys(bundle.metafile.inputs);
      expect(
        inputs.filter((input) =>
          /node_modules\/@aws-sdk\/(nested-clients|credential-provider-(node|ini|sso))\//.test(input),
        ),
        bundle.name,
      ).toEqual([]);
      expect(
        inputs.some((input) => input.endsWith('bundle-aliases/credential-provider-node.ts')),
        bundle.name,
      ).toBe(true);
      const imports = Object.values(bundle.metafile.inputs).flatMap((input) =>
        input.imports.map((i) => i.path),
      );
      expect(imports, bundle.name).not.toContain('node:stream/web');
    }
  });

  it('serves the OpenAPI document of the route table from the system bundle, without the route table', async () => {
    const system = bundles.find((bundle) => bundle.name === 'system') as BuiltBundle;
    const others =
      /src\/routes\.ts|src\/handlers\/http\/(?!system-routes)[a-z-]+-routes\.ts|src\/services\/(?!auth)/;
    expect(Object.keys(system.metafile.inputs).filter((input) => others.test(input))).toEqual([]);
    const saved = { ...process.env };
    Object.assign(process.env, {
      TABLE_NAME: 'bundle-test',
      JWT_SECRET: 'a-bundle-test-secret-of-32-characters!',
      APP_VERSION: '9.8.7',
      LOG_LEVEL: 'error',
    });
    try {
      const { handler } = (await import(pathToFileURL(system.file).href)) as {
        handler: (event: HttpEvent, context: object) => Promise<HttpResult>;
      };
      const route = httpRoutes.find((candidate) => candidate.path === '/api/openapi.json');
      const event = buildHttpApiEvent(
        {
          method: 'GET',
          path: '/api/openapi.json',
          rawQueryString: '',
          rawHeaders: ['host', 'api.example.com'],
          httpVersion: '1.1',
          body: Buffer.alloc(0),
          client: { sourceIp: '203.0.113.7', protocol: 'https', port: '443', forwardedFor: '203.0.113.7' },
          requestId: 'bundle-test',
          receivedAt: new Date(),
        },
        route ? { route, routeKey: 'GET /api/openapi.json' } : null,
      );
      const result = await handler(event, {});
      expect(result.statusCode).toBe(200);
      expect(JSON.parse(String(result.body))).toEqual(buildOpenApiDocument(httpRoutes, '9.8.7'));
    } finally {
      process.env = saved;
    }
  });

  it('keeps every function within the size budget: the team budget of 450 KB', () => {
    expect(MAX_BUNDLE_BYTES).toBe(450 * 1024);
    const over = bundles
      .filter((bundle) => bundle.bytes > MAX_BUNDLE_BYTES)
      .map(
        (bundle) =>
          `${bundle.name}: ${(bundle.bytes / 1024).toFixed(1)} KB > ${(MAX_BUNDLE_BYTES / 1024).toFixed(0)} KB; ` +
          `largest: ${bytesByPackage(bundle)
            .slice(0, 5)
            .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)} KB`)
            .join(', ')}`,
      );
    expect(over).toEqual([]);
  });

  it('bundles the API Gateway Management client exactly where routes publish events or close sockets (group-needs.ts)', () => {
    // Closing sockets: ending sessions (profile) and a password reset, which ends every session (auth).
    const publishers =
      /src\/services\/(matches\/match-events|photos\/photo-events|chat\/realtime-service|auth\/session-service|account\/password-reset)\.ts$/;
    const client = /node_modules\/@aws-sdk\/client-apigatewaymanagementapi\//;
    const found = bundles.map((bundle) => {
      const inputs = Object.keys(bundle.metafile.inputs);
      return {
        name: bundle.name,
        publishes: inputs.some((input) => publishers.test(input)),
        client: inputs.some((input) => client.test(input)),
        // HTTP groups declare it in group-needs.ts; of the others, the WebSocket and photo functions publish
        // events and the mail functions never do.
        declared:
          bundle.kind === 'http'
            ? Boolean(groupNeeds[bundle.name as FunctionGroup].notifier)
            : bundle.kind !== 'mail',
      };
    });
    expect(
      found.filter((bundle) => bundle.publishes !== bundle.client || bundle.publishes !== bundle.declared),
    ).toEqual([]);
    expect(found.find((bundle) => bundle.name === 'auth')).toMatchObject({ publishes: true, client: true });
    expect(found.find((bundle) => bundle.name === 'system')).toMatchObject({
      publishes: false,
      client: false,
    });
  });

  it('keeps sharp out of the photo bundle (it ships as the linux-arm64 package next to it)', () => {
    const photo = bundles.find((bundle) => bundle.name === 'photo-uploads');
    expect(photo && forbiddenInputs(photo).filter((finding) => finding.name !== 'sharp')).toEqual([]);
    expect(
      Object.keys(photo?.metafile.inputs ?? {}).some((input) => /node_modules\/sharp\//.test(input)),
    ).toBe(false);
  });
});
