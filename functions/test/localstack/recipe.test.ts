import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTableJson, tableJsonPath } from '../../scripts/localstack-table';

describe('LocalStack recipe', () => {
  it('creates the table exactly as the DynamoDB adapter defines it', () => {
    expect(readFileSync(tableJsonPath, 'utf8'), 'run: npm run localstack:table -w functions').toBe(
      renderTableJson(),
    );
  });

  it('enables TTL on the attribute the adapters write', () => {
    const script = readFileSync(
      new URL('../../../localstack/init/ready.d/10-create-resources.sh', import.meta.url),
      'utf8',
    );
    expect(script).toContain('AttributeName=expiresAt');
  });
});
