using System.Xml;

namespace Nashir.Web.Features.Import;

/// <summary>Where something came from in an export: file and line, for messages an operator can act on.</summary>
public readonly record struct WxrPosition(string File, int Line)
{
    public override string ToString() => $"{Path.GetFileName(File)}:{Line}";
}

/// <summary>An element of a WXR channel with its simple children by name (`wp:post_id`, `content:encoded`, `title`…).</summary>
public abstract record WxrEntry(WxrPosition Position, IReadOnlyDictionary<string, string> Fields)
{
    public string Field(string name) => Fields.TryGetValue(name, out var value) ? value : "";

    public long Id(string name) => long.TryParse(Field(name), out var id) ? id : 0;
}

public sealed record WxrAuthor(WxrPosition Position, IReadOnlyDictionary<string, string> Fields) : WxrEntry(Position, Fields);

/// <summary>A category, tag or other term (wp:category, wp:tag, wp:term), with its taxonomy.</summary>
public sealed record WxrTerm(WxrPosition Position, string Taxonomy, IReadOnlyDictionary<string, string> Fields) : WxrEntry(Position, Fields);

/// <summary>An item's term assignment: `&lt;category domain="post_tag" nicename="…"&gt;name&lt;/category&gt;`.</summary>
public sealed record WxrItemTerm(string Domain, string Nicename, string Name);

public sealed record WxrComment(WxrPosition Position, IReadOnlyDictionary<string, string> Fields) : WxrEntry(Position, Fields);

/// <summary>A post, page, attachment or other post type, with its terms, meta and comments.</summary>
public sealed record WxrItem(
    WxrPosition Position,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<WxrItemTerm> Terms,
    IReadOnlyDictionary<string, string> Meta,
    IReadOnlyList<WxrComment> Comments) : WxrEntry(Position, Fields);

/// <summary>The export itself is unusable from here on (not XML, truncated, not WXR): nothing after it can be read.</summary>
public sealed class WxrException(string message, WxrPosition position) : Exception($"{position}: {message}")
{
    public WxrPosition Position { get; } = position;
}

/// <summary>
/// Reads a WordPress export (WXR 1.0–1.2) as a stream of entries with XmlReader: memory stays the size of one
/// item whatever the file's size. Namespaced fields are named by WordPress's usual prefixes whatever prefixes the
/// file declares (`wp:`, `content:`, `excerpt:`, `dc:`), so exports from plugins that rename them read the same.
/// </summary>
public static class WxrReader
{
    private const string WxrNamespacePrefix = "http://wordpress.org/export/";
    private static readonly string[] KnownVersions = ["1.0", "1.1", "1.2"];

    public static IEnumerable<WxrEntry> Read(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        foreach (var entry in Read(stream, file)) yield return entry;
    }

