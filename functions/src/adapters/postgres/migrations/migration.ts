export interface Migration {
  /** Applied in ascending order; never renumber or edit one that has shipped. */
  version: number;
  name: string;
  /** One statement each: the extended query protocol (PGlite always, `pg` with params) runs one at a time. */
  statements: readonly string[];
}
