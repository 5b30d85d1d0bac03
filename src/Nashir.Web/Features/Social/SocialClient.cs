using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nashir.Web.Features.Social;

/// <summary>One post to send: the text is final (template filled, fitted to the network's limit).</summary>
public sealed record SocialPost(
    SocialConnection Account, long DeliveryId, string Text, string Link, string Title, string Description,
    string? ImageUrl, SocialAttachment Attachment, bool Uncertain, DateTime CreatedAt)
{
    /// <summary>How the link reads in the text: the link itself, except on Bluesky (see SocialLength.DisplayLink).</summary>
    public string LinkText => Account.Network == SocialNetworks.Bluesky ? SocialLength.DisplayLink(Link) : Link;

    /// <summary>The same on every attempt of a job: what networks with idempotency keys recognise.</summary>
    public string IdempotencyKey => $"nashir-delivery-{DeliveryId}";
}

public abstract record SendResult
{
    public sealed record Sent(string? RemoteId, string? RemoteUrl) : SendResult;

    /// <summary>Worth another try later. Uncertain: the network may have the post already.</summary>
    public sealed record Retry(string Reason, TimeSpan? After, bool Uncertain, string? Detail = null) : SendResult;

    /// <summary>Will not succeed by trying again (credentials, validation, duplicate): a person must act.</summary>
    public sealed record Failed(string Reason, string? Detail = null) : SendResult
    {
        public Failed(SocialProblem problem) : this(problem.Explanation, problem.Detail) { }
    }

    public sealed record Unknown(string Reason, string? Detail = null) : SendResult;

    /// <summary>Not to be sent any more (the article was unpublished, the account switched off).</summary>
    public sealed record Cancelled(string Reason) : SendResult;
}

/// <summary>A network's HTTP contract. Clients never retry themselves: the job's state decides (SocialDispatcher).</summary>
public interface ISocialNetworkClient
{
    string Network { get; }

    /// <summary>True when a retry after an unknown outcome can be recognised (idempotency key, rkey, duplicate rejection).</summary>
    bool SafeToRetryUncertain { get; }

    Task<SendResult> SendAsync(SocialPost post, CancellationToken cancellationToken);

    /// <summary>Checks the credentials without posting: null when they work, else why not.</summary>
    Task<SocialProblem?> CheckAsync(SocialConnection account, CancellationToken cancellationToken);
}

internal static class SocialHttp
{
    public const string ClientName = "social";

    public static async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SendJsonAsync(
        HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonNode? body = null;
        if (text.Length > 0)
        {
            try { body = JsonNode.Parse(text); }
            catch (JsonException) { body = JsonValue.Create(text); }
        }
        return (response.StatusCode, body, response);
    }

    /// <summary>The generic part of every network's answer: 429 and 5xx are worth retrying.</summary>
    public static SendResult? Transient(string network, HttpStatusCode status, string detail, TimeSpan? after) =>
        (int)status switch
        {
            429 => Retry(SocialErrors.FromStatus(network, 429, detail), after, uncertain: false),
            >= 500 => Retry(SocialErrors.FromStatus(network, (int)status, detail), after, uncertain: true),
            _ => null,
        };

    public static SendResult.Retry Retry(SocialProblem problem, TimeSpan? after, bool uncertain) =>
        new(problem.Explanation, after, uncertain, problem.Detail);

    /// <summary>A refusal that trying again will not change, explained by its HTTP status.</summary>
    public static SendResult.Failed Refused(string network, HttpStatusCode status, string detail) =>
        new(SocialErrors.FromStatus(network, (int)status, detail));

    /// <summary>A test connection's answer: null when it worked.</summary>
    public static SocialProblem? Checked(string network, HttpResponseMessage response, string detail) =>
        response.IsSuccessStatusCode ? null : SocialErrors.FromStatus(network, (int)response.StatusCode, detail);

    public static TimeSpan? RetryAfterHeader(HttpResponseMessage response, TimeProvider clock)
    {
        if (response.Headers.RetryAfter is { } retry)
            return retry.Delta ?? (retry.Date is { } date ? date - clock.GetUtcNow() : null);
        return null;
    }

    public static TimeSpan? EpochHeader(HttpResponseMessage response, string name, TimeProvider clock) =>
        response.Headers.TryGetValues(name, out var values) && long.TryParse(values.First(), out var epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch) - clock.GetUtcNow() : null;

    public static TimeSpan? IsoHeader(HttpResponseMessage response, string name, TimeProvider clock) =>
        response.Headers.TryGetValues(name, out var values) && DateTimeOffset.TryParse(values.First(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at - clock.GetUtcNow() : null;

    public static string Text(JsonNode? body, params string[] path)
    {
        var node = body;
        foreach (var step in path) node = node is JsonObject o ? o[step] : null;
        return node is JsonValue v ? v.ToString() : node?.ToJsonString() ?? "";
    }

    public static string Describe(JsonNode? body) => SocialAccounts.Trim(body?.ToJsonString()) ?? "(بلا نص)";
}
