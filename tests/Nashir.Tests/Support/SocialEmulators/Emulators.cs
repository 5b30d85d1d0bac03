using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nashir.Web.Features.Social;

namespace Nashir.Tests.Support.SocialEmulators;

/// <summary>Mastodon (spec §5): Bearer token, Idempotency-Key per account (1 h), 500 graphemes with URLs = 23, ISO reset header.</summary>
public sealed class MastodonEmulator : NetworkEmulator
{
    public const string Token = "mastodon-token-of-the-tests";
    private readonly ConcurrentDictionary<string, JsonObject> byKey = new();
    private int lastId = 1000;

    public ConcurrentQueue<JsonObject> Statuses { get; } = new();
    public override int PostCount => Statuses.Count;

    protected override void Map(WebApplication app)
    {
        app.MapGet("/api/v1/accounts/verify_credentials", (HttpContext context) => Bearer(context) == Token
            ? Results.Json(new { id = "1", username = "news" }) : Results.Json(new { error = "The access token is invalid" }, statusCode: 401));
        app.MapPost("/api/v1/statuses", async (HttpContext context) =>
        {
            if (Bearer(context) != Token) return Results.Json(new { error = "The access token is invalid" }, statusCode: 401);
            var fault = NextFault();
            if (fault == Fault.RateLimited)
            {
                context.Response.Headers["X-RateLimit-Limit"] = "300";
                context.Response.Headers["X-RateLimit-Remaining"] = "0";
                context.Response.Headers["X-RateLimit-Reset"] = (Clock.GetUtcNow() + RateLimitWait).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
                return Results.Json(new { error = "Too many requests" }, statusCode: 429);
            }
            if (fault == Fault.ServerError) return Results.Json(new { error = "Remote data could not be fetched" }, statusCode: 503);
            var body = await ReadJsonAsync(context);
            var text = body?["status"]?.GetValue<string>() ?? "";
            if (text.Trim().Length == 0) return Results.Json(new { error = "Validation failed: Text can't be blank" }, statusCode: 422);
            if (SocialLength.Measure(SocialNetworks.Mastodon, text) > 500)
                return Results.Json(new { error = "Validation failed: Text character limit of 500 exceeded" }, statusCode: 422);
            var key = context.Request.Headers["Idempotency-Key"].ToString();
            JsonObject status;
            lock (byKey)
            {
                if (key.Length > 0 && byKey.TryGetValue(key, out var earlier)) status = earlier;
                else
                {
                    var id = Interlocked.Increment(ref lastId).ToString(CultureInfo.InvariantCulture);
                    status = new JsonObject { ["id"] = id, ["url"] = $"{BaseUrl}@news/{id}", ["content"] = $"<p>{text}</p>", ["language"] = body?["language"]?.GetValue<string>() };
                    Statuses.Enqueue(status);
                    if (key.Length > 0) byKey[key] = status;
                }
            }
            await AnswerLateAsync(fault, context);
            return Results.Json(status);
        });
    }
}

/// <summary>X API v2 (spec §1): Bearer or OAuth 1.0a, duplicate-content 403, weighted length, 429 with epoch reset.</summary>
public sealed class XEmulator : NetworkEmulator
{
    public const string Token = "x-user-token-of-the-tests";
    private readonly ConcurrentDictionary<string, string> texts = new();
    private long lastId = 1445880548472328192;

    public override int PostCount => texts.Count;
    public IEnumerable<string> Texts => texts.Keys;

