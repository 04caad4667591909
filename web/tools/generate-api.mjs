// Generates src/app/api/schema.ts (types of every path and schema, and the enums' values) from the API
// contract docs/openapi.json. Run by `npm run generate` before every build and test; the output is not committed.
import { writeFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';

const contract = new URL('../../docs/openapi.json', import.meta.url);
const target = new URL('../src/app/api/schema.ts', import.meta.url);
const ast = await openapiTS(contract, { enumValues: true });
// @ts-nocheck: the enum-value arrays openapi-typescript emits for a nullable $ref (SortDTO) do not type-check
// under strict mode; the types the app imports are checked where they are used.
const header = '// GENERATED from docs/openapi.json by tools/generate-api.mjs: do not edit.\n// @ts-nocheck\n';
writeFileSync(target, header + astToString(ast));
console.log(`generated ${target.pathname}`);
