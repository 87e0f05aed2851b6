import type { FunctionGroup, HttpRoute } from '../../handlers/http/http-route';
import { createHttpDispatcher } from '../../handlers/http/lambda-handler';
import type { HttpEvent, HttpResult } from '../../handlers/http/middleware/types';
import type { OptionalAdapters } from './adapters';
import { depsProvider, getOriginSecret } from './deps';
import { groupNeeds } from './group-needs';
import { checkOrigin, originRefusedResult, originUnavailableResult } from './origin-verify';
import { applyViewerAddress } from './viewer-address';

/**
 * The Lambda handler of one function group, dispatching by `routeKey`. An entry passes the group's slice of
 * the route table, imported from the module that defines it (`authRoutes`, ...) rather than from
 * `routes.ts`: importing the whole table would bundle every feature's services into every function. A test
 * (functions/test/lambda/entries.test.ts) holds each entry to exactly the table's routes of its group.
 * `adapters` must match the group's line in group-needs.ts, which the CDK app grants IAM permissions from.
 */
export function createGroupHandler(
  group: FunctionGroup,
  routes: readonly HttpRoute[],
  adapters: OptionalAdapters = {},
) {
  const strangers = routes.filter((route) => route.group !== group);
  if (routes.length === 0 || strangers.length > 0) {
    throw new Error(
      `Entry of group "${group}" got ${routes.length} routes, ${strangers.length} of another group`,
    );
  }
  if (Boolean(groupNeeds[group].blobs) !== (adapters.blobs !== undefined)) {
    throw new Error(
      `Entry of group "${group}" must ${groupNeeds[group].blobs ? '' : 'not '}wire the blob store (group-needs.ts)`,
    );
  }
  const dispatch = createHttpDispatcher(routes, depsProvider(adapters));
  // Before anything else: a request that did not come through CloudFront gets 403 (origin-verify.ts).
  const handler = async (event: HttpEvent, context: object): Promise<HttpResult> => {
    const origin = await checkOrigin(event.headers, () => getOriginSecret());
    if (origin.outcome === 'refused') return originRefusedResult();
    if (origin.outcome === 'unavailable') return originUnavailableResult(origin.error);
    return dispatch(applyViewerAddress(event, origin.secret), context);
  };
  return Object.assign(handler, { group, routes });
}
