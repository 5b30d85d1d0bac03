using Nashir.Web.Features.Articles;

namespace Nashir.Web.Pages;

/// <summary>An article as the reader sees it; the editors' preview renders the same partial.</summary>
public sealed record ArticleDisplay(ArticleView Article, long Reads, bool IsPreview);
