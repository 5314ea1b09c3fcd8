declare module '@segment/isodate' {
  /** Tests whether `value` is an ISO-8601 date string; `strict` requires `YYYY-MM-DD` at the start. */
  export function is(value: unknown, strict?: boolean): boolean;
  /** Parses an ISO-8601 string into a Date; a space-separated time is read in the local time zone. */
  export function parse(value: string): Date;
}

declare module '@segment/isodate-traverse' {
  /** Replaces, in place, every ISO-8601 date string inside `input` with a Date. */
  export default function traverse<T>(input: T, strict?: boolean): T;
}
