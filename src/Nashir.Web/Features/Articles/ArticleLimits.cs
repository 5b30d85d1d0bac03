namespace Nashir.Web.Features.Articles;

public static class ArticleLimits
{
    public const int Headline = 250;
    public const int Kicker = 80;
    public const int Subtitle = 400;
    public const int Excerpt = 600;
    public const int Slug = 200;
    public const int Url = 2000;
    public const int Caption = 400;

    /// <summary>~200 KB of HTML is a very long feature; anything larger is a paste accident.</summary>
    public const int Body = 200_000;

    /// <summary>Derived excerpts: about two lines in a listing.</summary>
    public const int DerivedExcerpt = 220;

    public const int CategoriesPerArticle = 10;
    public const int TagsPerArticle = 30;
}
