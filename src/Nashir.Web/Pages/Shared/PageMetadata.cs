using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Feeds;

namespace Nashir.Web.Pages;

/// <summary>
/// What a page tells crawlers, link previews and feed readers about itself, set by the page and
/// rendered in the layout's head by _Metadata: one typed object instead of loose ViewData keys.
/// </summary>
public sealed class PageMetadata
{
    private const string Key = nameof(PageMetadata);

    /// <summary>The story this page shows: og:type=article, NewsArticle and breadcrumbs, oEmbed discovery.</summary>
    public ArticleView? Article { get; set; }

    /// <summary>The home page: Organization and WebSite (with SearchAction).</summary>
    public bool IsHome { get; set; }

    /// <summary>The feed of this archive (category, tag, author), offered besides the site's own feeds.</summary>
    public FeedScope? Feed { get; set; }

    public static PageMetadata Of(ViewDataDictionary viewData)
    {
        if (viewData[Key] is not PageMetadata metadata) viewData[Key] = metadata = new PageMetadata();
        return metadata;
    }
}
