using System.Diagnostics;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Search;

/// <summary>
/// `search generate --count N --vocabulary FILE`: bulk-inserts N published articles of random Arabic
/// text for search benchmarks (bench/search.sh), much faster than the editor path of `demo generate`,
/// and deliberately without indexing, so that `search rebuild` can then be measured alone. Words are
/// drawn with a Zipf-like distribution from the vocabulary file, as in real text: few very common
/// words, a long tail of rare ones. Seeded, so two runs make the same site.
/// </summary>
public static class SearchBenchmarkArticles
{
    private const int BatchSize = 2000;

    public static async Task<int> GenerateAsync(IServiceProvider services, int count, string vocabularyFile, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var baseWords = File.ReadAllText(vocabularyFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct().ToArray();
        if (baseWords.Length < 100) { output.WriteLine($"{vocabularyFile}: a vocabulary needs at least 100 words."); return 2; }
        // Real news has tens of thousands of distinct forms; clitics and suffixes on the vocabulary give that
        // long tail (plain forms keep the top ranks), so rare query words are as rare as in a real archive.
        string[] prefixes = ["", "ال", "و", "وال", "ب", "بال", "ل", "لل"];
        string[] suffixes = ["", "ات", "ها", "ون", "ين", "ه"];
        var words = prefixes.SelectMany(p => suffixes.Select(x => (p, x)))
            .SelectMany(affix => baseWords.Select(w => affix.p + w + affix.x)).Distinct().ToArray();
        await DatabaseSetup.MigrateAsync(services);
        int adminId;
        await using (var scope = services.CreateAsyncScope())
        {
            adminId = (await scope.ServiceProvider.GetRequiredService<FirstStart>().EnsureAdminAsync(CancellationToken.None)).Id;
        }
#pragma warning disable CA5394 // benchmark text, not security: a seeded generator makes runs comparable
        var random = new Random(20261127);
        // Zipf with s = 1: the weight of rank r is 1/r; sampled by inverting the cumulative sum.
        var cumulative = new double[words.Length];
        var sum = 0.0;
        for (var r = 0; r < words.Length; r++) cumulative[r] = sum += 1.0 / (r + 1);
        string Word()
        {
            var rank = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            return words[Math.Min(words.Length - 1, rank >= 0 ? rank : ~rank)];
        }
        string Sentence(int min, int max) => string.Join(' ', Enumerable.Range(0, random.Next(min, max)).Select(_ => Word()));

        var watch = Stopwatch.StartNew();
        var now = DateTime.UtcNow;
        for (var done = 0; done < count;)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
            var batch = Math.Min(BatchSize, count - done);
            for (var k = 0; k < batch; k++)
            {
                var n = done + k;
                var paragraphs = Enumerable.Range(0, random.Next(3, 8)).Select(_ => $"<p>{Sentence(25, 60)}.</p>");
                var body = string.Concat(paragraphs);
                db.Articles.Add(new Article
                {
                    Headline = Sentence(6, 12),
                    Kicker = random.Next(3) == 0 ? Sentence(2, 4) : null,
                    Body = body,
                    Excerpt = Sentence(15, 25),
                    Slug = $"bench-{Guid.NewGuid():N}",
                    Status = ArticleStatus.Published,
                    PublishAt = now.AddMinutes(-random.Next(0, 3 * 365 * 24 * 60)),
                    CreatedAt = now,
                    UpdatedAt = now,
                    Version = 1,
                    Authors = [new ArticleAuthor { UserId = adminId, Position = 0 }],
                });
            }
#pragma warning restore CA5394
            await db.SaveChangesAsync();
            done += batch;
            output.WriteLine($"{done:N0}/{count:N0} articles ({done / watch.Elapsed.TotalSeconds:N0}/s)");
        }
        return 0;
    }
}
