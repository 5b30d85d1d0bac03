using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using static Nashir.Web.Features.Social.SocialHttp;

namespace Nashir.Web.Features.Social;

/// <summary>Mastodon `POST /api/v1/statuses` (spec §5). The Idempotency-Key makes a repeat return the first status.</summary>
public sealed class MastodonClient(IHttpClientFactory http, TimeProvider clock) : ISocialNetworkClient
{
    public string Network => SocialNetworks.Mastodon;
    public bool SafeToRetryUncertain => true;

    public async Task<SendResult> SendAsync(SocialPost post, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, post.Account.Url("api/v1/statuses"))
        {
            Content = JsonContent.Create(new { status = post.Text, visibility = "public", language = "ar" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", post.Account.Credential("AccessToken"));
        request.Headers.Add("Idempotency-Key", post.IdempotencyKey);
        var (status, body, response) = await SendJsonAsync(http.CreateClient(ClientName), request, cancellationToken);
        using (response)
        {
            if (response.IsSuccessStatusCode) return new SendResult.Sent(Text(body, "id"), Text(body, "url"));
            var error = Text(body, "error");
            return Transient(Network, status, error, IsoHeader(response, "X-RateLimit-Reset", clock))
                ?? Refused(Network, status, error);
        }
    }

    public async Task<SocialProblem?> CheckAsync(SocialConnection account, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, account.Url("api/v1/accounts/verify_credentials"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.Credential("AccessToken"));
        var (_, body, response) = await SendJsonAsync(http.CreateClient(ClientName), request, cancellationToken);
        using (response) return Checked(Network, response, Text(body, "error"));
    }
}

/// <summary>
/// X `POST /2/tweets` (spec §1), with a user token (Bearer) or OAuth 1.0a user context. X has no idempotency
/// key; after an uncertain attempt its duplicate-content 403 means the first attempt got through.
/// </summary>
public sealed class XClient(IHttpClientFactory http, TimeProvider clock) : ISocialNetworkClient
{
    private const string DuplicateMarker = "duplicate content";

    public string Network => SocialNetworks.X;
    public bool SafeToRetryUncertain => true;

    public async Task<SendResult> SendAsync(SocialPost post, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, post.Account.Url("2/tweets")) { Content = JsonContent.Create(new { text = post.Text }) };
        Authorize(request, post.Account);
        var (status, body, response) = await SendJsonAsync(http.CreateClient(ClientName), request, cancellationToken);
        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                var id = Text(body, "data", "id");
                return new SendResult.Sent(id, $"https://x.com/i/web/status/{id}");
            }
            var detail = Text(body, "detail") is { Length: > 0 } d ? d : Describe(body);
            if (status == HttpStatusCode.Forbidden && detail.Contains(DuplicateMarker, StringComparison.OrdinalIgnoreCase))
                return post.Uncertain
                    ? new SendResult.Sent(null, null) // the earlier, unanswered attempt was posted; X gives no id for it
                    : new SendResult.Failed(SocialErrors.Problem(SocialErrorKind.Duplicate, Network, 403, detail));
            return Transient(Network, status, detail, EpochHeader(response, "x-rate-limit-reset", clock))
                ?? Refused(Network, status, detail);
        }
    }

    public async Task<SocialProblem?> CheckAsync(SocialConnection account, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, account.Url("2/users/me"));
        Authorize(request, account);
        var (_, body, response) = await SendJsonAsync(http.CreateClient(ClientName), request, cancellationToken);
        var detail = Text(body, "detail") is { Length: > 0 } d ? d : Describe(body);
        using (response) return Checked(Network, response, detail);
    }

    private void Authorize(HttpRequestMessage request, SocialConnection account)
    {
        if (account.OptionalCredential("ConsumerKey") is { } consumerKey)
            request.Headers.Authorization = new AuthenticationHeaderValue("OAuth", OAuth1Header(request.Method.Method, request.RequestUri!,
                consumerKey, account.Credential("ConsumerSecret"), account.Credential("AccessToken"), account.Credential("AccessTokenSecret"), clock.GetUtcNow()));
        else
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.Credential("AccessToken"));
    }

    /// <summary>RFC 5849 HMAC-SHA1; a JSON body is not part of the signature base string (§3.4.1.3.1).</summary>
    internal static string OAuth1Header(string method, Uri url, string consumerKey, string consumerSecret, string token, string tokenSecret, DateTimeOffset now)
    {
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["oauth_consumer_key"] = consumerKey,
            ["oauth_nonce"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            ["oauth_signature_method"] = "HMAC-SHA1",
            ["oauth_timestamp"] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["oauth_token"] = token,
            ["oauth_version"] = "1.0",
        };
        parameters["oauth_signature"] = OAuth1Signature(method, url, parameters, consumerSecret, tokenSecret);
        return string.Join(", ", parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}=\"{Uri.EscapeDataString(p.Value)}\""));
    }

    internal static string OAuth1Signature(string method, Uri url, IEnumerable<KeyValuePair<string, string>> oauthParameters, string consumerSecret, string tokenSecret)
    {
        var all = oauthParameters.Where(p => p.Key != "oauth_signature")
            .Concat(System.Web.HttpUtility.ParseQueryString(url.Query) is var query ? query.AllKeys.Where(k => k is not null).Select(k => KeyValuePair.Create(k!, query[k]!)) : [])
            .Select(p => (Key: Uri.EscapeDataString(p.Key), Value: Uri.EscapeDataString(p.Value)))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal);
        var baseUrl = url.GetLeftPart(UriPartial.Path);
        var baseString = $"{method.ToUpperInvariant()}&{Uri.EscapeDataString(baseUrl)}&{Uri.EscapeDataString(string.Join("&", all.Select(p => $"{p.Key}={p.Value}")))}";
