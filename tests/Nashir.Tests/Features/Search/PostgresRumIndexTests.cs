using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Search;
using Nashir.Web.Platform.Data;
using Npgsql;
using Xunit;

namespace Nashir.Tests.Features.Search;

/// <summary>
/// PostgreSQL with the rum extension (Debian's postgresql-NN-rum, installed by .ci/run): the migration makes the RUM
/// index and searches read the newest matches through it; without it they fall back to GIN with the same results,
/// and `search rebuild` makes the index once the extension is there. The rest of SearchTests_on_Postgres runs on the
/// RUM path too, and proves its hits the same as SQLite's.
/// </summary>
public sealed class PostgresRumIndexTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Searches_read_the_rum_index_and_find_the_same_through_gin_without_it()
    {
        await SearchArchive.SkipWithoutRumAsync(app);
        Assert.True(await HasRumIndexAsync());

        using var api = app.CreateApiClient();
        using var reader = app.CreateReaderClient();
        var marker = $"وسم{Unique.Next()}";
        var ids = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            var story = new ArticleInput { Headline = i == 2 ? $"{marker} في العنوان" : $"خبر رقم {i}", Body = $"<p>{marker} في نص الخبر {i}.</p>", Status = "published" };
            ids.Add((await api.CreateArticleAsync(story)).Id);
            app.Clock.Advance(TimeSpan.FromDays(3));
        }
        ids.Reverse();

        using var commands = new CommandTexts(new NpgsqlConnectionStringBuilder(app.Storage.ConnectionString).Database!);
        var byRelevance = await reader.SearchAsync(marker);
        var newest = await reader.SearchIdsAsync(marker, "&sort=newest");
        Assert.Equal(ids, newest);
        Assert.Equal(ids[3], byRelevance.Items[0].Id); // the headline match, though not the newest
        Assert.Equal(6, byRelevance.Total);
        Assert.Equal(2, commands.Count(sql => sql.Contains("\"Recency\" <=|", StringComparison.Ordinal)));

        // A server without the extension: the migration made no RUM index.
        await ExecuteAsync($"DROP INDEX \"{SearchSchema.RumIndex}\"");
        ((MemoryCache)app.Services.GetRequiredService<IMemoryCache>()).Clear();
        commands.Clear();
        var withoutRum = await reader.SearchAsync(marker);
        Assert.Equal(byRelevance.Items.Select(i => (i.Id, i.Score)), withoutRum.Items.Select(i => (i.Id, i.Score)));
        Assert.Equal(newest, await reader.SearchIdsAsync(marker, "&sort=newest"));
        Assert.DoesNotContain(commands, sql => sql.Contains("<=|", StringComparison.Ordinal));

        await SearchRebuild.RunAsync(app.Services, restart: true, TextWriter.Null);
        Assert.True(await HasRumIndexAsync());
    }

    private async Task<bool> HasRumIndexAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await SearchSchema.HasRumIndexAsync(scope.ServiceProvider.GetRequiredService<NashirDb>(), Cancel);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NashirDb>().Database.ExecuteSqlRawAsync(sql, Cancel);
    }

    /// <summary>The SQL sent to one database while alive, from Npgsql's tracing (its ActivitySource).</summary>
    internal sealed class CommandTexts : ConcurrentQueue<string>, IDisposable
    {
        private readonly ActivityListener listener;

        public CommandTexts(string database)
        {
            listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity =>
                {
                    var tags = activity.TagObjects.Select(t => t.Value as string).OfType<string>().ToList();
                    if (tags.Contains(database)) Enqueue(string.Join('\n', tags));
                },
            };
            ActivitySource.AddActivityListener(listener);
        }

        public void Dispose() => listener.Dispose();
    }
}

