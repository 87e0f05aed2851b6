import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { it } from 'vitest';
import { createTable } from '/work/main/functions/src/adapters/dynamodb/table';
import { dynamoDbLocalClientConfig, startDynamoDbLocal } from '/work/main/functions/test/support/dynamodb-local';
it('times', async () => {
  let t = Date.now();
  const local = await startDynamoDbLocal();
  console.log('start', Date.now() - t); t = Date.now();
  const client = new DynamoDBClient(dynamoDbLocalClientConfig(local.endpoint));
  await createTable(client, 'timing');
  console.log('createTable', Date.now() - t); t = Date.now();
  await local.stop();
  console.log('stop', Date.now() - t);
}, 60000);
