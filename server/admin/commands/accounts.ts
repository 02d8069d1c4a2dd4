import { UsersStore } from '../../accounts/users-store.js';
import { AuditStore } from '../audit-store.js';
import { required, UsageError, type Command } from './command.js';

const setAdmin = (isAdmin: boolean): Command => (db, [name]) => {
  const username = required(name, 'a username');
  const users = new UsersStore(db);
  const user = users.byUsername(username);
  if (!user) throw new UsageError(`no user named ${username}`);
  users.setAdmin(user.id, isAdmin);
  new AuditStore(db).record({ adminId: null, action: isAdmin ? 'admin.grant' : 'admin.revoke', targetType: 'user', targetId: user.id });
  return `${user.username} is ${isAdmin ? 'now an admin' : 'no longer an admin'}`;
};

/** grant, revoke, users. */
export const accountCommands: Record<string, Command> = {
  grant: setAdmin(true),
  revoke: setAdmin(false),
  users: (db, [q = '']) => {
    const { rows, total } = new UsersStore(db).search(q, 1000, 0, [], 'all');
    const lines = rows.map((u) =>
      [u.id, u.username, u.email, u.deactivated_at ? 'deactivated' : u.email_verified_at ? 'active' : 'unverified', u.is_admin ? 'admin' : ''].join('\t'),
    );
    return [...lines, `${total} user(s)`].join('\n');
  },
  backup: async (db, [file]) => {
    const target = required(file, 'a target file');
    const { totalPages } = await db.backup(target);
    return `backed up ${totalPages} pages to ${target}`;
  },
};
