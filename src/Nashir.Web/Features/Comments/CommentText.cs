using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Features.Comments;

/// <summary>Comments are plain text: everything is escaped, URLs become nofollow links, line breaks stay.</summary>
public static class CommentText
{
    public static IHtmlContent ToHtml(string text) => new HtmlString(Markup(text));

    private static string Markup(string text)
    {
        var html = new StringBuilder(text.Length + 64);
        var last = 0;
        foreach (System.Text.RegularExpressions.Match link in CommentRules.Links().Matches(text))
        {
            var url = link.Value.TrimEnd('.', ',', '،', ')', '!', '?', '؟', ':', '؛');
            html.Append(Escape(text[last..link.Index]));
            var href = url.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? "https://" + url : url;
            html.Append("<a href=\"").Append(WebUtility.HtmlEncode(href)).Append("\" rel=\"nofollow ugc noopener\">")
                .Append(WebUtility.HtmlEncode(url)).Append("</a>");
            last = link.Index + url.Length;
        }
        html.Append(Escape(text[last..]));
        return html.ToString();
    }

    /// <summary>
    /// A comment's list item up to its relative time, and from there to the end of its text (the view adds the
    /// reply link and closes it). Made once per cached thread: names, avatars, local dates and text cost a page view nothing.
    /// </summary>
    public static CommentView WithMarkup(CommentView comment, Platform.Hosting.SiteClock clock)
    {
        var local = clock.ToLocal(comment.CreatedAt);
        var html = new StringBuilder(256);
        html.Append("<li class=\"comment depth-").Append(comment.Depth).Append(comment.Pending ? " pending" : "").Append(comment.ByStaff ? " by-staff" : "")
            .Append("\" id=\"comment-").Append(comment.Id).Append("\">\n<span class=\"avatar ").Append(AvatarClass(comment.AuthorName))
            .Append("\" aria-hidden=\"true\">").Append(WebUtility.HtmlEncode(Initials(comment.AuthorName))).Append("</span>\n<div class=\"comment-main\">\n<p class=\"comment-meta\">");
        if (comment.AuthorWebsite is not null)
            html.Append("<a class=\"comment-author\" href=\"").Append(WebUtility.HtmlEncode(comment.AuthorWebsite)).Append("\" rel=\"nofollow ugc noopener\">")
                .Append(WebUtility.HtmlEncode(comment.AuthorName)).Append("</a>");
        else html.Append("<span class=\"comment-author\">").Append(WebUtility.HtmlEncode(comment.AuthorName)).Append("</span>");
        html.Append("\n<a class=\"comment-time\" href=\"#comment-").Append(comment.Id).Append("\" title=\"")
            .Append(WebUtility.HtmlEncode($"{ArabicDates.Gregorian(local)} {ArabicDates.Time(local)}"))
            .Append("\"><time datetime=\"").Append(comment.CreatedAt.ToString("O", CultureInfo.InvariantCulture)).Append("\">");
        var opening = html.ToString();

        html.Clear().Append("</time></a></p>\n");
        if (comment.Pending) html.Append("<p class=\"awaiting\" role=\"status\">تعليقك بانتظار المراجعة، ولا يراه غيرك حتى يُوافق عليه.</p>\n");
        html.Append("<div class=\"comment-text\">").Append(Markup(comment.Text)).Append("</div>\n");
        return comment with { Opening = new HtmlString(opening), Closing = new HtmlString(html.ToString()) };
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text).Replace("\n", "<br>\n", StringComparison.Ordinal);

    /// <summary>Up to two letters of the name, for the avatar.</summary>
    public static string Initials(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var letters = words.Take(2).Select(w => StringInfo.GetNextTextElementLength(w) is var n and > 0 ? w[..n] : "");
        return string.Concat(letters);
    }

    /// <summary>
    /// One of twelve colours (site.css .avatar-0…11; the CSP forbids inline styles), from an FNV-1a hash
    /// of the name: the same commenter keeps a colour, and no external avatar service learns who reads.
    /// </summary>
    public static string AvatarClass(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name) hash = (hash ^ c) * 16777619u;
        return "avatar-" + (hash % 12).ToString(CultureInfo.InvariantCulture);
    }

    public static string RelativeTime(DateTime then, DateTime now)
    {
        var age = now - then;
        if (age < TimeSpan.FromMinutes(1)) return "الآن";
        if (age < TimeSpan.FromHours(1)) return Count((int)age.TotalMinutes, "دقيقة", "دقيقتين", "دقائق");
        if (age < TimeSpan.FromDays(1)) return Count((int)age.TotalHours, "ساعة", "ساعتين", "ساعات");
        if (age < TimeSpan.FromDays(30)) return Count((int)age.TotalDays, "يوم", "يومين", "أيام");
        if (age < TimeSpan.FromDays(365)) return Count((int)(age.TotalDays / 30), "شهر", "شهرين", "أشهر");
        return Count((int)(age.TotalDays / 365), "سنة", "سنتين", "سنوات");

        // Arabic counts: 1 and 2 have their own forms, 3–10 take the plural, 11+ the singular.
        static string Count(int n, string one, string two, string few) => "منذ " + n switch
        {
            1 => one,
            2 => two,
            <= 10 => $"{n} {few}",
            _ => $"{n} {one}",
        };
    }
}
