import { createApiGatewayNotifier } from '../../adapters/apigw/apigw-notifier';
import { systemClock } from '../../ports/clock';
import type { Notifier } from '../../ports/notifier';
import type { NotifierWiring } from './adapters';

/**
 * PostToConnection to every live connection of the recipients (the table knows them), through the API
 * Gateway Management client: in its own module so that only the entries whose routes publish events bundle
 * the client (group-needs.ts).
 */
export const apiGatewayNotifier = (wiring: NotifierWiring): Notifier =>
  createApiGatewayNotifier({
    callbackUrl: wiring.callbackUrl,
    connections: wiring.connections,
    clock: systemClock,
    log: wiring.log,
    clientConfig: { region: wiring.region },
  });
