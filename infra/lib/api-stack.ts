import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  WebSocketApi,
  WebSocketRoute,
  WebSocketStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration, WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import {
  type FunctionGroup,
  routeKey,
  type HttpRoute as TableRoute,
} from '../../functions/src/handlers/http/http-route';
import { httpRoutes } from '../../functions/src/routes';
import {
  DEFAULT_ROUTE_GROUP,
  groupNeeds,
  httpEntryFile,
  httpFunctionGroups,
  REALTIME_ENTRY,
  routesOfGroup,
  websocketRouteKeys,
} from '../../functions/src/runtime/aws/function-groups';
import type { GroupNeeds } from '../../functions/src/runtime/aws/group-needs';
import { BundledFunction, REPO_ROOT } from './bundled-function';
import type { StageConfig } from './config';
import { originVerifySecretName } from './data-stack';
import {
  grantJwtSecretRead,
  grantManageConnections,
  grantOriginVerifyRead,
  grantPhotoObjects,
  grantStoreAccess,
} from './grants';
import { acknowledge } from './nag';
import { photosBucketArn, photosBucketName } from './photos-bucket';

/**
 * The WebSocket API's stage is named after the path CloudFront serves it on: the viewer's `/ws` reaches the
 * origin as `/ws`, which IS the stage, so no rewrite is needed (a WebSocket API has no paths of its own).
 */
export const WEBSOCKET_STAGE = 'ws';

export interface ApiStackProps extends StackProps {
  config: StageConfig;
  table: ITableV2;
  jwtSecret: ISecret;
  /** The route table (default: THE route table); tests pass variations. */
  routes?: readonly TableRoute[];
  /** The WebSocket route keys (default: those of `wsRoutes` in the route table). */
  websocketRouteKeys?: readonly string[];
  /** Inline stub code instead of esbuild bundles (template-only tests). */
  stubCode?: boolean;
}

/**
 * The routes that take a password or create an account (login, register, and every `/api/auth/password*`
 * route: change, and reset when it exists): each gets its own stage throttle, far below the stage's, so a
 * credential-stuffing burst is cut at API Gateway before it costs a Lambda invocation and a scrypt hash.
 */
export const isPasswordRoute = (route: Pick<TableRoute, 'method' | 'path'>): boolean =>
  route.method === 'POST' &&
  (route.path === '/api/auth/login' ||
    route.path === '/api/auth/register' ||
    route.path.startsWith('/api/auth/password'));

/** The function group whose routes hash passwords (scrypt): its concurrency is reserved and capped. */
export const PASSWORD_GROUP: FunctionGroup = 'auth';

const routeId = (key: string) => `Route${key.replace(/[^A-Za-z0-9]+/g, '-')}`;

/**
 * The HTTP API (routes generated from functions/src/routes.ts, one Lambda function per route group), the
 * WebSocket API (routes from `wsRoutes`), and their functions. Every function may use the table (data
 * operations only), read the JWT secret and post to WebSocket connections; groups whose routes touch photos
 * (group-needs.ts) may also use the photos bucket's `uploads/` and `media/` objects. Nothing more.
 */
