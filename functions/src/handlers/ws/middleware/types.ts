import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Logger } from '../../../ports/logger';
import type { Deps } from '../../../services/deps';
import type { WsEvent, WsResult } from '../ws-route';

/** The Lambda context as the WebSocket middlewares fill it in, before the route runs. */
export interface WsContext extends Context {
  deps: Deps;
  log: Logger;
  connectionId: string;
  userId: string | null;
  frame: unknown;
  /** The frame's `clientMessageId` when it had one: echoed in an `error` event, so the client can match it. */
  clientMessageId?: string;
}

export type WsMiddleware = MiddlewareObj<WsEvent, WsResult, Error, WsContext>;
