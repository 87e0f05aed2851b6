import { AccountExport } from '@dating/functions/contract';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

/** Everything stored about me, as the API answers it (`GET /api/me/export`). */
export const exportMyData = (): Promise<AccountExport> =>
  api.request('GET', '/api/me/export', { schema: AccountExport });

/** Saves the export as a JSON file through a temporary object URL (nothing leaves the browser). */
export function downloadJson(data: unknown, fileName: string): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export const useExportMyData = () =>
  useMutation({
    mutationFn: exportMyData,
    onSuccess: (data) => downloadJson(data, `my-dating-data-${data.exportedAt.slice(0, 10)}.json`),
  });
