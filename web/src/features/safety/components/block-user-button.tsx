import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { useBlockUser } from '../api/block-user';

interface BlockUserButtonProps {
  userId: string;
  displayName: string;
  onBlocked: () => void;
}

/** Block with a confirmation that says what happens. */
export function BlockUserButton({ userId, displayName, onBlocked }: BlockUserButtonProps) {
  const [confirming, setConfirming] = useState(false);
  const block = useBlockUser({
    mutationConfig: {
      onSuccess: () => {
        setConfirming(false);
        onBlocked();
      },
    },
  });
  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          block.reset();
          setConfirming(true);
        }}
      >
        Block
      </Button>
      <ConfirmDialog
        open={confirming}
        title={`Block ${displayName}?`}
        confirmLabel="Block"
        pending={block.isPending}
        error={block.error?.message ?? null}
        onConfirm={() => block.mutate(userId)}
        onCancel={() => setConfirming(false)}
      >
        Your match ends and you will not see each other anywhere in the app. You can lift the block later in
        Settings.
      </ConfirmDialog>
    </>
  );
}
