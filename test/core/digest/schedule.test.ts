import { describe, expect, it } from "vitest";
import { parseSubscribe } from "../../../src/core/digest/compose-digest.ts";
import {
  duePeriod,
  isTimeZone,
  latestSlot,
  parseTimeOfDay,
  zonedInstant,
} from "../../../src/core/digest/schedule.ts";

const VN = "Asia/Ho_Chi_Minh";
// 2026-11-25 07:30 in Hanoi (UTC+7) is 00:30 UTC.
const at = (iso: string) => Date.parse(iso);

describe("digest schedule", () => {
  it("finds the instant of a local time in a zone, daylight saving included", () => {
    expect(zonedInstant({ year: 2026, month: 11, day: 25 }, 7, 30, VN)).toBe(at("2026-11-25T00:30:00Z"));
    // Berlin: UTC+1 in winter, UTC+2 in summer.
    expect(zonedInstant({ year: 2026, month: 1, day: 15 }, 7, 30, "Europe/Berlin")).toBe(
      at("2026-01-15T06:30:00Z"),
    );
    expect(zonedInstant({ year: 2026, month: 7, day: 15 }, 7, 30, "Europe/Berlin")).toBe(
      at("2026-07-15T05:30:00Z"),
    );
    // 02:30 does not exist on 2026-03-29 in Berlin: the first instant after the gap.
    expect(zonedInstant({ year: 2026, month: 3, day: 29 }, 2, 30, "Europe/Berlin")).toBe(
      at("2026-03-29T01:30:00Z"),
    );
  });

  it("owes the latest slot only: today's once passed, else yesterday's", () => {
    const time = { hour: 7, minute: 30, timeZone: VN };
    expect(latestSlot(at("2026-11-25T00:30:00Z"), time)).toEqual({
      period: "2026-11-25",
      at: at("2026-11-25T00:30:00Z"),
    });
    expect(latestSlot(at("2026-11-25T00:29:59Z"), time).period).toBe("2026-11-24");
    // 23:30 in Hanoi on the 24th is already the 25th's early hours in no zone but UTC: periods are local.
    expect(latestSlot(at("2026-11-24T16:45:00Z"), { hour: 23, minute: 30, timeZone: VN }).period).toBe(
      "2026-11-24",
    );
  });

  it("is due once per period, never before the subscription began", () => {
    const subscription = {
      hour: 7,
      minute: 30,
      timeZone: VN,
      since: at("2026-11-24T00:00:00Z"),
      lastPeriod: null,
    };
    expect(duePeriod(at("2026-11-25T00:30:00Z"), subscription)?.period).toBe("2026-11-25");
    expect(duePeriod(at("2026-11-25T00:31:00Z"), { ...subscription, lastPeriod: "2026-11-25" })).toBeNull();
    // Subscribed at 08:00 for 07:30: tomorrow, not at once.
    expect(
      duePeriod(at("2026-11-25T01:05:00Z"), { ...subscription, since: at("2026-11-25T01:00:00Z") }),
    ).toBeNull();
    // Down from 07:00 to 09:00: one digest when back.
    expect(duePeriod(at("2026-11-25T02:00:00Z"), { ...subscription, lastPeriod: "2026-11-24" })?.period).toBe(
      "2026-11-25",
    );
    // Down for three days: one digest, for the latest period.
    expect(duePeriod(at("2026-11-28T02:00:00Z"), { ...subscription, lastPeriod: "2026-11-24" })?.period).toBe(
      "2026-11-28",
    );
  });

  it("reads times, zones and topics from /subscribe, and says what is wrong", () => {
    expect(parseTimeOfDay("7:30")).toEqual({ hour: 7, minute: 30 });
    expect(parseTimeOfDay("18h")).toEqual({ hour: 18, minute: 0 });
    expect(parseTimeOfDay("25:99")).toBeNull();
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    const defaults = { hour: 7, minute: 30 };
    expect(parseSubscribe("", defaults)).toEqual({
      ok: true,
      request: { hour: 7, minute: 30, timeZone: VN, topics: [] },
    });
    expect(parseSubscribe("18:00 Europe/Berlin chuyển đổi số, SIPAS", defaults)).toEqual({
      ok: true,
      request: { hour: 18, minute: 0, timeZone: "Europe/Berlin", topics: ["chuyển đổi số", "SIPAS"] },
    });
    expect(parseSubscribe("chuyen doi so", defaults)).toMatchObject({
      ok: true,
      request: { topics: ["chuyen doi so"] },
    });
    expect(parseSubscribe("25:99", defaults)).toEqual({
      ok: false,
      problem: "«25:99» không phải giờ hợp lệ",
    });
    expect(parseSubscribe("07:30 Mars/Olympus", defaults)).toEqual({
      ok: false,
      problem: "không biết múi giờ «Mars/Olympus»",
    });
  });
});
