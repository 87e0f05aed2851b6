import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionGroup, HttpRoute } from '../../handlers/http/http-route';
import { httpRoutes, wsRoutes } from '../../routes';

export { groupNeeds } from './group-needs';

/**
 * How the route table becomes Lambda functions: one function per `group`, bundled from
 * `entries/<group>.ts`. The CDK app and the Lambda-mode tests both read this module, so a route added to
 * `routes.ts` appears as an API Gateway route and in the tests without touching either; a new group fails
 * the tests (and the synth) until its entry file exists. Pure data: no AWS SDK is imported from here.
 */
export const ENTRIES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'entries');

/** The groups of the route table, in table order. */
export const httpFunctionGroups = (routes: readonly HttpRoute[] = httpRoutes): FunctionGroup[] => [
  ...new Set(routes.map((route) => route.group)),
];

export const routesOfGroup = (group: FunctionGroup, routes: readonly HttpRoute[] = httpRoutes): HttpRoute[] =>
  routes.filter((route) => route.group === group);

export const httpEntryFile = (group: FunctionGroup): string => join(ENTRIES_DIR, `${group}.ts`);

/** API Gateway's `$default` route (any unknown method or path) goes here and answers the 404 envelope. */
export const DEFAULT_ROUTE_GROUP: FunctionGroup = 'system';

/** The WebSocket API's one function: a dispatcher over `wsRoutes` (group `realtime`), like the HTTP entries. */
export const REALTIME_ENTRY = join(ENTRIES_DIR, 'realtime.ts');

/** The photo-processing function (S3 ObjectCreated on `uploads/`); it wires blobs and sharp. */
export const PHOTO_EVENTS_ENTRY = join(ENTRIES_DIR, 'photo-uploads.ts');

/** The mail-sending function (SQS mail queue -> SES v2); the only bundle with the SES client. */
export const MAIL_SENDER_ENTRY = join(ENTRIES_DIR, 'mail-sender.ts');

/** The bounce and complaint function (SES configuration-set events -> SNS -> deliverability). */
export const MAIL_FEEDBACK_ENTRY = join(ENTRIES_DIR, 'mail-feedback.ts');

/** The WebSocket route keys the API Gateway WebSocket API gets (route selection `$request.body.action`). */
export const websocketRouteKeys: readonly string[] = wsRoutes.map((route) => route.routeKey);