export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  readonly httpStage: HttpStage;
  readonly webSocketApi: WebSocketApi;
  readonly webSocketStage: WebSocketStage;
  readonly httpFunctions = new Map<FunctionGroup, BundledFunction>();
  readonly realtimeFunction: BundledFunction;
  /**
   * The WebSocket API id for other stacks (the photo function notifies owners), as an export with a fixed
   * name: their IAM policies then name it literally, which keeps cdk-nag acknowledgements exact.
   */
  readonly webSocketApiIdExport: string;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const routes = props.routes ?? httpRoutes;
    const logRetention = config.logRetentionDays;

    // --- WebSocket API first: every function gets its callback URL (events go out with PostToConnection) ----
    this.webSocketApi = new WebSocketApi(this, 'WebSocketApi', {
      apiName: `dating-${config.stage}-realtime`,
      description: `Dating app realtime (${config.stage}); served to browsers through CloudFront /ws`,
      routeSelectionExpression: '$request.body.action',
    });
    this.webSocketStage = new WebSocketStage(this, 'WebSocketStage', {
      webSocketApi: this.webSocketApi,
      stageName: WEBSOCKET_STAGE,
      autoDeploy: true,
      throttle: { rateLimit: config.wsThrottleRate, burstLimit: config.wsThrottleBurst },
      accessLogSettings: {
        destination: new LogGroupLogDestination(
          new LogGroup(this, 'WsAccessLogs', { retention: logRetention }),
        ),
      },
    });

    const environment = {
      STAGE: config.stage,
      APP_VERSION: config.appVersion,
      TABLE_NAME: props.table.tableName,
      JWT_SECRET_ARN: props.jwtSecret.secretArn,
      PASSWORD_HASH_COST: String(config.passwordHashCost),
      MODERATION_AUTO_HIDE:
        config.autoHideReporters === 0
          ? 'off'
          : `${config.autoHideReporters}/${config.autoHideWindowSeconds}`,
      PHOTOS_BUCKET: photosBucketName(this, config.stage),
      WEBSOCKET_CALLBACK_URL: this.webSocketStage.callbackUrl,
      ORIGIN_VERIFY_SECRET_ID: originVerifySecretName(config.stage),
      LOG_LEVEL: 'info',
      // Links in account mail; unset until known (a *.cloudfront.net site: config.ts says how to set it).
      ...(config.publicOrigin === undefined ? {} : { PUBLIC_ORIGIN: config.publicOrigin }),
      EMAIL_VERIFICATION: config.emailVerification,
    };
    const makeFunction = (
      name: string,
      entry: string,
      description: string,
      needs: GroupNeeds = {},
      reservedConcurrency?: number,
    ) => {
      if (!existsSync(entry)) {
        throw new Error(
          `Lambda entry ${relative(REPO_ROOT, entry)} is missing: every route group of functions/src/routes.ts ` +
            'needs one (see functions/src/runtime/aws/function-groups.ts)',
        );
      }
      const bundled = new BundledFunction(this, name, {
        entry,
        description,
        memoryMb: config.apiMemoryMb,
        timeout: Duration.seconds(config.apiTimeoutSeconds),
        logRetention,
        environment,
        ...(reservedConcurrency === undefined ? {} : { reservedConcurrency }),
        ...(props.stubCode ? { stubCode: true } : {}),
      });
      grantStoreAccess(bundled, props.table);
      grantJwtSecretRead(bundled, props.jwtSecret);
      grantManageConnections(bundled, this.webSocketApi.apiId, WEBSOCKET_STAGE, {
        close: needs.closeConnections === true,
      });
      grantOriginVerifyRead(bundled, originVerifySecretName(config.stage));
      if (needs.blobs) grantPhotoObjects(bundled, photosBucketArn(this, config.stage), 'api');
      return bundled;
    };

    // --- HTTP API ------------------------------------------------------------------------------------------
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `dating-${config.stage}`,
      description: `Dating app API (${config.stage}); served to browsers through CloudFront /api/*`,
      createDefaultStage: false,
    });
    this.httpStage = new HttpStage(this, 'HttpStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.apiThrottleRate, burstLimit: config.apiThrottleBurst },
      accessLogSettings: {
        destination: new LogGroupLogDestination(
          new LogGroup(this, 'HttpAccessLogs', { retention: logRetention }),
        ),
      },
    });

    const integrations = new Map<FunctionGroup, HttpLambdaIntegration>();
    const passwordRoutes: HttpRoute[] = [];
    for (const group of httpFunctionGroups(routes)) {
      const bundled = makeFunction(
        `Fn-${group}`,
        httpEntryFile(group),
        `${config.stage}: HTTP routes of group "${group}"`,
        groupNeeds[group],
        group === PASSWORD_GROUP ? config.authReservedConcurrency : undefined,
      );
      this.httpFunctions.set(group, bundled);
      const integration = new HttpLambdaIntegration(`Integration-${group}`, bundled.function);
      integrations.set(group, integration);
      for (const route of routesOfGroup(group, routes)) {
        const created = new HttpRoute(this, routeId(routeKey(route)), {
          httpApi: this.httpApi,
          routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
          integration,
        });
        acknowledgeHandlerAuth(created);
        if (isPasswordRoute(route)) passwordRoutes.push(created);
      }
    }
    // Route settings name routes by key, and CloudFormation refuses a key whose route does not exist yet.
    const stage = this.httpStage.node.defaultChild as CfnStage;
    stage.routeSettings = Object.fromEntries(
      routes.filter(isPasswordRoute).map((route) => [
        routeKey(route),
        {
          ThrottlingRateLimit: config.authRouteThrottleRate,
          ThrottlingBurstLimit: config.authRouteThrottleBurst,
        },
      ]),
    );
    for (const route of passwordRoutes) this.httpStage.node.addDependency(route);
    // Anything else (unknown path, or a path without that method) answers the API's 404 envelope.
    const fallback = integrations.get(DEFAULT_ROUTE_GROUP) ?? [...integrations.values()][0];
    if (fallback) {
      const created = new HttpRoute(this, 'RouteDefault', {
        httpApi: this.httpApi,
        routeKey: HttpRouteKey.DEFAULT,
        integration: fallback,
      });
      acknowledgeHandlerAuth(created);
    }

    // --- WebSocket routes ------------------------------------------------------------------------------------
    this.realtimeFunction = makeFunction(
      'Fn-realtime',
      REALTIME_ENTRY,
      `${config.stage}: WebSocket routes ($connect consumes a one-time ticket)`,
    );
    const wsIntegration = new WebSocketLambdaIntegration('WsIntegration', this.realtimeFunction.function);
    for (const key of props.websocketRouteKeys ?? websocketRouteKeys) {
      const created = new WebSocketRoute(this, routeId(`ws ${key}`), {
        webSocketApi: this.webSocketApi,
        routeKey: key,
        integration: wsIntegration,
      });
      acknowledge(
        created,
        'AwsSolutions-APIG4',
        'Browsers cannot send headers on a WebSocket: $connect authenticates with a one-time ticket in the query ' +
          'string, which the $connect handler consumes from the table (docs/architecture.md, Realtime); the other routes ' +
          'act for the connection that ticket authenticated.',
      );
    }

    this.webSocketApiIdExport = this.exportValue(this.webSocketApi.apiId, {
      name: `dating-${config.stage}-websocket-api-id`,
    });

    new CfnOutput(this, 'HttpApiEndpoint', { value: this.httpApi.apiEndpoint });
    new CfnOutput(this, 'WebSocketEndpoint', { value: this.webSocketStage.url });
  }
}

function acknowledgeHandlerAuth(route: HttpRoute) {
  acknowledge(
    route,
    'AwsSolutions-APIG4',
    'Authentication is enforced by the handlers (routes marked auth: true verify the HS256 access token); ' +
      'register, login, refresh, health and docs must be reachable anonymously, and a JWT authorizer needs an ' +
      'OIDC issuer with JWKS, which a symmetric key has not.',
  );
}
