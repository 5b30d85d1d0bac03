using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Nashir.Web.Features.Social.SocialHttp;

namespace Nashir.Web.Features.Social;

/// <summary>
/// Bluesky / AT Protocol on any PDS (spec §6). The record key is derived from the job and the record is the same
/// on every attempt (createdAt is the job's), so a retry with `putRecord` is a no-op when the first one got through.
/// Sessions are cached per account: createSession is limited to 30 per 5 minutes.
/// </summary>
public sealed class BlueskyClient(IHttpClientFactory http, TimeProvider clock) : ISocialNetworkClient
{
    /// <summary>The PDS refuses a thumbnail over this many bytes (§6.2).</summary>
    public const int MaxThumbBytes = 1_000_000;
    private const string Collection = "app.bsky.feed.post";

    private readonly ConcurrentDictionary<int, Session> sessions = new();

    private sealed record Session(string AccessJwt, string Did, string Handle);

    public string Network => SocialNetworks.Bluesky;
    public bool SafeToRetryUncertain => true;

    public async Task<SendResult> SendAsync(SocialPost post, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await SessionAsync(post.Account, cancellationToken) is not { } session)
                return new SendResult.Failed(
                    SocialErrors.Problem(SocialErrorKind.Credentials, Network, null, "createSession refused"));
            var client = http.CreateClient(ClientName);
            var record = new JsonObject
            {
                ["$type"] = Collection,
                ["text"] = post.Text,
                ["createdAt"] = post.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["langs"] = new JsonArray("ar"),
            };
            if (SocialLength.LinkBytes(post.Text, post.LinkText) is var (start, end))
                record["facets"] = new JsonArray(new JsonObject
                {
                    ["index"] = new JsonObject { ["byteStart"] = start, ["byteEnd"] = end },
                    ["features"] = new JsonArray(new JsonObject { ["$type"] = "app.bsky.richtext.facet#link", ["uri"] = post.Link }),
                });
            if (post.Attachment == SocialAttachment.Card)
            {
                var external = new JsonObject { ["uri"] = post.Link, ["title"] = post.Title, ["description"] = post.Description };
                if (post.ImageUrl is not null && await UploadThumbAsync(client, post.Account, session, post.ImageUrl, cancellationToken) is { } blob)
                    external["thumb"] = blob;
                record["embed"] = new JsonObject { ["$type"] = "app.bsky.embed.external", ["external"] = external };
            }
            var rkey = RecordKey(post.CreatedAt, post.DeliveryId);
            using var request = new HttpRequestMessage(HttpMethod.Post, post.Account.Url("xrpc/com.atproto.repo.putRecord"))
            {
                Content = JsonContent.Create(new JsonObject { ["repo"] = session.Did, ["collection"] = Collection, ["rkey"] = rkey, ["record"] = record }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessJwt);
            var (status, body, response) = await SendJsonAsync(client, request, cancellationToken);
            using (response)
            {
                if (response.IsSuccessStatusCode)
                    return new SendResult.Sent(Text(body, "uri"), $"https://bsky.app/profile/{session.Handle}/post/{rkey}");
                var error = Text(body, "error");
                if (error is "ExpiredToken" or "InvalidToken" && attempt == 0)
                {
                    sessions.TryRemove(post.Account.Id, out _); // log in again once
                    continue;
                }
                var message = $"{error}: {Text(body, "message")}";
                var after = RetryAfterHeader(response, clock) ?? EpochHeader(response, "RateLimit-Reset", clock);
                return Transient(Network, status, message, after) ?? Refused(Network, status, message);
            }
        }
    }

    public async Task<SocialProblem?> CheckAsync(SocialConnection account, CancellationToken cancellationToken)
    {
        sessions.TryRemove(account.Id, out _);
        return await SessionAsync(account, cancellationToken) is null
            ? SocialErrors.Problem(SocialErrorKind.Credentials, Network, null, "createSession refused the credentials")
            : null;
    }

    /// <summary>
    /// A TID (13 base32-sortable characters of 53 bits of microseconds and a 10-bit clock id, §6.3) from the
    /// job's creation time and id: stable across attempts, different for every job.
    /// </summary>
    public static string RecordKey(DateTime createdAt, long deliveryId)
    {
        const string alphabet = "234567abcdefghijklmnopqrstuvwxyz";
        var micros = (createdAt - DateTime.UnixEpoch).Ticks / 10;
        var value = (ulong)(micros & ((1L << 53) - 1)) << 10 | (ulong)(deliveryId % 1024);
        var chars = new char[13];
        for (var i = 12; i >= 0; i--)
        {
            chars[i] = alphabet[(int)(value & 31)];
            value >>= 5;
        }
        return new string(chars);
    }

    private async Task<Session?> SessionAsync(SocialConnection account, CancellationToken cancellationToken)
    {
        if (sessions.TryGetValue(account.Id, out var cached)) return cached;
        using var request = new HttpRequestMessage(HttpMethod.Post, account.Url("xrpc/com.atproto.server.createSession"))
        {
            Content = JsonContent.Create(new { identifier = account.Credential("Identifier"), password = account.Credential("AppPassword") }),
        };
        var (status, body, response) = await SendJsonAsync(http.CreateClient(ClientName), request, cancellationToken);
        using (response)
        {
            if (status is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest) return null;
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"createSession answered {(int)status}: {Describe(body)}", null, status);
            return sessions[account.Id] = new Session(Text(body, "accessJwt"), Text(body, "did"), Text(body, "handle"));
        }
    }

    /// <summary>The card's thumbnail: the featured image, uploaded as a blob; a card without one if it cannot be had.</summary>
    private static async Task<JsonNode?> UploadThumbAsync(HttpClient client, SocialConnection account, Session session, string imageUrl, CancellationToken cancellationToken)
    {
        using var image = await client.GetAsync(imageUrl, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!image.IsSuccessStatusCode || image.Content.Headers.ContentLength > MaxThumbBytes) return null;
        var bytes = await image.Content.ReadAsByteArrayAsync(cancellationToken);
        if (bytes.Length > MaxThumbBytes) return null;
        using var request = new HttpRequestMessage(HttpMethod.Post, account.Url("xrpc/com.atproto.repo.uploadBlob")) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(image.Content.Headers.ContentType?.MediaType ?? "image/jpeg");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessJwt);
        var (_, body, response) = await SendJsonAsync(client, request, cancellationToken);
        using (response) return response.IsSuccessStatusCode ? body?["blob"]?.DeepClone() : null;
    }
}
