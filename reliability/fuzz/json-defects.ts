import fc from 'fast-check';

/** Property names that name members of Object.prototype; Keen takes them as ordinary names. */
export const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
];

/** A property name Keen accepts: not empty, no dot, no leading `$`, at most 256 characters. */
export const validName = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc
    .string({ minLength: 1, maxLength: 16 })
    .filter((name) => !name.includes('.') && !name.startsWith('$')),
);

/** A property name Keen rejects with InvalidPropertyNameError. */
export const invalidName = fc.oneof(
  fc.constantFrom('', 'a.b', '$x', '__proto__.polluted', 'constructor.prototype.polluted', '$set'),
  fc.integer({ min: 257, max: 600 }).map((length) => 'n'.repeat(length)),
);

/** A JSON object with valid top-level names; nested values may have any names. */
export const event = fc.dictionary(validName, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });

/** A JSON value that is not an object. */
export const nonObject = fc.oneof(
  fc.integer(),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
);

/** Byte sequences that are not valid UTF-8: a lone continuation, an overlong form, a surrogate, a cut sequence. */
const INVALID_UTF8 = [
  [0xff],
  [0x80],
  [0xc3, 0x28],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xe2, 0x82],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
];

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** Nest `inner` under `names`, each level an object or a one-item list. */
function nestUnder(names: string[], inner: unknown, useLists: boolean[]): Record<string, unknown> {
  let value = inner;
  for (let level = names.length - 1; level >= 0; level--) {
    const wrapped = { [names[level]]: value };
    value = useLists[level] ? [wrapped] : wrapped;
  }
  return { top: value };
}

/** A body and the defect that makes Keen reject it, for one event or one batch. */
export interface BodyDefect {
  defect: string;
  body: Buffer;
}

/** Event bodies that Keen rejects whole: broken or non-object JSON, invalid UTF-8, too deep. */
export const eventBodyDefect: fc.Arbitrary<BodyDefect> = fc.oneof(
  fc
    .tuple(event, fc.nat(), fc.constantFrom('', '}', ',', '"', 'NaN', '\u0000', ']'))
    .map(([value, cut, tail]) => {
      const text = JSON.stringify(value);
      return {
        defect: 'broken JSON',
        body: Buffer.from(text.slice(0, cut % text.length) + tail, 'utf8'),
      };
    })
    .filter(({ body }) => !isJson(body.toString('utf8'))),
  nonObject.map((value) => ({ defect: 'event is not an object', body: json(value) })),
  fc.tuple(fc.constantFrom(...INVALID_UTF8), fc.string({ maxLength: 8 })).map(([bytes, text]) => ({
    defect: 'invalid UTF-8',
    body: Buffer.concat([
      Buffer.from(`{"name":"${text.replace(/["\\]/g, '')}`),
      Buffer.from(bytes),
      Buffer.from('"}'),
    ]),
  })),
  fc
    .tuple(fc.integer({ min: 1_001, max: 60_000 }), fc.constantFrom('[', '{"a":'))
    .map(([depth, open]) => ({
      defect: `${depth} unclosed levels`,
      body: Buffer.from(open.repeat(depth)),
    })),
  fc.integer({ min: 1_001, max: 30_000 }).map((depth) => ({
    defect: `${depth} nested levels`,
    body: Buffer.from(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  })),
);

/** Events whose content Keen rejects: bad `keen` namespace, or an invalid property name at some depth. */
export const eventContentDefect: fc.Arbitrary<{ defect: string; event: Record<string, unknown> }> =
  fc.oneof(
    fc
      .tuple(
        event,
        fc.oneof(
          nonObject,
          fc.constant({ polluted: true }),
          fc.constant({ timestamp: 'yesterday' }),
          fc.constant({ timestamp: 1_700_000_000 }),
        ),
      )
      .map(([value, keen]) => ({ defect: 'invalid keen namespace', event: { ...value, keen } })),
    fc
      .tuple(
        event,
        fc.array(validName, { maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        invalidName,
        fc.integer({ min: 0, max: 990 }),
      )
      .map(([value, names, useLists, name, extraDepth]) => {
        const path =
          extraDepth > 900
            ? [...names, ...Array.from({ length: extraDepth }, () => 'deep')]
            : names;
        const lists = path.map((_, level) => useLists[level % useLists.length]);
        return {
          defect: `invalid name ${JSON.stringify(name.slice(0, 20))} at depth ${path.length + 1}`,
          event: { ...value, ...nestUnder(path, { [name]: 1 }, lists) },
        };
      }),
  );

/** Batch bodies that Keen rejects whole. */
export const batchBodyDefect: fc.Arbitrary<BodyDefect> = fc.oneof(
  eventBodyDefect.map(({ defect, body }) => ({ defect, body })),
  fc
    .tuple(
      fc.constantFrom('pageviews', ...PROTOTYPE_NAMES),
      fc.oneof(fc.constant({}), fc.integer(), fc.string(), fc.constant(null), event),
    )
    .map(([collection, value]) => ({
      defect: `batch: value of ${collection} is not a list`,
      body: Buffer.from(`{${JSON.stringify(collection)}:${JSON.stringify(value)}}`),
    })),
);

/** Oversized bodies: an event above 900,000 bytes, a batch above 10,000,000, a body above the 32 MB reader limit. */
export const oversizedBody = fc.constantFrom(
  { defect: 'event above 900,000 bytes', batch: false, body: json({ pad: 'x'.repeat(900_001) }) },
  {
    defect: 'batch above 10,000,000 bytes',
    batch: true,
    body: json({ pageviews: [{ pad: 'x'.repeat(10_000_001) }] }),
  },
  { defect: 'body above 32 MB', batch: false, body: Buffer.alloc(33 * 1024 * 1024, 0x20) },
);
