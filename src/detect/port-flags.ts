/**
 * A set of ports as a table of 65,536 flags. The detectors test a port list on every flow of a kind (tens of
 * thousands per analysis, mostly in unoptimised code): a typed-array read costs less there than a Set lookup.
 */

/** flags[port] = 1 for every port of `ports` in 0..65535 (others are ignored), 0 elsewhere. */
export function portFlags(ports: Iterable<number>): Uint8Array {
  const flags = new Uint8Array(65536)
  for (const port of ports) if (Number.isInteger(port) && port >= 0 && port < 65536) flags[port] = 1
  return flags
}
