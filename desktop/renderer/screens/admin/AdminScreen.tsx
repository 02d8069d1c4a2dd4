import type { Account } from '../../session/session.js';
import { Link, usePath } from '../../hooks/use-route.js';
import { Routes } from '../../lib/routes.js';
import { AdminConversations } from './AdminConversations.js';
import { AdminUsers } from './AdminUsers.js';
import { useAdminApi } from './use-admin.js';
import '../../styles/admin.css';

/** The admin section: conversations as stored, and user management. Only admins get here (the server checks too). */
export function AdminScreen({ account }: { account: Account }) {
  const api = useAdminApi(account);
  const users = usePath().includes('tab=users');
  return (
    <div className="page admin">
      <h1>Admin</h1>
      <nav className="admin-tabs" aria-label="Admin">
        <Link to={Routes.admin} aria-current={users ? undefined : 'page'}>
          Conversations
        </Link>
        <Link to={`${Routes.admin}?tab=users`} aria-current={users ? 'page' : undefined}>
          Users
        </Link>
      </nav>
      {users ? <AdminUsers api={api} selfId={account.userId} /> : <AdminConversations api={api} />}
    </div>
  );
}
