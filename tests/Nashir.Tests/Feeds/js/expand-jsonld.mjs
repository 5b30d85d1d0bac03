// Expands JSON-LD blocks with the jsonld library, as a search engine's structured-data reader does.
// stdin: ["<json-ld text>", ...]   stdout: [<expanded array>, ...]
// The schema.org context is served locally (tests never reach the network); like the published one
// (https://schema.org/docs/jsonldcontext.jsonld) it maps every term into the http://schema.org/ vocabulary.
import jsonld from 'jsonld';

const schemaOrgContext = { '@context': { '@vocab': 'http://schema.org/' } };
const documentLoader = async (url) => {
  if (/^https?:\/\/schema\.org\/?$/.test(url)) return { contextUrl: null, documentUrl: url, document: schemaOrgContext };
  throw new Error(`no network in tests: refused to load ${url}`);
};

const input = JSON.parse(await new Promise((resolve) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => { text += chunk; });
  process.stdin.on('end', () => resolve(text));
}));

const expanded = [];
for (const block of input) expanded.push(await jsonld.expand(JSON.parse(block), { documentLoader, safe: true }));
process.stdout.write(JSON.stringify(expanded));