#pragma warning disable CA5350 // HMAC-SHA1 is what OAuth 1.0a (and X) require.
        using var hmac = new HMACSHA1(Encoding.ASCII.GetBytes($"{Uri.EscapeDataString(consumerSecret)}&{Uri.EscapeDataString(tokenSecret)}"));
#pragma warning restore CA5350
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.ASCII.GetBytes(baseString)));
    }
}

/// <summary>
/// Telegram Bot API `sendMessage` / `sendPhoto` to a channel (spec §4). Identical messages are accepted, so an
/// attempt whose outcome is unknown is never re-sent: a person checks the channel.
/// </summary>
public sealed class TelegramClient(IHttpClientFactory http) : ISocialNetworkClient
{
    public string Network => SocialNetworks.Telegram;
    public bool SafeToRetryUncertain => false;

    public async Task<SendResult> SendAsync(SocialPost post, CancellationToken cancellationToken)
    {
        var photo = post.Attachment == SocialAttachment.Image && post.ImageUrl is not null;
        var text = WebUtility.HtmlEncode(post.Text).Replace("&#39;", "'", StringComparison.Ordinal).Replace("&quot;", "\"", StringComparison.Ordinal);
        object payload = photo
            ? new { chat_id = post.Account.Credential("ChatId"), photo = post.ImageUrl, caption = text, parse_mode = "HTML" }
            : new
            {
                chat_id = post.Account.Credential("ChatId"), text, parse_mode = "HTML",
                link_preview_options = new { url = post.Link, prefer_large_media = true, is_disabled = post.Attachment == SocialAttachment.None },
            };
        using var request = new HttpRequestMessage(HttpMethod.Post, Method(post.Account, photo ? "sendPhoto" : "sendMessage")) { Content = JsonContent.Create(payload) };
        var (status, body, response) = await SendJsonAsync(http.CreateClient(ClientName), request, cancellationToken);
        using (response)
        {
            if (response.IsSuccessStatusCode && body?["ok"]?.GetValue<bool>() == true)
            {
                var id = Text(body, "result", "message_id");
                var chat = Text(body, "result", "chat", "username");
                var chatId = Text(body, "result", "chat", "id");
                var url = chat.Length > 0 ? $"https://t.me/{chat}/{id}"
                    : chatId.StartsWith("-100", StringComparison.Ordinal) ? $"https://t.me/c/{chatId[4..]}/{id}" : null;
                return new SendResult.Sent(id, url);
            }
            var description = Text(body, "description");
            TimeSpan? after = long.TryParse(Text(body, "parameters", "retry_after"), out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
            return (int)status switch
            {
                // A 5xx from the Bot API comes before the message is sent to the chat.
                429 or >= 500 =>
                    Retry(SocialErrors.FromStatus(Network, (int)status, description), after, uncertain: false),
                // "chat not found" is a 400: the channel id, not the post, is what is wrong.
                400 when description.Contains("chat not found", StringComparison.OrdinalIgnoreCase) =>
                    new SendResult.Failed(SocialErrors.Problem(SocialErrorKind.NotFound, Network, 400, description)),
                _ => Refused(Network, status, description),
            };
        }
    }

    public async Task<SocialProblem?> CheckAsync(SocialConnection account, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Method(account, "getChat")) { Content = JsonContent.Create(new { chat_id = account.Credential("ChatId") }) };
        var (status, body, response) = await SendJsonAsync(http.CreateClient(ClientName), request, cancellationToken);
        var description = Text(body, "description");
        using (response)
            return (int)status == 400 && description.Contains("chat not found", StringComparison.OrdinalIgnoreCase)
                ? SocialErrors.Problem(SocialErrorKind.NotFound, Network, 400, description)
                : Checked(Network, response, description);
    }

    private static Uri Method(SocialConnection account, string method) => account.Url($"bot{account.Credential("BotToken")}/{method}");
}

/// <summary>Facebook Page feed (spec §2): errors are `{"error":{"code"…}}`; 506 is a duplicate post.</summary>
public sealed class FacebookClient(IHttpClientFactory http) : ISocialNetworkClient
{
    public string Network => SocialNetworks.Facebook;
    public bool SafeToRetryUncertain => true;

