// Whether a team member has a console open: live sockets on any instance (the adapter asks the
// others), and when one was last open (stored, so it holds across instances and restarts).
import { isTeam } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { rooms } from './broadcast.js';

/** What email notifications need to know about consoles. */
export interface ConsolePresenceReader {
  /** Of `userIds`, those away since `since`: no console open now, and none opened or closed after it. */
  awaySince(userIds: string[], since: Date): Promise<string[]>;
}

/** What the widget's header needs besides: who of the team is online, to show their faces. */
export interface TeamPresenceReader extends ConsolePresenceReader {
  /** The ids of team members with a console socket open on any instance, each once; at most 5 s old. */
  onlineTeam(): Promise<string[]>;
}

/** The widget asks on every open: one cluster-wide socket lookup per instance every 5 s is plenty. */
const TEAM_ONLINE_TTL_MS = 5_000;

/** Stores that `userId`'s console is open at this moment (on connect and on disconnect). */
export async function recordConsoleSeen(ctx: AppContext, user: { id: string; role: Parameters<typeof isTeam>[0]['role'] }): Promise<void> {
  if (!isTeam(user)) return;
  const now = new Date();
  await ctx.db.consolePresence.upsert({ where: { userId: user.id }, create: { userId: user.id, seenAt: now }, update: { seenAt: now } });
}

/** What presence needs of the Socket.IO server: who is in a room, on any instance. */
type RoomReader = { in(room: string | string[]): { fetchSockets(): Promise<{ data: { user: { id: string } } }[]> } };

/** The ids of team members with a console socket open now, on any instance (the adapter asks the others), each once. */
export async function onlineTeamNow(io: RoomReader): Promise<string[]> {
  const sockets = await io.in(rooms.team).fetchSockets();
  return [...new Set(sockets.map((socket) => socket.data.user.id))];
}

export function consolePresence(ctx: AppContext, io: RoomReader): TeamPresenceReader {
  let cached: { at: number; online: Promise<string[]> } | undefined;
  const onlineTeam = () => {
    if (!cached || Date.now() - cached.at > TEAM_ONLINE_TTL_MS) {
      cached = { at: Date.now(), online: onlineTeamNow(io).catch(() => []) };
    }
    return cached.online;
  };
  return {
    onlineTeam,
    async awaySince(userIds, since) {
      if (userIds.length === 0) return [];
      const sockets = await io.in(userIds.map((id) => rooms.user(id))).fetchSockets();
      const online = new Set(sockets.map((s) => s.data.user.id));
      const seen = await ctx.db.consolePresence.findMany({ where: { userId: { in: userIds }, seenAt: { gte: since } }, select: { userId: true } });
      const recently = new Set(seen.map((s) => s.userId));
      return userIds.filter((id) => !online.has(id) && !recently.has(id));
    },
  };
}
