import { describe, expect, it } from 'vitest';
import { deliverabilityNotice } from './email-deliverability';

describe('deliverabilityNotice', () => {
  it('says nothing while mail reaches the address', () => {
    expect(deliverabilityNotice('ok', 'ada@example.test')).toBeNull();
  });

  it('names the address and why mail stopped', () => {
    expect(deliverabilityNotice('bounced', 'ada@example.test')?.text).toMatch(/ada@example\.test bounced/);
    expect(deliverabilityNotice('complained', 'ada@example.test')?.text).toMatch(/marked as spam/);
  });
});
