import { Button } from '../../../components/ui/button';
import { useLogout } from '../api/logout';

interface LogoutButtonProps {
  variant?: 'quiet' | 'secondary';
  label?: string;
}

export function LogoutButton({ variant = 'quiet', label = 'Log out' }: LogoutButtonProps) {
  const logout = useLogout();
  return (
    <Button variant={variant} pending={logout.isPending} onClick={() => logout.mutate()}>
      {label}
    </Button>
  );
}
