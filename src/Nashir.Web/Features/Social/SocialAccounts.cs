using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Social;

/// <summary>`Nashir:Social`: accounts declared as code, and the dispatcher's timing.</summary>
public sealed class SocialOptions
{
    public const string Section = "Nashir:Social";

    public Dictionary<string, Dictionary<string, string?>> Accounts { get; set; } = [];

    /// <summary>Off only where something else drives the dispatcher (tests call DispatchDueAsync themselves).</summary>
    public bool DispatchInBackground { get; set; } = true;

    /// <summary>How often idle nodes look for due jobs; a publish on this node wakes it at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A claimed job belongs to its node this long; after that (node died) another node takes it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>About a day of retries at the maximum delay: a network down for hours still gets the post.</summary>
    public int MaxAttempts { get; set; } = 100;
    public int BatchSize { get; set; } = 64;

    /// <summary>Posts in flight at once per account: enough to drain a backlog fast, few enough to keep their order.</summary>
    public int ParallelPerAccount { get; set; } = 4;
}

/// <summary>An account as the dispatcher and the clients use it: credentials decrypted, in memory only.</summary>
public sealed record SocialConnection(int Id, string Network, string BaseUrl, IReadOnlyDictionary<string, string> Credentials)
{
    public string Credential(string name) =>
        Credentials.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new SocialConfigurationException($"بيانات الاعتماد ناقصة: {name}.");

    public string? OptionalCredential(string name) => Credentials.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public Uri Url(string relative) => new(BaseUrl.TrimEnd('/') + "/" + relative.TrimStart('/'));
}

public sealed class SocialConfigurationException(string message) : Exception(message);

/// <summary>Reads and writes accounts; the only place credentials are encrypted and decrypted.</summary>
public sealed class SocialAccounts(NashirDb db, IDataProtectionProvider protection, TimeProvider clock)
{
    private readonly IDataProtector protector = protection.CreateProtector("Nashir.Social.Credentials");

    public string Protect(IReadOnlyDictionary<string, string> credentials) => protector.Protect(JsonSerializer.Serialize(credentials));

    public SocialConnection Connect(SocialAccount account) => new(
        account.Id, account.Network,
        account.BaseUrl.Length > 0 ? account.BaseUrl : SocialNetworks.DefaultBaseUrl(account.Network),
        account.ProtectedCredentials.Length == 0 ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(protector.Unprotect(account.ProtectedCredentials)) ?? []);

    /// <summary>Errors of an account's settings (Arabic, by field); empty when it can be saved.</summary>
    public static Dictionary<string, string> Validate(SocialAccount account)
    {
        var errors = new Dictionary<string, string>();
        if (!SocialNetworks.All.Contains(account.Network))
            errors["Network"] = $"الشبكة «{account.Network}» غير معروفة. الشبكات المتاحة: {string.Join("، ", SocialNetworks.All)}.";
        if (account.BaseUrl.Length > 0 && !(Uri.TryCreate(account.BaseUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
            errors["BaseUrl"] = "عنوان الخادم يجب أن يكون رابط http(s) كاملًا.";
        if (account.Network == SocialNetworks.Mastodon && account.BaseUrl.Length == 0)
            errors["BaseUrl"] = "حدّد عنوان خادم ماستودون (مثل https://mastodon.social).";
        if (SocialTemplate.Validate(account.Template) is { } templateError) errors["Template"] = templateError;
        if (account.DelaySeconds is < 0 or > 7 * 24 * 3600) errors["DelaySeconds"] = "التأخير بين 0 ثانية وأسبوع.";
        return errors;
    }

    /// <summary>
    /// Makes the accounts declared in configuration exist in the database (by key), so the outbox and the
    /// dispatcher see one list. Configuration wins over edits made in the admin area for those accounts.
    /// </summary>
    public async Task SyncFromConfigurationAsync(SocialOptions options, CancellationToken cancellationToken)
    {
        foreach (var (key, fields) in options.Accounts)
        {
            string Field(string name) => fields.FirstOrDefault(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.Trim() ?? "";
            var network = Field("Network").ToLowerInvariant();
            var account = await db.SocialAccounts.AsTracking().SingleOrDefaultAsync(a => a.Key == key, cancellationToken)
                ?? db.SocialAccounts.Add(new SocialAccount { Key = key, Network = network }).Entity;
            account.Network = network;
            account.FromConfig = true;
            account.Name = Field("Name") is { Length: > 0 } name ? name : key;
            account.BaseUrl = Field("BaseUrl");
            if (Field("Template") is { Length: > 0 } template) account.Template = template;
            account.Categories = Field("Categories");
            account.Utm = Field("Utm");
            account.Enabled = !bool.TryParse(Field("Enabled"), out var enabled) || enabled;
            account.DelaySeconds = int.TryParse(Field("DelaySeconds"), out var delay) ? delay : 0;
            account.Attachment = Enum.TryParse<SocialAttachment>(Field("Attachment"), ignoreCase: true, out var attachment) ? attachment : SocialAttachment.Card;
            account.ProtectedCredentials = Protect(SocialNetworks.CredentialFields(network)
                .Where(f => Field(f).Length > 0).ToDictionary(f => f, Field));
            var errors = Validate(account);
            if (errors.Count > 0)
                throw new OptionsValidationException(SocialOptions.Section, typeof(SocialOptions),
                    errors.Select(e => $"Nashir:Social:Accounts:{key}:{e.Key}: {e.Value}"));
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RecordHealthAsync(
        int accountId, bool success, (string? Reason, string? Detail) error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (success)
            await db.SocialAccounts.Where(a => a.Id == accountId)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.LastSuccessAt, now), cancellationToken);
        else
            await db.SocialAccounts.Where(a => a.Id == accountId)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.LastErrorAt, now)
                    .SetProperty(a => a.LastError, Trim(error.Reason))
                    .SetProperty(a => a.LastErrorDetail, Trim(error.Detail)), cancellationToken);
    }

    internal static string? Trim(string? text) => text is { Length: > 1000 } ? text[..999] + "…" : text;
}
