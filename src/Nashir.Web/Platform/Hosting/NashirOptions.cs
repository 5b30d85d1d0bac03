using System.ComponentModel.DataAnnotations;

namespace Nashir.Web.Platform.Hosting;

/// <summary>Everything an operator sets, under the "Nashir" section (env: Nashir__Database__Provider …).</summary>
public sealed class NashirOptions : IValidatableObject
{
    public const string Section = "Nashir";

    /// <summary>Where the SQLite file and data-protection keys live; relative to the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    public DatabaseOptions Database { get; set; } = new();
    public SiteOptions Site { get; set; } = new();

    /// <summary>Publish the seed article and a few others into an empty database.</summary>
    public bool DemoContent { get; set; } = true;

    public AdminOptions Admin { get; set; } = new();
    public ApiOptions Api { get; set; } = new();
    public ReadCounterOptions ReadCounter { get; set; } = new();
    public RedisOptions Redis { get; set; } = new();
    public ServerOptions Server { get; set; } = new();

    public string DataDirectoryPath => Path.GetFullPath(DataDirectory);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var nested = new List<ValidationResult>();
        foreach (var part in new object[] { Database, Site, Admin, Api, ReadCounter })
            Validator.TryValidateObject(part, new ValidationContext(part), nested, validateAllProperties: true);
        foreach (var result in nested) yield return result;

        if (Database.Kind is null)
            yield return new($"Nashir:Database:Provider must be 'Sqlite' or 'Postgres' (was '{Database.Provider}').");
        else if (Database.Kind == DatabaseKind.Postgres && string.IsNullOrWhiteSpace(Database.ConnectionString))
            yield return new("Nashir:Database:ConnectionString is required when the provider is Postgres.");
        if (!Uri.TryCreate(Site.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            yield return new($"Nashir:Site:Url must be an absolute http(s) URL (was '{Site.Url}').");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(Site.TimeZone, out _))
            yield return new($"Nashir:Site:TimeZone '{Site.TimeZone}' is not a known time zone (use an IANA name such as Asia/Riyadh).");
        if (Api.BootstrapToken is { Length: > 0 and < 24 })
            yield return new("Nashir:Api:BootstrapToken must be at least 24 characters long.");
        if (Admin.Password is { Length: > 0 and < 10 })
            yield return new("Nashir:Admin:Password must be at least 10 characters long.");
    }
}

public enum DatabaseKind { Sqlite, Postgres }

public sealed class DatabaseOptions
{
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Required for Postgres; for SQLite defaults to a file in the data directory.</summary>
    public string? ConnectionString { get; set; }

    public DatabaseKind? Kind => Provider.ToUpperInvariant() switch
    {
        "SQLITE" => DatabaseKind.Sqlite,
        "POSTGRES" or "POSTGRESQL" or "NPGSQL" => DatabaseKind.Postgres,
        _ => null,
    };
}

public sealed class SiteOptions
{
    [Required, StringLength(100, MinimumLength = 1)]
    public string Name { get; set; } = "ناشر";

    /// <summary>The public base URL, used for canonical links and in the API's article URLs.</summary>
    [Required]
    public string Url { get; set; } = "http://localhost:5000";

    [StringLength(300)]
    public string Description { get; set; } = "أخبار عربية موثوقة";

    /// <summary>IANA zone in which dates are printed for readers.</summary>
    [Required]
    public string TimeZone { get; set; } = "Africa/Cairo";
}

public sealed class AdminOptions
{
    [EmailAddress]
    public string Email { get; set; } = "admin@nashir.local";

    /// <summary>When empty, the first start generates one and prints it once to the console.</summary>
    public string? Password { get; set; }

    [StringLength(100, MinimumLength = 1)]
    public string DisplayName { get; set; } = "مدير الموقع";
}

public sealed class ApiOptions
{
    /// <summary>When set, an admin API token with exactly this value exists from start (for deployment scripts and CI).</summary>
    public string? BootstrapToken { get; set; }
}

public sealed class RedisOptions
{
    /// <summary>A StackExchange.Redis configuration string (e.g. "10.0.0.5:6379,password=…"). When set, the nodes of a
    /// multi-node site tell each other through Redis what to forget from their caches, so an edit shows everywhere at once.</summary>
    public string? Configuration { get; set; }

    /// <summary>The pub/sub channel; change it when several sites share one Redis.</summary>
    public string Channel { get; set; } = "nashir:evictions";
}

public sealed class ServerOptions
{
    /// <summary>Cached answers served on the socket threads themselves (<see cref="SocketThreads"/>). Unset: on with
    /// SQLite, off with PostgreSQL.</summary>
    public bool? InlineSockets { get; set; }
}

public sealed class ReadCounterOptions
{
    /// <summary>How often buffered reads are written to the database. A few seconds keeps writes rare
    /// and the count almost live; the buffer is also flushed on graceful shutdown.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);
}
