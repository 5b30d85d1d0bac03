using System.Net;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Xunit;

namespace Nashir.Tests.Features.Articles;

public sealed class ArticlePermissionTests_on_Sqlite(SqliteApp app) : ArticlePermissionTests<SqliteApp>(app);

public sealed class ArticlePermissionTests_on_Postgres(PostgresApp app) : ArticlePermissionTests<PostgresApp>(app);

/// <summary>
/// Who may do what through the API, with each role's own token: contributors submit, authors
/// publish their own, editors manage everyone's; nobody writes without a valid token.
/// </summary>
public abstract class ArticlePermissionTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    [Fact]
    public async Task A_contributor_can_submit_drafts_for_review_but_cannot_publish()
    {
        var contributor = await app.CreateStaffAsync(Roles.Contributor);
        using var api = app.CreateApiClient(contributor.ApiToken);

        using var published = await api.PostArticleAsync(ArticleInput.Story("published"));
        using var scheduled = await api.PostArticleAsync(ArticleInput.Story("scheduled") with { PublishAt = app.Clock.GetUtcNow().AddHours(2) });
        var draft = await api.CreateArticleAsync(ArticleInput.Story("draft"));
        var pending = await api.CreateArticleAsync(ArticleInput.Story("pending"));
        using var publishOwnDraft = await api.PatchArticleAsync(draft.Id, new ArticleInput { Status = "published", Version = draft.Version });

        await published.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await scheduled.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await publishOwnDraft.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("draft", draft.Status);
        Assert.Equal("pending", pending.Status);
        Assert.Equal(contributor.Slug, Assert.Single(draft.Authors).Slug);
        using var admin = app.CreateApiClient();
        Assert.Equal("draft", (await admin.GetArticleAsync(draft.Id)).Status);
    }

    [Fact]
    public async Task An_author_publishes_their_own_articles_but_cannot_edit_another_authors()
    {
        var author = await app.CreateStaffAsync(Roles.Author);
        var otherAuthor = await app.CreateStaffAsync(Roles.Author);
        using var api = app.CreateApiClient(author.ApiToken);
        using var otherApi = app.CreateApiClient(otherAuthor.ApiToken);

        var article = await api.CreateArticleAsync(ArticleInput.Story("published"));
        using var intrusion = await otherApi.PatchArticleAsync(article.Id, new ArticleInput { Headline = "عنوان من كاتب آخر", Version = article.Version });
        var ownEdit = await api.UpdateArticleAsync(article.Id, new ArticleInput { Headline = "الكاتب يصحح عنوان مقاله", Version = article.Version });

        Assert.Equal("published", article.Status);
        Assert.Equal(author.Slug, Assert.Single(article.Authors).Slug);
        await intrusion.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("الكاتب يصحح عنوان مقاله", ownEdit.Headline);
    }

    [Fact]
    public async Task An_editor_can_edit_any_authors_article()
    {
        var author = await app.CreateStaffAsync(Roles.Author);
        var editor = await app.CreateStaffAsync(Roles.Editor);
        using var authorApi = app.CreateApiClient(author.ApiToken);
        using var editorApi = app.CreateApiClient(editor.ApiToken);
        var article = await authorApi.CreateArticleAsync(ArticleInput.Story("published"));

        var edited = await editorApi.UpdateArticleAsync(article.Id, new ArticleInput { Headline = "المحرر يراجع عنوان الكاتب", Version = article.Version });

        Assert.Equal("المحرر يراجع عنوان الكاتب", edited.Headline);
        Assert.Equal(author.Slug, Assert.Single(edited.Authors).Slug);
    }

    [Fact]
    public async Task Writing_without_a_token_is_unauthorized()
    {
        using var api = app.CreateApiClient(token: null);

        using var create = await api.PostArticleAsync(ArticleInput.Story());
        using var edit = await api.PatchArticleAsync(1, new ArticleInput { Headline = "عنوان بلا صلاحية" });

        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, edit.StatusCode);
    }

    [Theory]
    [InlineData("nsr_this-token-was-never-issued-by-the-site-000000")]
    [InlineData("not-even-a-token")]
    public async Task Writing_with_an_unknown_token_is_unauthorized(string token)
    {
        using var api = app.CreateApiClient(token);

        using var create = await api.PostArticleAsync(ArticleInput.Story());

        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
    }
}
