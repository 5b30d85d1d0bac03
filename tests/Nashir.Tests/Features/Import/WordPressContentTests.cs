using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Import;
using Xunit;

namespace Nashir.Tests.Features.Import;

/// <summary>WordPress content → what the editor stores (after the same sanitizer).</summary>
public sealed class WordPressContentTests
{
    private static readonly ArticleHtml Html = new();

    private static string Convert(string content) => Html.Sanitize(WordPressContent.ToHtml(content));

    [Fact]
    public void Block_comments_go_and_the_blocks_html_stays()
    {
        var html = Convert("<!-- wp:paragraph -->\n<p>فقرة</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:heading {\"level\":3} -->\n<h3>عنوان</h3>\n<!-- /wp:heading -->");
        Assert.Equal("<p>فقرة</p>\n\n<h3>عنوان</h3>", html);
    }

    [Fact]
    public void Classic_content_gets_paragraphs_and_line_breaks_like_wpautop()
    {
        var html = Convert("السطر الأول\nالسطر الثاني\n\nفقرة ثانية\n<ul><li>بند</li></ul>\nبعد القائمة");
        Assert.Equal("<p>السطر الأول<br>\nالسطر الثاني</p>\n<p>فقرة ثانية</p>\n<ul><li>بند</li></ul>\n<p>بعد القائمة</p>", html);
    }

    [Fact]
    public void A_caption_becomes_a_figure_with_its_figcaption()
    {
        var html = Convert("[caption id=\"attachment_5\" align=\"aligncenter\" width=\"600\"]<img src=\"https://old.example/a.jpg\" alt=\"صورة\" width=\"600\" /> الرئيس في جنيف[/caption]\n\nنص");
        Assert.Equal("<figure><img src=\"https://old.example/a.jpg\" alt=\"صورة\" width=\"600\" loading=\"lazy\"><figcaption>الرئيس في جنيف</figcaption></figure>\n<p>نص</p>", html);
    }

    [Fact]
    public void Embeds_and_bare_urls_on_their_own_line_become_links_and_unknown_shortcodes_keep_their_text()
    {
        var html = Convert("[embed]https://www.youtube.com/watch?v=abc[/embed]\n\nhttps://twitter.com/x/status/1\n\n[highlight color=\"red\"]نص مهم[/highlight] و[gallery ids=\"1,2\"] [1]");
        Assert.Contains("<p><a href=\"https://www.youtube.com/watch?v=abc\" rel=\"noopener noreferrer\">https://www.youtube.com/watch?v=abc</a></p>", html, StringComparison.Ordinal);
        Assert.Contains("<p><a href=\"https://twitter.com/x/status/1\" rel=\"noopener noreferrer\">https://twitter.com/x/status/1</a></p>", html, StringComparison.Ordinal);
        Assert.Contains("<p>نص مهم و [1]</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Scripts_and_layout_wrappers_are_handled_by_the_editors_sanitizer_rules()
    {
        var html = Convert("<div class=\"wrap\"><h1>عنوان كبير</h1><script>alert(1)</script><p onclick=\"x()\">نص</p></div>");
        Assert.Equal("<h2>عنوان كبير</h2>\n<p>نص</p>", html);
    }
}
