/** Everything a decision needs from the outside world, injected so decisions stay pure and testable. */
export interface WriteContext {
  now: Date;
  newUid(): string;
  /** Five characters from upstream's generateName alphabet. */
  randomSuffix(): string;
}