    public async Task<SendResult> SendAsync(SocialPost post, CancellationToken cancellationToken)
    {
        var page = post.Account.Credential("PageId");
        using var request = new HttpRequestMessage(HttpMethod.Post, post.Account.Url($"{page}/feed"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["message"] = post.Text, ["link"] = post.Link, ["access_token"] = post.Account.Credential("AccessToken"),
            }),
        };
        var (status, body, response) = await SendJsonAsync(http.CreateClient(ClientName), request, cancellationToken);
        using (response)
        {
            if (response.IsSuccessStatusCode && Text(body, "id") is { Length: > 0 } id)
                return new SendResult.Sent(id, $"https://www.facebook.com/{id}");
            var message = Text(body, "error", "message");
            _ = int.TryParse(Text(body, "error", "code"), out var code);
            var detail = $"{code}: {message}";
            SocialProblem Problem(SocialErrorKind kind) => SocialErrors.Problem(kind, Network, (int)status, detail);
            return code switch
            {
                506 when post.Uncertain => new SendResult.Sent(null, null),
                506 => new SendResult.Failed(Problem(SocialErrorKind.Duplicate)),
                1 or 2 => Retry(Problem(SocialErrorKind.ServerError), null, uncertain: false),
                4 or 17 or 32 or 341 or 368 => Retry(Problem(SocialErrorKind.RateLimited), null, uncertain: false),
                190 or 102 => new SendResult.Failed(Problem(SocialErrorKind.Credentials)),
                _ => Transient(Network, status, detail, null) ?? Refused(Network, status, detail),
            };
        }
    }

    public async Task<SocialProblem?> CheckAsync(SocialConnection account, CancellationToken cancellationToken)
    {
        var url = account.Url($"{account.Credential("PageId")}?fields=id,name&access_token={Uri.EscapeDataString(account.Credential("AccessToken"))}");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var (_, body, response) = await SendJsonAsync(http.CreateClient(ClientName), request, cancellationToken);
        using (response) return Checked(Network, response, Text(body, "error", "message"));
    }
}

/// <summary>
/// LinkedIn Posts API (spec §3): 201 with the id in `x-restli-id`; commentary in the "little" text format;
/// a duplicate 422 names the existing post's URN.
/// </summary>
public sealed class LinkedInClient(IHttpClientFactory http) : ISocialNetworkClient
{
    public const string Version = "202510";

    public string Network => SocialNetworks.LinkedIn;
    public bool SafeToRetryUncertain => true;

    public async Task<SendResult> SendAsync(SocialPost post, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, post.Account, "rest/posts");
        request.Content = JsonContent.Create(new
        {
            author = post.Account.Credential("Author"),
            commentary = EscapeLittleText(post.Text),
            visibility = "PUBLIC",
            distribution = new { feedDistribution = "MAIN_FEED", targetEntities = Array.Empty<string>(), thirdPartyDistributionChannels = Array.Empty<string>() },
            content = new { article = new { source = post.Link, title = post.Title, description = post.Description } },
            lifecycleState = "PUBLISHED",
            isReshareDisabledByAuthor = false,
        });
        var (status, body, response) = await SendJsonAsync(http.CreateClient(ClientName), request, cancellationToken);
        using (response)
        {
            if (response.IsSuccessStatusCode && response.Headers.TryGetValues("x-restli-id", out var ids))
            {
                var urn = ids.First();
                return new SendResult.Sent(urn, $"https://www.linkedin.com/feed/update/{urn}");
            }
            var message = Text(body, "message");
            if ((int)status == 422 && message.IndexOf("duplicate of ", StringComparison.OrdinalIgnoreCase) is var at and >= 0)
            {
                var urn = message[(at + "duplicate of ".Length)..].Split(' ', '\n')[0];
                return post.Uncertain ? new SendResult.Sent(urn, $"https://www.linkedin.com/feed/update/{urn}")
                    : new SendResult.Failed(SocialErrors.Problem(SocialErrorKind.Duplicate, Network, 422, message));
            }
            return Transient(Network, status, message, null) ?? Refused(Network, status, message);
        }
    }

    public async Task<SocialProblem?> CheckAsync(SocialConnection account, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, account, "v2/userinfo");
        var (_, body, response) = await SendJsonAsync(http.CreateClient(ClientName), request, cancellationToken);
        using (response) return Checked(Network, response, Text(body, "message"));
    }

    private static HttpRequestMessage Request(HttpMethod method, SocialConnection account, string path)
    {
        var request = new HttpRequestMessage(method, account.Url(path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.Credential("AccessToken"));
        request.Headers.Add("LinkedIn-Version", account.OptionalCredential("Version") ?? Version);
        request.Headers.Add("X-Restli-Protocol-Version", "2.0.0");
        return request;
    }

    /// <summary>Unescaped reserved characters make LinkedIn cut the text silently.</summary>
    internal static string EscapeLittleText(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (@"\|{}@[]()<>#*_~".Contains(c, StringComparison.Ordinal)) builder.Append('\\');
            builder.Append(c);
        }
        return builder.ToString();
    }
}
