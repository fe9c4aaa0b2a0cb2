import { describe, expect, it } from "vitest";
import { SessionSlots } from "./session-slots.js";

describe("SessionSlots", () => {
  it("opens freely until the server first refuses, then queues at that limit", async () => {
    const slots = new SessionSlots();
    await Promise.all([slots.acquire(), slots.acquire(), slots.acquire()]);
    // The third open was refused: two stay open, and that is the limit now.
    expect(slots.refused()).toBe(true);
    expect(slots.open).toBe(2);
    const order: string[] = [];
    const third = slots.acquire().then(() => order.push("third"));
    const fourth = slots.acquire().then(() => order.push("fourth"));
    await Promise.resolve();
    expect(order).toEqual([]);
    slots.release();
    await third;
    expect(order).toEqual(["third"]);
    slots.release();
    await fourth;
    expect(order).toEqual(["third", "fourth"]);
    expect(slots.open).toBe(2);
    slots.release();
    slots.release();
    expect(slots.open).toBe(0);
  });

  it("says waiting cannot help when the server refuses the only channel", async () => {
    const slots = new SessionSlots();
    await slots.acquire();
    expect(slots.refused()).toBe(false);
    expect(slots.open).toBe(0);
  });
});
