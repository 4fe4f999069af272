// Which trails depend on a key, bucket or log group is read when a call on one arrives, at most
// once per region and invocation: never kept across invocations, since trails change.
import type { TrailControl } from '../adapters/cloudtrail';
import { setupsOf, type TrailSetup } from '../domain/trail-setup';

/** The setups of the trails visible in a region, read once per region for the life of the returned function. */
export function trailSetupLookup(
  trails: (region: string) => TrailControl,
): (region: string) => Promise<TrailSetup[]> {
  const read = new Map<string, Promise<TrailSetup[]>>();
  return (region) => {
    let setups = read.get(region);
    if (!setups) {
      setups = trails(region)
        .describeAll()
        .then((described) => setupsOf(described, region));
      read.set(region, setups);
    }
    return setups;
  };
}
