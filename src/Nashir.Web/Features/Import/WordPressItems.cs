using System.Globalization;
using System.Net;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Comments;
using Nashir.Web.Features.Search;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Features.Import;

/// <summary>A WordPress post or page read and converted, validated, not yet stored.</summary>
public sealed class PreparedPost
{
    public required WxrItem Source { get; init; }
    public required string Kind { get; init; }
    public long WpId { get; init; }
    public required string Headline { get; init; }
    public required string Slug { get; set; }
    public required string Body { get; init; }

    /// <summary>The post's own excerpt, else the start of its text (as the editor derives one).</summary>
    public string Excerpt { get; init; } = "";
    public bool ExcerptIsCustom { get; init; }
    public ArticleStatus Status { get; init; }
    public DateTime? PublishAt { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public string AuthorLogin { get; init; } = "";
    public long ThumbnailId { get; init; }
    public long ReadCount { get; init; }
    public int MenuOrder { get; init; }
    public bool CommentsClosed { get; init; }

    /// <summary>A sticky post (WXR 1.2's <c>wp:is_sticky</c>): pinned to the home page after the import.</summary>
    public bool Sticky { get; init; }
    public List<PreparedComment> Comments { get; } = [];

    /// <summary>The article's search document, analyzed with the conversion; its ids are set when the article is stored.</summary>
    public SearchDocument? Search { get; set; }

    /// <summary>Old URLs of this post, as LegacyRedirects keys (decoded paths without trailing slash, or "/?p=ID").</summary>
    public List<string> OldPaths { get; } = [];
}

public sealed class PreparedComment
{
    public long WpId { get; init; }
    public long WpParentId { get; set; }
    public int Depth { get; set; }
    public required string Name { get; init; }
    public required string Email { get; init; }
    public string? Website { get; init; }
    public string? Ip { get; init; }
    public required string Text { get; init; }
    public CommentStatus Status { get; init; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>
/// Turns export items into what Nashir stores, with the editor's rules (sanitizer, slugs, plain-text
/// fields, limits) and WordPress's meanings (statuses, GMT dates, view-counter meta). Pure: no database.
/// </summary>
public sealed class WordPressItems(ArticleHtml html, Func<DateTime, DateTime> localToUtc)
{
    /// <summary>Post meta of the common view-counter plugins (Post Views Counter, WP-PostViews, Jetpack-era themes).</summary>
    private static readonly string[] ReadCountKeys = ["post_views_count", "views", "_post_views"];

    public PreparedPost? Post(WxrItem item, string kind, WxrChannel channel, ImportReport report)
    {
        var wpId = item.Id("wp:post_id");
        var reportKind = kind == ImportKinds.Page ? "pages" : "articles";
        void Skip(string message) => report.Warn(reportKind, wpId, item.Position, message, skipped: true);
        if (wpId <= 0) { Skip("عنصر بلا wp:post_id: لا يمكن مطابقته عند إعادة الاستيراد."); return null; }

        var headline = UserText.CleanLine(PlainText.FromHtml(item.Field("title")));
        if (headline.Length == 0) { Skip("عنصر بلا عنوان."); return null; }
        if (headline.Length > ArticleLimits.Headline)
        {
            report.Warn(reportKind, wpId, item.Position, $"العنوان أطول من {ArticleLimits.Headline} حرفًا: قُصّ.", skipped: false);
            headline = PlainText.Shorten(headline, ArticleLimits.Headline);
        }

        var created = Date(item.Field("wp:post_date_gmt"), item.Field("wp:post_date"));
        if (created is null) { Skip($"تاريخ غير صالح: «{item.Field("wp:post_date_gmt")}» / «{item.Field("wp:post_date")}»."); return null; }
        var modified = Date(item.Field("wp:post_modified_gmt"), item.Field("wp:post_modified")) ?? created.Value;

        var content = item.Field("content:encoded");
        if (content.Length > ArticleLimits.Body) { Skip($"نص المقال أطول من الحد المسموح ({ArticleLimits.Body:N0} حرف)."); return null; }
        var body = html.Sanitize(WordPressContent.ToHtml(content));

        var status = item.Field("wp:status") switch
        {
            "publish" => ArticleStatus.Published,
            "future" => ArticleStatus.Scheduled,
            "pending" => ArticleStatus.PendingReview,
            _ => ArticleStatus.Draft, // draft, private, auto-draft
        };
        var text = PlainText.FromHtml(body);
        if (status is ArticleStatus.Published or ArticleStatus.Scheduled && text.Length == 0)
        {
            report.Warn(reportKind, wpId, item.Position, "منشور بلا نص: استُورد مسودةً (لا يُنشر مقال بلا نص).", skipped: false);
            status = ArticleStatus.Draft;
        }

        var postName = Decode(item.Field("wp:post_name"));
        var slug = Slugs.From(postName);
        if (slug.Length == 0) slug = Slugs.From(headline);
        if (slug.Length == 0) slug = kind == ImportKinds.Page ? "صفحة" : "مقال";

        var excerpt = PlainText.Shorten(PlainText.FromHtml(item.Field("excerpt:encoded")), ArticleLimits.Excerpt);
        var post = new PreparedPost
        {
            Source = item,
            Kind = kind,
            WpId = wpId,
            Headline = headline,
            Slug = slug,
            Body = body,
            Excerpt = excerpt.Length > 0 ? excerpt : PlainText.Shorten(text, ArticleLimits.DerivedExcerpt),
            ExcerptIsCustom = excerpt.Length > 0,
            Status = status,
            PublishAt = status is ArticleStatus.Published or ArticleStatus.Scheduled ? created : null,
            CreatedAt = created.Value,
            UpdatedAt = modified,
            AuthorLogin = item.Field("dc:creator"),
            ThumbnailId = long.TryParse(item.Meta.GetValueOrDefault("_thumbnail_id"), out var thumbnail) ? thumbnail : 0,
            ReadCount = ReadCountKeys.Select(k => long.TryParse(item.Meta.GetValueOrDefault(k), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0).Max(),
            MenuOrder = (int)item.Id("wp:menu_order"),
            CommentsClosed = item.Field("wp:comment_status") == "closed",
            Sticky = kind == ImportKinds.Post && item.Field("wp:is_sticky") == "1",
        };
        OldPaths(post, item, channel, postName);
        if (kind == ImportKinds.Post) Comments(post, report);
        return post;
    }

    private void OldPaths(PreparedPost post, WxrItem item, WxrChannel channel, string postName)
    {
        var query = post.Kind == ImportKinds.Page ? "page_id" : "p";
        post.OldPaths.Add($"/?{query}={post.WpId}");
        if (LegacyPaths.FromUrl(item.Field("link"), channel) is { } link) post.OldPaths.Add(link);
        if (postName.Length == 0) return;
        post.OldPaths.Add(LegacyPaths.Normalize(postName));
        if (post.Kind == ImportKinds.Post && LocalDate(item.Field("wp:post_date")) is { } local)
            post.OldPaths.Add(LegacyPaths.Normalize(string.Create(CultureInfo.InvariantCulture, $"{local:yyyy/MM/dd}/{postName}")));
    }

    private void Comments(PreparedPost post, ImportReport report)
    {
        var byId = new Dictionary<long, PreparedComment>();
        foreach (var source in post.Source.Comments)
        {
            var wpId = source.Id("wp:comment_id");
            void Skip(string message) => report.Warn("comments", wpId, source.Position, message, skipped: true);
            var approved = source.Field("wp:comment_approved");
            if (approved is "trash" or "post-trashed") { Skip("تعليق في سلة المهملات: لا يُستورد."); continue; }
            if (source.Field("wp:comment_type") is "pingback" or "trackback") { Skip("إشعار تتبّع (pingback/trackback) لا تعليق: لا يُستورد."); continue; }
            var date = Date(source.Field("wp:comment_date_gmt"), source.Field("wp:comment_date"));
            if (date is null) { Skip("تاريخ التعليق غير صالح."); continue; }
            var text = WordPressContent.CommentText(source.Field("wp:comment_content"));
            if (text.Length == 0) { Skip("تعليق بلا نص."); continue; }
            if (text.Length > CommentLimits.Text)
            {
                report.Warn("comments", wpId, source.Position, $"التعليق أطول من {CommentLimits.Text:N0} حرف: قُصّ.", skipped: false);
                text = text[..CommentLimits.Text];
            }
            var name = UserText.CleanLine(WebUtility.HtmlDecode(source.Field("wp:comment_author")));
            if (name.Length == 0) name = "مجهول";
            var email = source.Field("wp:comment_author_email").Trim().ToLowerInvariant();
            var website = source.Field("wp:comment_author_url").Trim();
            var comment = new PreparedComment
            {
                WpId = wpId,
                WpParentId = source.Id("wp:comment_parent"),
                Name = name.Length > CommentLimits.Name ? name[..CommentLimits.Name] : name,
                Email = email.Length > CommentLimits.Email ? "" : email,
                Website = website.Length is > 0 and <= CommentLimits.Website && Uri.TryCreate(website, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? website : null,
                Ip = source.Field("wp:comment_author_IP") is { Length: > 0 and <= 45 } ip ? ip : null,
                Text = text,
                Status = approved switch { "1" => CommentStatus.Approved, "spam" => CommentStatus.Spam, _ => CommentStatus.Pending },
                CreatedAt = date.Value,
            };
            if (wpId <= 0 || !byId.TryAdd(wpId, comment)) { Skip("تعليق بلا معرّف أو بمعرّف مكرر."); continue; }
            post.Comments.Add(comment);
        }

        foreach (var comment in post.Comments)
        {
            if (comment.WpParentId != 0 && !byId.ContainsKey(comment.WpParentId))
            {
                var source = post.Source.Comments.First(c => c.Id("wp:comment_id") == comment.WpId);
                report.Warn("comments", comment.WpId, source.Position, $"التعليق الأصل #{comment.WpParentId} غير موجود في التصدير: استُورد تعليقًا مستقلًا.", skipped: false);
                comment.WpParentId = 0;
            }
        }
        // Depth by walking up the parents (bounded: a cycle in a broken export must not loop forever).
        foreach (var comment in post.Comments)
        {
            var depth = 0;
            for (var parent = comment.WpParentId; parent != 0 && depth <= post.Comments.Count; parent = byId[parent].WpParentId) depth++;
            if (depth > post.Comments.Count) { comment.WpParentId = 0; depth = 0; }
            comment.Depth = depth;
        }
        // Parents before replies, so each level can refer to the ids of the one above.
        post.Comments.Sort((a, b) => a.Depth != b.Depth ? a.Depth.CompareTo(b.Depth) : a.CreatedAt.CompareTo(b.CreatedAt));
    }

    /// <summary>The GMT field when set (drafts carry 0000-00-00), else the local one in the site's zone.</summary>
    public DateTime? Date(string gmt, string local)
    {
        if (Parse(gmt) is { } utc) return DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        return Parse(local) is { } time ? localToUtc(time) : null;
    }

    private static DateTime? LocalDate(string local) => Parse(local);

    private static DateTime? Parse(string value) =>
        DateTime.TryParseExact(value.Trim(), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) && time.Year > 1 ? time : null;

    /// <summary>WordPress stores non-Latin slugs percent-encoded.</summary>
    public static string Decode(string slug)
    {
        try { return Uri.UnescapeDataString(slug.Trim()); }
        catch (UriFormatException) { return slug.Trim(); }
    }
}

/// <summary>Keys of the legacy URL table: decoded paths without trailing slash, lower-cased ASCII, and query forms.</summary>
public static class LegacyPaths
{
    public static string Normalize(string path)
    {
        var decoded = WordPressItems.Decode(path).Trim('/');
        return "/" + decoded.ToLowerInvariant();
    }

    /// <summary>A URL of the old site as a key: its path below the blog's URL, or "/?p=ID" for plain permalinks.</summary>
    public static string? FromUrl(string url, WxrChannel channel)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return null;
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        foreach (var key in new[] { "p", "page_id" })
            if (long.TryParse(query[key], out var id)) return $"/?{key}={id}";
        var path = uri.AbsolutePath;
        if (Uri.TryCreate(channel.BlogUrl, UriKind.Absolute, out var blog) && blog.AbsolutePath.Length > 1
            && path.StartsWith(blog.AbsolutePath, StringComparison.OrdinalIgnoreCase))
            path = path[blog.AbsolutePath.TrimEnd('/').Length..];
        var key2 = Normalize(path);
        return key2 == "/" ? null : key2;
    }
}
