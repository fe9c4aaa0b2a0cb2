import { describe, expect, it } from "vitest";
import { parseDatasetLocation, parseHostAddress } from "./host-shorthand.js";

describe("parseHostAddress", () => {
  it.each([
    ["host-storage", { host: "host-storage" }],
    ["backup@host-storage", { host: "host-storage", user: "backup" }],
    ["backup@192.0.2.7", { host: "192.0.2.7", user: "backup" }],
    ["zrelay_1@host.example.net", { host: "host.example.net", user: "zrelay_1" }],
  ])("%j", (text, address) => {
    expect(parseHostAddress(text)).toEqual(address);
  });

  it.each([
    [
      "-oProxyCommand=x",
      "'-oProxyCommand=x' is not a host name (letters, digits, '.', '-', '_'; not starting with '-'); write [user@]host, e.g. backup@host-storage",
    ],
    [
      "@host",
      "'' is not a user name (letters, digits, '.', '-', '_'; not starting with '-' or '.'); write [user@]host, e.g. backup@host-storage",
    ],
    [
      "backup@host-web:tank/www",
      "'backup@host-web:tank/www' has a ':'; write the host as [user@]host and the datasets under their own key (a port goes in source/target)",
    ],
    [
      "back up@host",
      "'back up' is not a user name (letters, digits, '.', '-', '_'; not starting with '-' or '.'); write [user@]host, e.g. backup@host-storage",
    ],
  ])("refuses %j", (text, problem) => {
    expect(parseHostAddress(text)).toBe(problem);
  });
});

describe("parseDatasetLocation", () => {
  it.each([
    ["tank/home", { dataset: "tank/home" }],
    ["tank", { dataset: "tank" }],
    ["host-web:tank/home", { remote: { host: "host-web" }, dataset: "tank/home" }],
    ["backup@host-web:tank", { remote: { host: "host-web", user: "backup" }, dataset: "tank" }],
    // A ':' after the first '/' belongs to the dataset name, as with scp.
    ["tank/a:b", { dataset: "tank/a:b" }],
  ])("%j", (text, location) => {
    expect(parseDatasetLocation(text)).toEqual(location);
  });

  it("says how to write a remote side when the host is wrong", () => {
    expect(parseDatasetLocation("-x:tank")).toBe(
      "'-x' is not a host name (letters, digits, '.', '-', '_'; not starting with '-'); write [user@]host:dataset, e.g. backup@host-web:tank/home",
    );
  });
});
