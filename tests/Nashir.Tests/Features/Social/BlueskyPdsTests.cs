using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nashir.Tests.Support;
using Nashir.Web.Features.Social;
using Xunit;

namespace Nashir.Tests.Features.Social;

/// <summary>
/// End to end against a real Bluesky PDS (@atproto/pds on loopback, started once per CI run by .ci/run, which sets
/// NASHIR_BLUESKY_PDS): the seed article, posted by an editor's "post again", read back from the repository.
/// </summary>
public sealed class BlueskyPdsTests
{
    /// <summary>A 1×1 PNG: the featured image the link card's thumbnail is made from.</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    [Fact]
    public async Task The_seed_article_reaches_a_real_pds_with_its_link_facet_and_card()
    {
        if (Environment.GetEnvironmentVariable("NASHIR_BLUESKY_PDS") is not { Length: > 0 } pds)
        {
            Assert.Skip("No Bluesky PDS: set NASHIR_BLUESKY_PDS (e.g. http://127.0.0.1:2583; .ci/run starts one with ../shared/tools/bluesky-pds/run.sh).");
            return;
        }
        var cancel = TestContext.Current.CancellationToken;
        using var http = new HttpClient { BaseAddress = new Uri(pds.TrimEnd('/') + "/") };
        var handle = $"newsdesk{Guid.NewGuid().ToString("N")[..8]}.test";
        using var created = await http.PostAsJsonAsync("xrpc/com.atproto.server.createAccount", new { handle, email = $"{handle}@nashir.test", password = "a-long-password-1234" }, cancel);
        await created.ShouldBeAsync(System.Net.HttpStatusCode.OK);
        var account = (await created.Content.ReadFromJsonAsync<JsonObject>(cancel))!;
        using var appPasswordRequest = new HttpRequestMessage(HttpMethod.Post, "xrpc/com.atproto.server.createAppPassword") { Content = JsonContent.Create(new { name = "nashir" }) };
        appPasswordRequest.Headers.Authorization = new("Bearer", account["accessJwt"]!.GetValue<string>());
        using var appPassword = await http.SendAsync(appPasswordRequest, cancel);
        await appPassword.ShouldBeAsync(System.Net.HttpStatusCode.OK);
        var password = (await appPassword.Content.ReadFromJsonAsync<JsonObject>(cancel))!["password"]!.GetValue<string>();

        await using var images = await StartImageHostAsync();
        await using var app = new NashirApp(NashirStorage.Sqlite(), demoContent: true, new Dictionary<string, string?>
        {
            ["Nashir:Social:DispatchInBackground"] = "false",
            ["Nashir:Social:Accounts:bluesky:Network"] = "bluesky",
            ["Nashir:Social:Accounts:bluesky:BaseUrl"] = pds,
            ["Nashir:Social:Accounts:bluesky:Identifier"] = handle,
            ["Nashir:Social:Accounts:bluesky:AppPassword"] = password,
        });
        int seedId = 0, accountId = 0;
        string seedHeadline = "";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Nashir.Web.Platform.Data.NashirDb>();
            var seed = await db.Articles.SingleAsync(a => a.Kicker == "قمة جنيف", cancel);
            (seedId, seedHeadline) = (seed.Id, seed.Headline);
            accountId = (await db.SocialAccounts.SingleAsync(a => a.Key == "bluesky", cancel)).Id;
            Assert.False(await db.SocialDeliveries.AnyAsync(cancel)); // demo content is never announced by itself
            var image = images.Urls.First() + "thumb.png";
            await db.Articles.Where(a => a.Id == seedId).ExecuteUpdateAsync(set => set.SetProperty(a => a.FeaturedImageUrl, image), cancel);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<SocialOutbox>().PostAgainAsync(seedId, accountId, cancel));
        }
        await app.Services.GetRequiredService<SocialDispatcher>().DispatchDueAsync(cancel);

        using var list = await http.GetAsync($"xrpc/com.atproto.repo.listRecords?repo={account["did"]}&collection=app.bsky.feed.post&limit=10", cancel);
        await list.ShouldBeAsync(System.Net.HttpStatusCode.OK);
        var record = Assert.Single((await list.Content.ReadFromJsonAsync<JsonObject>(cancel))!["records"]!.AsArray())!["value"]!;
        var text = record["text"]!.GetValue<string>();
        Assert.StartsWith(seedHeadline[..20], text, StringComparison.Ordinal);
        var link = $"http://localhost/news/{seedId}/";
        var facet = record["facets"]![0]!;
        Assert.StartsWith(link, facet["features"]![0]!["uri"]!.GetValue<string>(), StringComparison.Ordinal);
        var (start, end) = (facet["index"]!["byteStart"]!.GetValue<int>(), facet["index"]!["byteEnd"]!.GetValue<int>());
        Assert.StartsWith($"localhost/news/{seedId}/", Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)[start..end]), StringComparison.Ordinal);
        var card = record["embed"]!["external"]!;
        Assert.Equal(seedHeadline, card["title"]!.GetValue<string>());
        Assert.Equal("image/png", card["thumb"]!["mimeType"]!.GetValue<string>());
        Assert.Equal("ar", record["langs"]![0]!.GetValue<string>());
        await using var check = app.Services.CreateAsyncScope();
        var delivery = await check.ServiceProvider.GetRequiredService<Nashir.Web.Platform.Data.NashirDb>().SocialDeliveries.SingleAsync(cancel);
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        Assert.StartsWith($"https://bsky.app/profile/{handle}/post/", delivery.RemoteUrl, StringComparison.Ordinal);
    }

    private sealed class ImageHost(WebApplication app) : IAsyncDisposable
    {
        public IEnumerable<string> Urls => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => a.TrimEnd('/') + "/");
        public ValueTask DisposeAsync() => app.DisposeAsync();
    }

    private static async Task<ImageHost> StartImageHostAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/thumb.png", () => Results.Bytes(Png, "image/png"));
        await app.StartAsync();
        return new ImageHost(app);
    }
}
