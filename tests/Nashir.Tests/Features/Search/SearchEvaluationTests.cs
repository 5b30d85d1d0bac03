using System.Globalization;
using System.Text;
using Nashir.Tests.Support;
using Xunit;

namespace Nashir.Tests.Features.Search;

public sealed class SearchEvaluationTests_on_Sqlite(SqliteApp app) : SearchEvaluationTests<SqliteApp>(app);

public sealed class SearchEvaluationTests_on_Postgres(PostgresApp app) : SearchEvaluationTests<PostgresApp>(app);

/// <summary>
/// The quality bar of issue 5: the judged set in Evaluation/ (documents.txt, queries.txt) searched
/// through the public API; fails when recall or precision (macro-averaged over queries) is below 0.95.
/// The per-query table is written to the test output.
/// </summary>
public abstract class SearchEvaluationTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    private const double Bar = 0.95;

    [Fact]
    public async Task The_judged_queries_reach_the_recall_and_precision_bar()
    {
        await using var site = await app.StartNewAsync(demoContent: false);
        using var api = site.CreateApiClient();
        var ids = new Dictionary<int, string>();
        foreach (var (key, headline, body) in Documents())
        {
            var article = await api.CreateArticleAsync(new ArticleInput { Headline = headline, Body = $"<p>{body}</p>", Status = "published" });
            ids[article.Id] = key;
        }

        var table = new StringBuilder("query | relevant | found | recall | precision | missed | extra\n");
        double recallSum = 0, precisionSum = 0;
        var queries = Queries();
        foreach (var (query, relevant) in queries)
        {
            var found = (await api.SearchIdsAsync(query)).Select(id => ids[id]).ToHashSet();
            var hits = found.Count(relevant.Contains);
            var recall = relevant.Count == 0 ? 1 : (double)hits / relevant.Count;
            var precision = found.Count == 0 ? (relevant.Count == 0 ? 1 : 0) : (double)hits / found.Count;
            recallSum += recall;
            precisionSum += precision;
            table.Append(CultureInfo.InvariantCulture, $"{query} | {relevant.Count} | {found.Count} | {recall:F2} | {precision:F2} | {string.Join(' ', relevant.Except(found))} | {string.Join(' ', found.Except(relevant))}\n");
        }
        var (overallRecall, overallPrecision) = (recallSum / queries.Count, precisionSum / queries.Count);
        table.Append(CultureInfo.InvariantCulture, $"overall ({queries.Count} queries, {ids.Count} documents) | recall {overallRecall:F3} | precision {overallPrecision:F3}\n");
        TestContext.Current.TestOutputHelper?.WriteLine(table.ToString());
        TestContext.Current.SendDiagnosticMessage(table.ToString());

        Assert.True(overallRecall >= Bar && overallPrecision >= Bar,
            $"Recall {overallRecall:F3} and precision {overallPrecision:F3} must both reach {Bar}.\n{table}");
    }

    private static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Features", "Search", "Evaluation", name);

    private static IEnumerable<string> Lines(string name) =>
        File.ReadLines(DataFile(name)).Where(l => l.Trim().Length > 0 && !l.StartsWith('#'));

    private static List<(string Key, string Headline, string Body)> Documents() =>
        Lines("documents.txt").Select(l => l.Split(" | ", 3)).Select(p => (p[0].Trim(), p[1].Trim(), p[2].Trim())).ToList();

    private static List<(string Query, HashSet<string> Relevant)> Queries() =>
        Lines("queries.txt").Select(line =>
        {
            var judged = line.Split(" => ", 2);
            var relevant = judged[1].Split('#', 2)[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            return (judged[0], relevant);
        }).ToList();
}
