import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import type { JSONSchema } from 'json-schema-to-typescript';

const schemasDir = fileURLToPath(new URL('.', import.meta.url));
const outputFile = `${schemasDir}generated/types.ts`;
const schemaFiles = ['settings.schema.json', 'scenario.schema.json'];

const banner = `/* This file is generated from schemas/*.schema.json by \`npm run generate:types\`. Do not edit it. */`;

/** Builds the TypeScript declarations for every schema, in a fixed order. */
export async function renderTypes(): Promise<string> {
  const parts: string[] = [banner];
  for (const file of schemaFiles) {
    const schema = JSON.parse(await readFile(`${schemasDir}${file}`, 'utf8')) as JSONSchema;
    parts.push(
      await compile(schema, schema.title ?? file, {
        bannerComment: '',
        cwd: schemasDir,
        additionalProperties: false,
        style: { singleQuote: true, printWidth: 100, trailingComma: 'all' },
      }),
    );
  }
  return parts.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(outputFile, await renderTypes());
  console.log(`wrote ${outputFile}`);
}
