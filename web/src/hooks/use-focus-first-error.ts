import { type RefObject, useCallback, useEffect, useState } from 'react';

/**
 * After a failed submit, moves focus to the first invalid control (its error is read with it), or to the
 * form's alert when no field is at fault. Call the returned function after setting the errors.
 */
export function useFocusFirstError(form: RefObject<HTMLFormElement | null>): () => void {
  const [request, setRequest] = useState(0);
  useEffect(() => {
    if (request === 0) return;
    const target =
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form.current?.querySelector<HTMLElement>('[role="alert"]');
    target?.focus();
  }, [request, form]);
  return useCallback(() => setRequest((count) => count + 1), []);
}
