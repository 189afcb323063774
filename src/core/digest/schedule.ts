/**
 * When digests are due: pure functions of an instant, a local time of day and an IANA time zone, with no
 * clock of their own, so that tests decide what "now" is. Times are computed with Intl (the platform's
 * time-zone data), not with fixed offsets, so daylight-saving zones (Europe/Berlin) are right.
 */

export const DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh";

export interface DailyTime {
  hour: number;
  minute: number;
  timeZone: string;
}

/** Whether the platform knows this IANA zone ("Asia/Ho_Chi_Minh", "Europe/Berlin"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return /\//.test(zone) || zone === "UTC";
  } catch {
    return false;
  }
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock date and time of an instant in a zone. */
export function localParts(at: number, timeZone: string): LocalParts {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/**
 * The instant at which a zone's wall clock shows `hour:minute` on a date. A time skipped by a
 * daylight-saving change resolves to the instant just after the gap.
 */
export function zonedInstant(
  date: { year: number; month: number; day: number },
  hour: number,
  minute: number,
  timeZone: string,
): number {
  const wanted = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const offsetAt = (instant: number) => {
    const local = localParts(instant, timeZone);
    return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second) - instant;
  };
  // The zone's offset half a day before and after: one of them is in force at the wanted time (no zone
  // changes its offset twice within a day).
  const before = wanted - offsetAt(wanted - 43_200_000);
  const after = wanted - offsetAt(wanted + 43_200_000);
  for (const candidate of [before, after].sort((a, b) => a - b)) {
    const local = localParts(candidate, timeZone);
    if (local.hour === hour && local.minute === minute) return candidate;
  }
  // Skipped by a change to summer time: the earlier offset lands just after the gap (02:30 → 03:30).
  return before;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A digest period is the subscriber's local date: "2026-11-25". */
export function periodOf(at: number, timeZone: string): string {
  const local = localParts(at, timeZone);
  return `${local.year}-${pad(local.month)}-${pad(local.day)}`;
}

/**
 * The latest scheduled send at or before `now`: today's time if it has passed, else yesterday's. A bot
 * that was down for three days therefore owes one digest (the latest), not three.
 */
export function latestSlot(now: number, time: DailyTime): { period: string; at: number } {
  const today = localParts(now, time.timeZone);
  const todayAt = zonedInstant(today, time.hour, time.minute, time.timeZone);
  if (todayAt <= now) return { period: periodOf(todayAt, time.timeZone), at: todayAt };
  // Noon of the previous local day, then that day's slot.
  const yesterday = localParts(zonedInstant(today, 12, 0, time.timeZone) - 86_400_000, time.timeZone);
  const at = zonedInstant(yesterday, time.hour, time.minute, time.timeZone);
  return { period: periodOf(at, time.timeZone), at };
}

/**
 * The period a subscription owes a digest for at `now`, or null: the latest slot, if it is not before the
 * subscription began (subscribing at 08:00 for 07:30 starts tomorrow) and not yet delivered.
 */
export function duePeriod(
  now: number,
  subscription: DailyTime & { since: number; lastPeriod: string | null },
): { period: string; at: number } | null {
  const slot = latestSlot(now, subscription);
  if (slot.at < subscription.since) return null;
  if (subscription.lastPeriod !== null && subscription.lastPeriod >= slot.period) return null;
  return slot;
}

/** "07:30", "7h30", "18", "18:00" → hour and minute; null when not a time of day. */
export function parseTimeOfDay(text: string): { hour: number; minute: number } | null {
  const match = /^(\d{1,2})(?:[:hg.](\d{2})?)?$/iu.exec(text.trim());
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = match[2] ? Number(match[2]) : 0;
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}

export function formatTimeOfDay(time: { hour: number; minute: number }): string {
  return `${pad(time.hour)}:${pad(time.minute)}`;
}