/// <summary>
/// A query the statistics say matches most of a large archive is not counted (its total is "more than 1,000") and
/// is answered from the newest documents: through the RUM index limited to them for one word in every article, by
/// testing them one by one, newest first, for two (where the index would read both words' postings). Both give the
/// newest matches, as reading every match would.
/// </summary>
public sealed class PostgresCommonQueryTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Words_in_most_articles_are_answered_from_the_newest_documents()
    {
        // Letters only: the analyzer splits a word at digits.
        var first = "كلمة" + SearchArchive.Letters(Unique.Next());
        var second = "علامة" + SearchArchive.Letters(Unique.Next());
        var newest = (await SearchArchive.PublishAsync(app, 6000, i => $"خبر رقم {i}", i => $"<p>نص فيه {first} مع {second} للخبر {i}.</p>")).Take(10).ToList();
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<NashirDb>().Database.ExecuteSqlRawAsync("ANALYZE \"SearchDocuments\"", Cancel);

        using var commands = new PostgresRumIndexTests.CommandTexts(new NpgsqlConnectionStringBuilder(app.Storage.ConnectionString).Database!);
        using var reader = app.CreateReaderClient();
        const string page = "&pageSize=10";
        var one = await reader.SearchAsync(first, page);
        Assert.Equal(newest, one.Items.Select(i => i.Id));
        Assert.Equal(ArticleSearch.MaxCounted + 1, one.Total);
        Assert.Contains(commands, sql => sql.Contains("\"Recency\" >=", StringComparison.Ordinal));
        Assert.Equal(newest, (await reader.SearchAsync(first, page + "&sort=newest")).Items.Select(i => i.Id));

        commands.Clear();
        var two = await reader.SearchAsync($"{first} {second}", page);
        Assert.Equal(newest, two.Items.Select(i => i.Id));
        Assert.Equal(ArticleSearch.MaxCounted + 1, two.Total);
        Assert.Contains(commands, sql => sql.Contains("ORDER BY \"Recency\" DESC LIMIT", StringComparison.Ordinal));
        Assert.DoesNotContain(commands, sql => sql.Contains("count(", StringComparison.Ordinal) && sql.Contains("@@", StringComparison.Ordinal));
    }

}

/// <summary>A large archive for PostgreSQL's search paths: published articles written straight to the database.</summary>
internal static class SearchArchive
{
    /// <summary>
    /// <paramref name="count"/> published articles, a minute apart, then indexed by `search rebuild`; their ids, newest
    /// first. Skips the test on a server without the rum extension.
    /// </summary>
    public static async Task<List<int>> PublishAsync(PostgresApp app, int count, Func<int, string> headline, Func<int, string> body)
    {
        var cancel = TestContext.Current.CancellationToken;
        await SkipWithoutRumAsync(app);
        List<Article> stories;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
            var author = await db.Users.OrderBy(u => u.Id).Select(u => u.Id).FirstAsync(cancel);
            var now = app.Clock.GetUtcNow().UtcDateTime;
            stories = Enumerable.Range(0, count).Select(i => new Article
            {
                Headline = headline(i),
                Body = body(i),
                Slug = $"archive-{Unique.Next()}",
                Status = ArticleStatus.Published,
                PublishAt = now.AddMinutes(-1 - i),
                CreatedAt = now,
                UpdatedAt = now,
                Version = 1,
                Authors = [new ArticleAuthor { UserId = author, Position = 0 }],
            }).ToList();
            db.Articles.AddRange(stories);
            await db.SaveChangesAsync(cancel);
        }
        await SearchRebuild.RunAsync(app.Services, restart: true, TextWriter.Null);
        return stories.Select(a => a.Id).ToList();
    }

    /// <summary>Skips the test on a PostgreSQL server without the rum extension.</summary>
    public static async Task SkipWithoutRumAsync(PostgresApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        if (!await scope.ServiceProvider.GetRequiredService<NashirDb>().Database
                .SqlQueryRaw<bool>("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') AS \"Value\"")
                .SingleAsync(TestContext.Current.CancellationToken))
            Assert.Skip("The rum extension is not installed (apt-get install postgresql-NN-rum; .ci/run does).");
    }

    /// <summary>A number spelled in Arabic letters, to make words unique: the analyzer splits a word at digits.</summary>
    public static string Letters(int number) => string.Concat(number.ToString(CultureInfo.InvariantCulture).Select(d => "بتثجحخدذرز"[d - '0']));
}
