import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { Logger } from '../../ports/logger';
import type { Deps } from '../../services/deps';
import type { Schema } from '../http/http-route';

/**
 * The WebSocket API's route keys (route selection expression `$request.body.action`): `$connect` and
 * `$disconnect` by API Gateway, the actions by the frame's `action`, `$default` for anything else.
 */
export const wsRouteKeys = [
  '$connect',
  '$disconnect',
  '$default',
  'sendMessage',
  'typing',
  'markRead',
  'ping',
] as const;
export type WsRouteKey = (typeof wsRouteKeys)[number];

/** The WebSocket API's routes share one Lambda function (one bundle, one warm pool). */
export type WsFunctionGroup = 'realtime';

/**
 * What API Gateway sends a WebSocket integration. `$connect` also carries the upgrade request's headers and
 * query string (the ticket); the aws-lambda types leave the headers out.
 */
export type WsEvent = APIGatewayProxyWebsocketEventV2 & {
  headers?: Record<string, string | undefined>;
};

/**
 * A WebSocket route's Lambda result. Only `$connect`'s status matters (not 2xx: the upgrade is refused);
 * without a route response API Gateway delivers nothing of it to the client, which is why every answer goes
 * through the Notifier (PostToConnection).
 */
export interface WsResult {
  statusCode: number;
  body?: string;
}

type Parsed<S> = S extends Schema ? z.output<S> : undefined;

export interface WsRouteContext<F, Authed extends boolean> {
  deps: Deps;
  log: Logger;
  event: WsEvent;
  connectionId: string;
  /** The user of this connection (looked up by connection id) on routes with `auth: true`. */
  userId: Authed extends true ? string : null;
  /** The frame, validated against `frame`. */
  frame: F;
}

export interface WsRouteDefinition<F extends Schema | undefined, Authed extends boolean> {
  routeKey: WsRouteKey;
  group: WsFunctionGroup;
  summary: string;
  /** Resolve the connection's user before the handler runs (a store read per frame). */
  auth: Authed;
  /** The frame's schema (MESSAGE routes): a frame that fails it gets an `error` event. */
  frame?: F;
  handle(context: WsRouteContext<Parsed<F>, Authed>): Promise<void>;
}

/** A WebSocket route with its types erased, as the route table and the runtimes see it. */
export interface WsRoute {
  routeKey: WsRouteKey;
  group: WsFunctionGroup;
  summary: string;
  auth: boolean;
  frame?: Schema;
  handle(context: WsRouteContext<unknown, boolean>): Promise<void>;
}

export function defineWsRoute<F extends Schema | undefined = undefined, Authed extends boolean = boolean>(
  definition: WsRouteDefinition<F, Authed>,
): WsRoute {
  return definition as unknown as WsRoute;
}
