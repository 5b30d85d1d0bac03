// Parses feeds the way aggregators do, with @extractus/feed-extractor (RSS, Atom, JSON Feed).
// stdin: [{ "format": "rss" | "atom" | "json", "body": "<feed text>" }, ...]
// stdout: [{ "title", "link", "entries": [{ "id", "title", "link", "published", "description" }] }, ...]
// A feed the parser cannot read makes the process exit non-zero with the reason on stderr.
import { extractFromXml, extractFromJson } from '@extractus/feed-extractor';

const input = JSON.parse(await new Promise((resolve) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => { text += chunk; });
  process.stdin.on('end', () => resolve(text));
}));

const options = { normalization: true, descriptionMaxLen: 0, useISODateFormat: true };
const results = input.map(({ format, body }, index) => {
  const feed = format === 'json' ? extractFromJson(JSON.parse(body), options) : extractFromXml(body, options);
  if (!feed || !Array.isArray(feed.entries)) throw new Error(`feed ${index} (${format}) was not understood: ${JSON.stringify(feed)}`);
  return {
    title: feed.title ?? null,
    link: feed.link ?? null,
    entries: feed.entries.map((e) => ({ id: e.id ?? null, title: e.title ?? null, link: e.link ?? null, published: e.published ?? null, description: e.description ?? null })),
  };
});
process.stdout.write(JSON.stringify(results));