    public static IEnumerable<WxrEntry> Read(Stream stream, string name)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore, // never resolve entities or external DTDs from an uploaded file
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CheckCharacters = false, // old exports carry control characters; they are cleaned with the text
        };
        using var xml = XmlReader.Create(stream, settings);
        var lines = (IXmlLineInfo)xml;
        WxrPosition Here() => new(name, lines.LineNumber);

        using var enumerator = Entries(xml, Here).GetEnumerator();
        while (true)
        {
            WxrEntry entry;
            try
            {
                if (!enumerator.MoveNext()) break;
                entry = enumerator.Current;
            }
            catch (XmlException e)
            {
                var what = lines.LineNumber <= 1 && e.LineNumber <= 1 ? "الملف ليس XML صالحًا" : "الملف مقطوع أو تالف";
                throw new WxrException($"{what}: {e.Message}", new WxrPosition(name, e.LineNumber));
            }
            yield return entry;
        }
    }

    private static IEnumerable<WxrEntry> Entries(XmlReader xml, Func<WxrPosition> here)
    {
        string? version = null;
        var channel = new Dictionary<string, string>();
        var started = false;
        // The channel's own fields come before its authors, terms and items; announced once, at the first of them.
        WxrChannel? Start(WxrPosition position)
        {
            if (started) return null;
            if (version is null) throw new WxrException("ملف RSS وليس تصدير ووردبريس (WXR): لا يحوي wp:wxr_version.", position);
            started = true;
            return new WxrChannel(position, version, channel);
        }

        xml.MoveToContent();
        if (xml.LocalName != "rss") throw new WxrException($"ليس تصدير ووردبريس: العنصر الجذري <{xml.Name}> وليس <rss>.", here());
        if (!xml.ReadToDescendant("channel")) throw new WxrException("ملف RSS بلا <channel>.", here());
        xml.Read();
        while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "channel"))
        {
            if (xml.NodeType != XmlNodeType.Element) { xml.Read(); continue; }
            var position = here();
            var key = Key(xml);
            if (key is "wp:author" or "wp:category" or "wp:tag" or "wp:term" or "item" && Start(position) is { } start) yield return start;
            switch (key)
            {
                case "wp:wxr_version":
                    var value = xml.ReadElementContentAsString().Trim();
                    if (!KnownVersions.Contains(value)) throw new WxrException($"إصدار WXR غير معروف: «{value}» (المدعوم 1.0 إلى 1.2).", position);
                    version = value;
                    break;
                case "wp:author":
                    yield return new WxrAuthor(position, Fields(xml));
                    break;
                case "wp:category":
                    yield return new WxrTerm(position, "category", Fields(xml));
                    break;
                case "wp:tag":
                    yield return new WxrTerm(position, "post_tag", Fields(xml));
                    break;
                case "wp:term":
                    var term = Fields(xml);
                    yield return new WxrTerm(position, term.GetValueOrDefault("wp:term_taxonomy", ""), term);
                    break;
                case "item":
                    yield return Item(xml, here);
                    break;
                default:
                    if (!xml.IsEmptyElement && key is "title" or "link" or "wp:base_site_url" or "wp:base_blog_url")
                        channel[key] = xml.ReadElementContentAsString().Trim();
                    else xml.Skip();
                    break;
            }
        }
        if (xml.EOF) throw new XmlException("انتهى الملف قبل </channel>.", null, ((IXmlLineInfo)xml).LineNumber, 0);
        if (Start(here()) is { } empty) yield return empty;
    }

    private static WxrItem Item(XmlReader xml, Func<WxrPosition> here)
    {
        var position = here();
        var fields = new Dictionary<string, string>();
        var terms = new List<WxrItemTerm>();
        var meta = new Dictionary<string, string>();
        var comments = new List<WxrComment>();
        if (xml.IsEmptyElement) { xml.Read(); return new WxrItem(position, fields, terms, meta, comments); }
        xml.Read();
        while (xml.NodeType != XmlNodeType.EndElement)
        {
            if (xml.NodeType != XmlNodeType.Element) { xml.Read(); continue; }
            switch (Key(xml))
            {
                case "category":
                    var domain = xml.GetAttribute("domain") ?? "category";
                    var nicename = xml.GetAttribute("nicename") ?? "";
                    terms.Add(new WxrItemTerm(domain, nicename, xml.ReadElementContentAsString().Trim()));
                    break;
                case "wp:postmeta":
                    var pair = Fields(xml);
                    meta[pair.GetValueOrDefault("wp:meta_key", "")] = pair.GetValueOrDefault("wp:meta_value", "");
                    break;
                case "wp:comment":
                    var commentPosition = here();
                    comments.Add(new WxrComment(commentPosition, Fields(xml)));
                    break;
                case var key:
                    fields[key] = xml.IsEmptyElement ? Skipped(xml) : ReadText(xml);
                    break;
            }
        }
        xml.Read();
        return new WxrItem(position, fields, terms, meta, comments);
    }

    /// <summary>The simple children of the current element (nested elements such as wp:commentmeta are skipped).</summary>
    private static Dictionary<string, string> Fields(XmlReader xml)
    {
        var fields = new Dictionary<string, string>();
        if (xml.IsEmptyElement) { xml.Read(); return fields; }
        var depth = xml.Depth;
        xml.Read();
        while (xml.Depth > depth)
        {
            if (xml.NodeType != XmlNodeType.Element) { xml.Read(); continue; }
            var key = Key(xml);
            fields[key] = xml.IsEmptyElement ? Skipped(xml) : ReadText(xml);
        }
        xml.Read();
        return fields;
    }

    /// <summary>Text and CDATA of an element; an element with children (wp:commentmeta) gives "".</summary>
    private static string ReadText(XmlReader xml)
    {
        var depth = xml.Depth;
        xml.Read();
        var text = new System.Text.StringBuilder();
        var nested = false;
        while (xml.Depth > depth)
        {
            if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace) text.Append(xml.Value);
            else if (xml.NodeType == XmlNodeType.Element) nested = true;
            xml.Read();
        }
        xml.Read();
        return nested ? "" : text.ToString();
    }

    private static string Skipped(XmlReader xml)
    {
        xml.Read();
        return "";
    }

    private static string Key(XmlReader xml)
    {
        var ns = xml.NamespaceURI;
        if (ns.Length == 0) return xml.LocalName;
        if (ns.StartsWith(WxrNamespacePrefix, StringComparison.Ordinal))
            return ns.Contains("/excerpt/", StringComparison.Ordinal) ? "excerpt:" + xml.LocalName : "wp:" + xml.LocalName;
        return ns switch
        {
            "http://purl.org/rss/1.0/modules/content/" => "content:" + xml.LocalName,
            "http://purl.org/dc/elements/1.1/" => "dc:" + xml.LocalName,
            _ => xml.Prefix + ":" + xml.LocalName,
        };
    }
}

/// <summary>The start of an export file: its WXR version and the site's own fields (title, link, base URLs).</summary>
public sealed record WxrChannel(WxrPosition Position, string Version, IReadOnlyDictionary<string, string> Fields) : WxrEntry(Position, Fields)
{
    public string SiteUrl => (Fields.GetValueOrDefault("wp:base_site_url") is { Length: > 0 } url ? url : Field("link")).TrimEnd('/');

    public string BlogUrl => (Fields.GetValueOrDefault("wp:base_blog_url") is { Length: > 0 } url ? url : SiteUrl).TrimEnd('/');
}
