using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Platform.Data;
using Xunit;

namespace Nashir.Tests.Features.Accounts;

public sealed class ApiTokenTests_on_Sqlite(SqliteApp app) : ApiTokenTests<SqliteApp>(app);

public sealed class ApiTokenTests_on_Postgres(PostgresApp app) : ApiTokenTests<PostgresApp>(app);

/// <summary>API tokens work until revoked, and a revoked token stops at once, not when its cached look-up expires.</summary>
public abstract class ApiTokenTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    [Fact]
    public async Task A_revoked_token_is_refused_on_its_very_next_request()
    {
        var editor = await app.CreateStaffAsync(Roles.Editor);
        using var api = app.CreateApiClient(editor.ApiToken);
        using (var created = await api.PostArticleAsync(ArticleInput.Story()))
            await created.ShouldBeAsync(HttpStatusCode.Created);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
            var id = await db.ApiTokens.Where(t => t.UserId == editor.Id).Select(t => t.Id).SingleAsync(TestContext.Current.CancellationToken);
            Assert.True(await scope.ServiceProvider.GetRequiredService<ApiTokens>().RevokeAsync(id, TestContext.Current.CancellationToken));
        }

        using var refused = await api.PostArticleAsync(ArticleInput.Story());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