    protected override void Map(WebApplication app)
    {
        app.MapGet("/2/users/me", (HttpContext context) => Bearer(context) == Token ? Results.Json(new { data = new { id = "1", username = "news" } }) : Unauthorized());
        app.MapPost("/2/tweets", async (HttpContext context) =>
        {
            if (Bearer(context) != Token) return Unauthorized();
            var fault = NextFault();
            if (fault == Fault.RateLimited)
            {
                context.Response.Headers["x-rate-limit-limit"] = "100";
                context.Response.Headers["x-rate-limit-remaining"] = "0";
                context.Response.Headers["x-rate-limit-reset"] = (Clock.GetUtcNow() + RateLimitWait).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                return Results.Json(new { title = "Too Many Requests", detail = "Too Many Requests", type = "about:blank", status = 429 }, statusCode: 429);
            }
            if (fault == Fault.ServerError) return Results.Json(new { title = "Service Unavailable", status = 503 }, statusCode: 503);
            var text = (await ReadJsonAsync(context))?["text"]?.GetValue<string>() ?? "";
            if (text.Length == 0 || SocialLength.XWeighted(text) > 280)
                return Results.Json(new { errors = new[] { new { message = "text is invalid" } }, title = "Invalid Request", detail = "One or more parameters to your request was invalid.", type = "https://api.twitter.com/2/problems/invalid-request" }, statusCode: 400);
            var id = Interlocked.Increment(ref lastId).ToString(CultureInfo.InvariantCulture);
            if (!texts.TryAdd(text, id))
                return Results.Json(new { detail = "You are not allowed to create a Tweet with duplicate content.", type = "about:blank", title = "Forbidden", status = 403 }, statusCode: 403);
            await AnswerLateAsync(fault, context);
            return Results.Json(new { data = new { id, text } }, statusCode: 201);
        });
    }

    private static IResult Unauthorized() => Results.Json(new { title = "Unauthorized", type = "about:blank", status = 401, detail = "Unauthorized" }, statusCode: 401);
}

/// <summary>
/// A Bluesky PDS's publishing surface (spec §6): createSession, putRecord/createRecord with TID record keys
/// (putRecord of an identical record is a no-op with the same cid), 300 graphemes, errors as {error, message}.
/// </summary>
public sealed class BlueskyEmulator : NetworkEmulator
{
    public const string Handle = "news.test", AppPassword = "abcd-efgh-ijkl-mnop", Did = "did:plc:newsdeskemulator";
    private const string AccessJwt = "access-jwt-of-the-emulator";
    private readonly ConcurrentDictionary<string, (string Cid, string Json)> records = new();

    public override int PostCount => records.Count;
    public IReadOnlyDictionary<string, JsonNode> Records => records.ToDictionary(r => r.Key, r => JsonNode.Parse(r.Value.Json)!);
    public int Sessions { get; private set; }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/xrpc/com.atproto.server.createSession", async (HttpContext context) =>
        {
            var body = await ReadJsonAsync(context);
            if (body?["identifier"]?.GetValue<string>() != Handle || body["password"]?.GetValue<string>() != AppPassword)
                return Results.Json(new { error = "AuthenticationRequired", message = "Invalid identifier or password" }, statusCode: 401);
            Sessions++;
            return Results.Json(new { accessJwt = AccessJwt, refreshJwt = "refresh", handle = Handle, did = Did });
        });
        app.MapPost("/xrpc/com.atproto.repo.uploadBlob", (HttpContext context) => Bearer(context) == AccessJwt
            ? Results.Json(new { blob = new JsonObject { ["$type"] = "blob", ["ref"] = new JsonObject { ["$link"] = "bafkreiemulatorblob" }, ["mimeType"] = context.Request.ContentType, ["size"] = context.Request.ContentLength } })
            : InvalidToken());
        app.MapPost("/xrpc/com.atproto.repo.putRecord", (Delegate)((HttpContext context) => WriteAsync(context, put: true)));
        app.MapPost("/xrpc/com.atproto.repo.createRecord", (Delegate)((HttpContext context) => WriteAsync(context, put: false)));
    }

    private async Task<IResult> WriteAsync(HttpContext context, bool put)
    {
        if (Bearer(context) != AccessJwt) return InvalidToken();
        var fault = NextFault();
        if (fault == Fault.RateLimited)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(RateLimitWait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["RateLimit-Limit"] = "30";
            context.Response.Headers["RateLimit-Remaining"] = "0";
            context.Response.Headers["RateLimit-Reset"] = (Clock.GetUtcNow() + RateLimitWait).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["RateLimit-Policy"] = "30;w=300";
            return Results.Json(new { error = "RateLimitExceeded", message = "Rate Limit Exceeded" }, statusCode: 429);
        }
        if (fault == Fault.ServerError) return Results.Json(new { error = "InternalServerError", message = "Internal Server Error" }, statusCode: 500);
        var body = await ReadJsonAsync(context);
        var rkey = body?["rkey"]?.GetValue<string>() ?? "";
        var record = body?["record"] as JsonObject;
        if (!Regex.IsMatch(rkey, "^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$"))
            return Invalid($"Invalid record key for app.bsky.feed.post: Invalid TID string (got \"{rkey}\")");
        if (record?["createdAt"] is null) return Invalid("Invalid app.bsky.feed.post record: Missing required key \"createdAt\" at $.record");
        var text = record["text"]?.GetValue<string>() ?? "";
        var graphemes = SocialLength.Graphemes(text);
        if (graphemes > 300) return Invalid($"Invalid app.bsky.feed.post record: grapheme too big (maximum 300, got {graphemes}) at $.record.text");
        var json = record.ToJsonString();
        var cid = "bafyrei" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)))[..20].ToLowerInvariant();
        var uri = $"at://{Did}/app.bsky.feed.post/{rkey}";
        bool written;
        lock (records)
        {
            if (records.TryGetValue(rkey, out var existing))
            {
                if (!put) return Results.Json(new { error = "InternalServerError", message = "Internal Server Error" }, statusCode: 500);
                written = existing.Json != json;
            }
            else written = true;
            if (written) records[rkey] = (cid, json);
        }
        await AnswerLateAsync(fault, context);
        return written
            ? Results.Json(new { uri, cid, commit = new { cid = "bafyreicommit", rev = "3l" }, validationStatus = "valid" })
            : Results.Json(new { uri, cid, validationStatus = "valid" });
    }

    private static IResult InvalidToken() => Results.Json(new { error = "InvalidToken", message = "Token could not be verified" }, statusCode: 400);
    private static IResult Invalid(string message) => Results.Json(new { error = "InvalidRequest", message }, statusCode: 400);
}

