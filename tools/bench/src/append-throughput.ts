import { createPgEventStore } from '@kronicle/event-store';
import { measureWriters } from './concurrent-writers';
import { withTestDatabase } from './databases';
import type { BenchOptions } from './options';

/** Events per second appended by concurrent writer processes, each with its own store. */
export function appendThroughput(options: BenchOptions): Promise<number> {
  return withTestDatabase(async (url) => {
    // Migrate once up front, so that writers do not queue on the migration lock inside the clock.
    await (await createPgEventStore({ connectionString: url, poolSize: 1 })).close();
    return measureWriters('append', url, options);
  });
}
