using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Tests.Support.SocialEmulators;
using Nashir.Web.Features.Social;
using Xunit;

namespace Nashir.Tests.Features.Social;

/// <summary>Two app nodes dispatching from one PostgreSQL database: row locks (SKIP LOCKED) give every job to one node.</summary>
public sealed class TwoNodesTests(PostgresSocialSite site) : IClassFixture<PostgresSocialSite>
{
    [Fact]
    public async Task Two_dispatchers_on_one_database_send_every_job_exactly_once()
    {
        site.SkipIfUnavailable();
        var cancel = TestContext.Current.CancellationToken;
        using var api = site.App.CreateApiClient();
        var articles = new List<int>();
        for (var i = 0; i < 25; i++) articles.Add((await api.CreateArticleAsync(ArticleInput.Story())).Id);
        // A second node: its own dispatcher (its own lease owner), same database.
        var first = site.App.Services.GetRequiredService<SocialDispatcher>();
        var second = ActivatorUtilities.CreateInstance<SocialDispatcher>(site.App.Services);

        async Task<int> DrainAsync(SocialDispatcher node)
        {
            var claimed = 0;
            while (await node.DispatchDueAsync(cancel) is var n and > 0) claimed += n;
            return claimed;
        }
        var both = await Task.WhenAll(DrainAsync(first), DrainAsync(second), DrainAsync(first), DrainAsync(second));

        Assert.Equal(articles.Count * 6, both.Sum());
        Assert.True(both.Count(n => n > 0) >= 2, $"both nodes should have worked: {string.Join(", ", both)}");
        Assert.Equal(articles.Count, site.Telegram.Messages.Count); // Telegram accepts duplicates: any double send would show
        foreach (var emulator in site.Emulators)
            Assert.Equal(articles.Count, emulator.PostCount);
        await site.WithDbAsync(async db =>
            Assert.Equal(articles.Count * 6, await db.SocialDeliveries.CountAsync(d => articles.Contains(d.ArticleId) && d.Status == DeliveryStatus.Sent, cancel)));
    }
}