/// <summary>Telegram Bot API (spec §4): token in the path, channel ids, 4096 code points after HTML, retry_after in the body.</summary>
public sealed class TelegramEmulator : NetworkEmulator
{
    public const string BotToken = "123456:telegram-bot-token", Channel = "@nashir_news";
    private int lastMessageId;

    public ConcurrentQueue<JsonNode> Messages { get; } = new();
    public override int PostCount => Messages.Count;

    protected override void Map(WebApplication app)
    {
        app.MapPost("/{bot}/{method}", async (string bot, string method, HttpContext context) =>
        {
            if (bot != "bot" + BotToken) return Error(401, "Unauthorized");
            var body = await ReadJsonAsync(context);
            if (body?["chat_id"]?.ToString() != Channel) return Error(400, "Bad Request: chat not found");
            if (method == "getChat") return Results.Json(new { ok = true, result = new { id = -1001234567890, type = "channel", username = Channel[1..] } });
            var fault = NextFault();
            if (fault == Fault.RateLimited)
                return Results.Json(new { ok = false, error_code = 429, description = $"Too Many Requests: retry after {(int)RateLimitWait.TotalSeconds}", parameters = new { retry_after = (int)Math.Ceiling(RateLimitWait.TotalSeconds) } }, statusCode: 429);
            if (fault == Fault.ServerError) return Error(502, "Bad Gateway");
            var text = (method == "sendPhoto" ? body["caption"] : body["text"])?.GetValue<string>() ?? "";
            var plain = System.Net.WebUtility.HtmlDecode(Regex.Replace(text, "<[^>]+>", ""));
            if (method == "sendMessage" && plain.Trim().Length == 0) return Error(400, "Bad Request: message text is empty");
            if (SocialLength.CodePoints(plain) > (method == "sendPhoto" ? 1024 : 4096)) return Error(400, "Bad Request: message is too long");
            var id = Interlocked.Increment(ref lastMessageId);
            Messages.Enqueue(body);
            await AnswerLateAsync(fault, context);
            return Results.Json(new { ok = true, result = new { message_id = id, chat = new { id = -1001234567890, type = "channel", username = Channel[1..] }, date = Clock.GetUtcNow().ToUnixTimeSeconds(), text = plain } });
        });
    }

    private static IResult Error(int code, string description) => Results.Json(new { ok = false, error_code = code, description }, statusCode: code);
}

