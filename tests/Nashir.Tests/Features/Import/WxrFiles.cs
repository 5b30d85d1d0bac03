using System.Globalization;
using System.Text;

namespace Nashir.Tests.Features.Import;

/// <summary>Small WordPress exports written the way WordPress writes them (WXR 1.2, CDATA), for one behaviour each.</summary>
public static class WxrFiles
{
    public const string Site = "http://old.example";

    public static string Document(string items, string version = "1.2", string authors = DefaultAuthor) => $"""
        <?xml version="1.0" encoding="UTF-8" ?>
        <rss version="2.0"
        	xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
        	xmlns:content="http://purl.org/rss/1.0/modules/content/"
        	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
        	xmlns:dc="http://purl.org/dc/elements/1.1/"
        	xmlns:wp="http://wordpress.org/export/{version}/"
        >
        <channel>
        	<title>موقع قديم</title>
        	<link>{Site}</link>
        	<wp:wxr_version>{version}</wp:wxr_version>
        	<wp:base_site_url>{Site}</wp:base_site_url>
        	<wp:base_blog_url>{Site}</wp:base_blog_url>
        {authors}
        	<wp:category><wp:term_id>30</wp:term_id><wp:category_nicename><![CDATA[%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[سياسة]]></wp:cat_name></wp:category>
        {items}
        </channel>
        </rss>
        """;

    public const string DefaultAuthor =
        "\t<wp:author><wp:author_id>7</wp:author_id><wp:author_login><![CDATA[huda]]></wp:author_login><wp:author_email><![CDATA[huda@old.example]]></wp:author_email><wp:author_display_name><![CDATA[هدى سالم]]></wp:author_display_name></wp:author>";

    public static string Post(long id, string? title = null, string content = "<p>نص الخبر.</p>", string dateGmt = "2024-03-01 10:00:00",
        string status = "publish", string type = "post", string meta = "", string comments = "", string slug = "") =>
        $"""
        	<item>
        		<title>{(title is null ? "" : $"<![CDATA[{title}]]>")}</title>
        		<link>{Site}/?p={id}</link>
        		<dc:creator><![CDATA[huda]]></dc:creator>
        		<guid isPermaLink="false">{Site}/?p={id}</guid>
        		<content:encoded><![CDATA[{content}]]></content:encoded>
        		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
        		<wp:post_id>{id}</wp:post_id>
        		<wp:post_date><![CDATA[{dateGmt}]]></wp:post_date>
        		<wp:post_date_gmt><![CDATA[{dateGmt}]]></wp:post_date_gmt>
        		<wp:post_name><![CDATA[{slug}]]></wp:post_name>
        		<wp:status><![CDATA[{status}]]></wp:status>
        		<wp:post_type><![CDATA[{type}]]></wp:post_type>
        		<category domain="category" nicename="%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9"><![CDATA[سياسة]]></category>
        {meta}{comments}
        	</item>
        """;

    public static string Meta(string key, string value) =>
        $"\t\t<wp:postmeta><wp:meta_key><![CDATA[{key}]]></wp:meta_key><wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>\n";

    public static string Comment(long id, long parent = 0, string text = "تعليق", string approved = "1") => string.Create(CultureInfo.InvariantCulture, $"""
        		<wp:comment>
        			<wp:comment_id>{id}</wp:comment_id>
        			<wp:comment_author><![CDATA[قارئ {id}]]></wp:comment_author>
        			<wp:comment_author_email><![CDATA[reader{id}@old.example]]></wp:comment_author_email>
        			<wp:comment_author_IP><![CDATA[10.0.0.{id % 250}]]></wp:comment_author_IP>
        			<wp:comment_date_gmt><![CDATA[2024-03-01 11:{id % 60:00}:00]]></wp:comment_date_gmt>
        			<wp:comment_content><![CDATA[{text}]]></wp:comment_content>
        			<wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>
        			<wp:comment_type><![CDATA[comment]]></wp:comment_type>
        			<wp:comment_parent>{parent}</wp:comment_parent>
        		</wp:comment>

        """);

    public static string Attachment(long id, string path) => $"""
        	<item>
        		<title><![CDATA[صورة {id}]]></title>
        		<wp:post_id>{id}</wp:post_id>
        		<wp:post_date_gmt><![CDATA[2024-03-01 09:00:00]]></wp:post_date_gmt>
        		<wp:status><![CDATA[inherit]]></wp:status>
        		<wp:post_type><![CDATA[attachment]]></wp:post_type>
        		<wp:attachment_url><![CDATA[{Site}/wp-content/uploads/{path}]]></wp:attachment_url>
        	</item>
        """;

    /// <summary>Writes an export into the app's data directory, which goes with the app.</summary>
    public static string WriteExport(this Nashir.Tests.Support.NashirApp app, string text)
    {
        var file = Path.Combine(app.Storage.DataDirectory, "exports", Guid.NewGuid().ToString("N"), "export.xml");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text, new UTF8Encoding(false));
        return file;
    }

    /// <summary>The line of the &lt;item&gt; that holds the post with this WordPress id.</summary>
    public static int ItemLine(string text, long id)
    {
        var at = text.IndexOf($"<wp:post_id>{id}</wp:post_id>", StringComparison.Ordinal);
        return text[..text.LastIndexOf("<item>", at, StringComparison.Ordinal)].Count(c => c == '\n') + 1;
    }

    /// <summary>The 1-based line on which the first occurrence of a marker stands.</summary>
    public static int LineOf(string text, string marker) => text[..text.IndexOf(marker, StringComparison.Ordinal)].Count(c => c == '\n') + 1;
}
