import { Button } from '../../../components/ui/button';
import { useLogout } from '../api/logout';

export function LogoutButton() {
  const logout = useLogout();
  return (
    <Button variant="quiet" pending={logout.isPending} onClick={() => logout.mutate()}>
      Log out
    </Button>
  );
}
