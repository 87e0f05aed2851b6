import { Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { CONNECTION_PREFIX, userPartition } from '../../functions/src/adapters/dynamodb/keys';
import { GSI1, GSI2 } from '../../functions/src/adapters/dynamodb/table';
import type { BundledFunction } from './bundled-function';
import { MEDIA_PREFIX, MODERATION_PREFIX, UPLOADS_PREFIX } from './data-stack';
import { acknowledgeWildcards } from './nag';

/** DynamoDB actions the store adapter uses (TransactWriteItems needs those of its parts, no action of its own). */
export const TABLE_DATA_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/**
 * Least privilege for the store: data operations (no Scan, no table management) on the table and its two
 * indexes by name (no `index/*`).
 */
export function grantStoreAccess(bundled: BundledFunction, table: ITableV2): void {
  bundled.role.addToPolicy(
    new PolicyStatement({
      actions: [...TABLE_DATA_ACTIONS],
      resources: [
        table.tableArn,
        `${table.tableArn}/index/${GSI1.indexName}`,
        `${table.tableArn}/index/${GSI2.indexName}`,
      ],
    }),
  );
}

/** The JWT signing key, read-only: the API functions sign and verify access tokens. */
export function grantJwtSecretRead(bundled: BundledFunction, jwtSecret: ISecret): void {
  bundled.role.addToPolicy(
    new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [jwtSecret.secretArn] }),
  );
}

/**
 * What the photo function does to the table (functions/src/adapters/dynamodb/README.md, "Photos" and
 * "Realtime"): GetItem and UpdateItem of the owner's `USER#<id>`/`PHOTOS` item, and for the `photo` event a
 * Query of the owner's `CONN#` items and the DeleteItems that drop a connection gone stale. Nothing else.
 */
export const PHOTO_FUNCTION_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:UpdateItem',
  'dynamodb:Query',
  'dynamodb:DeleteItem',
] as const;

/** The partition keys those items live under (`dynamodb:LeadingKeys` patterns). */
export const PHOTO_FUNCTION_LEADING_KEYS = [userPartition('*'), `${CONNECTION_PREFIX}*`];

/**
 * The photo function's table access: the actions above, on the base table only (no index), and only on items
 * whose partition key is a user's or a connection's (IAM cannot condition on the sort key).
 */
export function grantPhotoItemAccess(bundled: BundledFunction, table: ITableV2): void {
  bundled.role.addToPolicy(
    new PolicyStatement({
      actions: [...PHOTO_FUNCTION_TABLE_ACTIONS],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': PHOTO_FUNCTION_LEADING_KEYS } },
    }),
  );
}

/**
 * The photos bucket, by prefix. The API (`api`) signs presigned POSTs (the upload is authorized by the
 * signer's s3:PutObject), checks and deletes uploads, and deletes renditions or copies them under a new media
 * token (a block; photos stored before media tokens); the photo function (`processor`)
 * reads and deletes uploads and writes and deletes renditions. Neither may list the bucket or touch other keys.
 */
export function grantPhotoObjects(
  bundled: BundledFunction,
  bucketArn: string,
  role: 'api' | 'processor',
): void {
  const uploads = `${bucketArn}/${UPLOADS_PREFIX}*`;
  const media = `${bucketArn}/${MEDIA_PREFIX}*`;
  // Photos kept for moderation (services/moderation/retained-photos.ts): copied, shown to moderators, erased.
  const moderation = `${bucketArn}/${MODERATION_PREFIX}*`;
  const statements =
    role === 'api'
      ? [
          { actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], resources: [uploads] },
          { actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [media] },
          { actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [moderation] },
        ]
      : [
          { actions: ['s3:GetObject', 's3:DeleteObject'], resources: [uploads] },
          { actions: ['s3:PutObject', 's3:DeleteObject'], resources: [media] },
        ];
  for (const statement of statements) bundled.role.addToPolicy(new PolicyStatement(statement));
  acknowledgeWildcards(
    bundled,
    (finding) => /^Resource::arn:.*:s3:::dating-.*-photos-.*\/(uploads|media|moderation)\/\*$/.test(finding),
    'Object keys are per user and photo (uploads/<userId>/<photoId>, media/<mediaToken>/..., ' +
      'moderation/<userId>/<photoId>.webp): the role ' +
      'is limited to these prefixes of the photos bucket, with only the object actions the photo code uses.',
  );
}

/** The origin-verify secret, by name (`-??????` is the random suffix Secrets Manager adds to every ARN). */
export function grantOriginVerifyRead(bundled: BundledFunction, secretName: string): void {
  const stack = Stack.of(bundled);
  const arn = `arn:${stack.partition}:secretsmanager:${stack.region}:${stack.account}:secret:${secretName}-??????`;
  bundled.role.addToPolicy(
    new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [arn] }),
  );
  acknowledgeWildcards(
    bundled,
    (finding) => finding.endsWith(`:secret:${secretName}-??????`),
    'A secret referenced by name: "-??????" only matches the six random characters Secrets Manager appends ' +
      'to the ARN of exactly this secret.',
  );
}

/**
 * PostToConnection on this WebSocket API's stage (the notifier), and DeleteConnection where `close` is set
 * (ending a session closes its connections); connection ids are only known at run time. Stale connections
 * answer 410 and are removed from the table, so posting alone needs no DELETE permission.
 */
export function grantManageConnections(
  bundled: BundledFunction,
  webSocketApiId: string,
  stage: string,
  { close = false }: { close?: boolean } = {},
): void {
  const stack = Stack.of(bundled);
  const connections = (method: 'POST' | 'DELETE') =>
    `arn:${stack.partition}:execute-api:${stack.region}:${stack.account}:${webSocketApiId}/${stage}/${method}/@connections/*`;
  bundled.role.addToPolicy(
    new PolicyStatement({
      actions: ['execute-api:ManageConnections'],
      resources: close ? [connections('POST'), connections('DELETE')] : [connections('POST')],
    }),
  );
  acknowledgeWildcards(
    bundled,
    (finding) => /^Resource::arn:.*:execute-api:.*\/(POST|DELETE)\/@connections\/\*$/.test(finding),
    'Connection ids are created at run time by API Gateway; the role may only POST to (and, for ending ' +
      'sessions, DELETE) connections of this one WebSocket API stage.',
  );
}
