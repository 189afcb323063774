import { isIP } from "node:net";

/** Why an address may not be fetched from the server, or null when it is a public address. */
export type AddressClass =
  | "loopback"
  | "private"
  | "link-local"
  | "unspecified"
  | "shared"
  | "multicast"
  | "reserved"
  | null;

// IPv4 ranges a server must never be made to fetch from: the machine itself, the local networks behind it,
// cloud metadata (169.254.169.254 is link-local), carrier-grade NAT, multicast and reserved space.
const V4_RANGES: readonly [string, number, Exclude<AddressClass, null>][] = [
  ["0.0.0.0", 8, "unspecified"],
  ["127.0.0.0", 8, "loopback"],
  ["10.0.0.0", 8, "private"],
  ["172.16.0.0", 12, "private"],
  ["192.168.0.0", 16, "private"],
  ["169.254.0.0", 16, "link-local"],
  ["100.64.0.0", 10, "shared"],
  ["192.0.0.0", 24, "reserved"],
  ["198.18.0.0", 15, "reserved"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];

function v4ToInt(address: string): number {
  return address.split(".").reduce((value, part) => value * 256 + Number(part), 0);
}

function classifyV4(address: string): AddressClass {
  const value = v4ToInt(address);
  for (const [base, bits, kind] of V4_RANGES) {
    const size = 2 ** (32 - bits);
    const start = v4ToInt(base);
    if (value >= start && value < start + size) return kind;
  }
  return null;
}

/** The 8 groups of an IPv6 address as numbers (handles "::" and an embedded IPv4 tail). */
function v6Groups(address: string): number[] {
  let text = address.toLowerCase().replace(/%.*$/, "");
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (v4Tail) {
    const value = v4ToInt(v4Tail);
    text = `${text.slice(0, -v4Tail.length)}${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const parse = (part: string) => (part ? part.split(":").map((group) => Number.parseInt(group, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const fill = tail === undefined ? [] : Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...fill, ...right];
}

function classifyV6(address: string): AddressClass {
  const g = v6Groups(address);
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, h1 = 0, h2 = 0] = g;
  if (g.every((group) => group === 0)) return "unspecified";
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && f === 0 && h1 === 0 && h2 === 1)
    return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms carry an IPv4 address: judge that one.
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && (f === 0xffff || f === 0)) {
    return classifyV4(`${h1 >>> 8}.${h1 & 0xff}.${h2 >>> 8}.${h2 & 0xff}`);
  }
  if ((a & 0xfe00) === 0xfc00) return "private"; // fc00::/7, unique local
  if ((a & 0xffc0) === 0xfe80) return "link-local"; // fe80::/10
  if ((a & 0xff00) === 0xff00) return "multicast";
  if (a === 0x64 && b === 0xff9b) return "reserved"; // NAT64 can reach IPv4 private space
  if (a === 0x2001 && b === 0xdb8) return "reserved"; // documentation
  return null;
}

/** Classifies an IP address (v4 or v6); null for a public address. */
export function classifyAddress(address: string): AddressClass {
  const version = isIP(address);
  if (version === 4) return classifyV4(address);
  if (version === 6) return classifyV6(address);
  return "reserved"; // not an IP address at all: never connect to it
}
