import { chatRoutes } from '../../../handlers/http/chat-routes';
import { apiGatewayNotifier } from '../apigw-notifier';
import { createGroupHandler } from '../http-handler';

/** Conversations (history, send, read markers) and realtime tickets. */
export const handler = createGroupHandler('chat', chatRoutes, { notifier: apiGatewayNotifier });
