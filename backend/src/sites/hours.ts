// Business hours: whether a moment falls in a site's weekly open ranges, in the site's time zone.
import { WEEKDAYS, type BusinessHoursJson } from '@deskline/contract';

const WEEKDAY_OF: Record<string, (typeof WEEKDAYS)[number]> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

/** Null hours are always open; a range includes its opening minute and excludes its closing one. */
export function isWithinHours(hours: BusinessHoursJson | null, at: Date): boolean {
  if (!hours) return true;
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: hours.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = WEEKDAY_OF[part('weekday')];
  const clock = `${part('hour')}:${part('minute')}`;
  return !!day && hours.week[day].some((range) => range.open <= clock && clock < range.close);
}
