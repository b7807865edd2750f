// The User messages a response carries: read after the change committed, with memberships, roles and
// effective permissions, so what a caller gets back is what a later GetUser returns.
import type { AppContext } from '../app-context.ts';
import { permissionNames } from './permissions.ts';
import { toUser, type UserInit } from './user-mapper.ts';
import type { UserRow } from './user-store.ts';
import { userViews } from './user-view.ts';

export async function usersReply(ctx: AppContext, rows: UserRow[]): Promise<UserInit[]> {
  const views = await userViews(ctx.db, rows, permissionNames(ctx));
  return views.map((view) => toUser(view, ctx.environmentId));
}

export async function userReply(ctx: AppContext, row: UserRow): Promise<UserInit> {
  const [user] = await usersReply(ctx, [row]);
  return user as UserInit;
}