/// <summary>Facebook Page feed (spec §2): page token, `{page}_{post}` ids, Graph error bodies (190, 4, 506 …).</summary>
public sealed class FacebookEmulator : NetworkEmulator
{
    public const string PageId = "1234567890", PageToken = "facebook-page-token";
    private readonly ConcurrentDictionary<string, string> messages = new();
    private long lastId = 500;

    public override int PostCount => messages.Count;

    protected override void Map(WebApplication app)
    {
        app.MapGet("/{page}", (string page, string? access_token) => page == PageId && access_token == PageToken
            ? Results.Json(new { id = PageId, name = "ناشر" }) : Error(400, 190, "Invalid OAuth access token."));
        app.MapPost("/{page}/feed", async (string page, HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (page != PageId || form["access_token"] != PageToken) return Error(400, 190, "Error validating access token: The session has been invalidated because the user changed their password.", 460);
            var fault = NextFault();
            if (fault == Fault.RateLimited) return Error(400, 32, "Page request limit reached");
            if (fault == Fault.ServerError) return Error(500, 2, "An unexpected error has occurred. Please retry your request later.");
            var message = form["message"].ToString();
            var id = $"{PageId}_{Interlocked.Increment(ref lastId)}";
            if (!messages.TryAdd(message + "\n" + form["link"], id)) return Error(400, 506, "Duplicate status message");
            await AnswerLateAsync(fault, context);
            return Results.Json(new { id });
        });
    }

    private static IResult Error(int status, int code, string message, int? subcode = null) =>
        Results.Json(new { error = new { message, type = "OAuthException", code, error_subcode = subcode, fbtrace_id = "AbCdEf" } }, statusCode: status);
}

/// <summary>LinkedIn Posts API (spec §3): version headers, 201 with x-restli-id, DUPLICATE_POST 422 naming the URN, 65600 401.</summary>
public sealed class LinkedInEmulator : NetworkEmulator
{
    public const string Token = "linkedin-token", Organization = "urn:li:organization:123";
    private readonly ConcurrentDictionary<string, string> posts = new();
    private long lastId = 7141138937766391808;

    public override int PostCount => posts.Count;
    public IEnumerable<string> Commentaries => posts.Keys;

    protected override void Map(WebApplication app)
    {
        app.MapGet("/v2/userinfo", (HttpContext context) => Bearer(context) == Token ? Results.Json(new { sub = "1" }) : InvalidToken());
        app.MapPost("/rest/posts", async (HttpContext context) =>
        {
            if (context.Request.Headers["LinkedIn-Version"].Count == 0 || context.Request.Headers["X-Restli-Protocol-Version"] != "2.0.0")
                return Results.Json(new { status = 400, code = "VERSION_MISSING", message = "A version must be present" }, statusCode: 400);
            if (Bearer(context) != Token) return InvalidToken();
            var fault = NextFault();
            if (fault == Fault.RateLimited) return Results.Json(new { status = 429, message = "Resource level throttle limit reached" }, statusCode: 429);
            if (fault == Fault.ServerError) return Results.Json(new { status = 503, message = "Service Unavailable" }, statusCode: 503);
            var body = await ReadJsonAsync(context);
            var commentary = body?["commentary"]?.GetValue<string>();
            if (commentary is null || body?["author"]?.GetValue<string>() != Organization)
                return Results.Json(new { message = "ERROR :: /commentary :: field is required but not found and has no default value", status = 422 }, statusCode: 422);
            var urn = $"urn:li:share:{Interlocked.Increment(ref lastId)}";
            if (!posts.TryAdd(commentary, urn))
                return Results.Json(new
                {
                    errorDetailType = "com.linkedin.common.error.BadRequest",
                    message = $"Content is a duplicate of {posts[commentary]}",
                    errorDetails = new { inputErrors = new[] { new { description = "Duplicate post is detected", input = new { }, code = "DUPLICATE_POST" } } },
                    status = 422,
                }, statusCode: 422);
            await AnswerLateAsync(fault, context);
            context.Response.Headers["x-restli-id"] = urn;
            return Results.StatusCode(201);
        });
    }

    private static IResult InvalidToken() => Results.Json(new { serviceErrorCode = 65600, message = "Invalid access token", status = 401 }, statusCode: 401);
}
