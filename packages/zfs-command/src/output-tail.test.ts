import { describe, expect, it } from "vitest";
import { OutputTail } from "./output-tail.js";

describe("OutputTail", () => {
  it("keeps everything below the limit", () => {
    const tail = new OutputTail(16);
    tail.push("cannot ");
    tail.push(Buffer.from("open"));
    expect(tail.text()).toBe("cannot open");
  });

  it("keeps only the last bytes of a long stream", () => {
    const tail = new OutputTail(8);
    for (let i = 0; i < 1000; i++) tail.push("xxxxxxxxxxxxxxxx");
    tail.push("the end!");
    expect(tail.text()).toBe("the end!");
  });

  it("drops a character cut in half at the start", () => {
    const tail = new OutputTail(3);
    tail.push("é€"); // 2 + 3 bytes: the cut leaves the 3 bytes of €
    expect(tail.text()).toBe("€");
    const cut = new OutputTail(4);
    cut.push("é€");
    expect(cut.text()).toBe("€");
  });
});
