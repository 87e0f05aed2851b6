// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi, json } from '../../../testing/fake-api';
import { renderWithApp } from '../../../testing/render';
import { ReportUserButton } from './report-user-button';

const BEA = '01HZX3K5B7Q9W2E4R6T8Y0M1BB';

function openReport() {
  const onReported = vi.fn();
  renderWithApp(<ReportUserButton userId={BEA} displayName="Bea" onReported={onReported} />);
  fireEvent.click(screen.getByRole('button', { name: 'Report' }));
  const dialog = screen.getByRole('dialog', { name: 'Report Bea' });
  return { dialog, onReported };
}

describe('report button', () => {
  it('asks for a reason before sending, with focus on it', async () => {
    const server = fakeApi();
    const { dialog } = openReport();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Send report' }));

    const reason = within(dialog).getByRole('combobox', { name: 'Reason' });
    expect(reason).toHaveAccessibleDescription(/Choose a reason/);
    await waitFor(() => expect(reason).toHaveFocus());
    expect(server.calls).toEqual([]);
  });

  it('sends the reason and trimmed details, then closes', async () => {
    const server = fakeApi({
      'POST /api/reports': json(201, {
        reportId: '01HZX3K5B7Q9W2E4R6T8Y0M1RR',
        createdAt: '2026-11-25T12:00:00.000Z',
      }),
    });
    const { dialog, onReported } = openReport();

    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Reason' }), { target: { value: 'spam' } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'What happened? (optional)' }), {
      target: { value: '  Sells crypto  ' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send report' }));

    await waitFor(() => expect(onReported).toHaveBeenCalled());
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(server.calls).toEqual([
      {
        method: 'POST',
        path: '/api/reports',
        body: { userId: BEA, reason: 'spam', details: 'Sells crypto' },
      },
    ]);
  });
});
