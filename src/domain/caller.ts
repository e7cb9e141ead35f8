/**
 * Who is asking. `systemAdmin` is also set for callers trusted like one (a USOS administrative
 * consumer acting for its token's user, docs/architecture.md, "Access policy").
 */
export interface Caller {
  readonly userId: number;
  readonly systemAdmin: boolean;
}
