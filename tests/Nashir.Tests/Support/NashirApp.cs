using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;
using Npgsql;
using Xunit;

namespace Nashir.Tests.Support;

/// <summary>Where an app keeps its state: a data directory, and a database in it (SQLite) or beside it (PostgreSQL).</summary>
public sealed record NashirStorage(string DataDirectory, string Provider, string? ConnectionString = null)
{
    public static NashirStorage Sqlite() => new(NewDataDirectory(), "Sqlite");

    public static NashirStorage Postgres(string connectionString) => new(NewDataDirectory(), "Postgres", connectionString);

    private static string NewDataDirectory() => Directory.CreateTempSubdirectory("nashir-app-").FullName;
}

/// <summary>A signed-up staff member with an API token (shown once, as in the product).</summary>
public sealed record StaffMember(int Id, string Email, string Password, string DisplayName, string Slug, string Role, string ApiToken);

/// <summary>
/// The real site (Program, its middleware, its database) in memory, configured only the way an
/// operator would (settings; Program reads them before Build, so UseSetting is the channel that works),
/// with a fake clock so that time moves only when a test says so.
/// </summary>
public class NashirApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string BootstrapToken = "nsr_bootstrap-token-of-the-nashir-tests-0123456789";
    public const string AdminEmail = "admin@nashir.test";
    public const string AdminPassword = "admin-password-of-the-tests";

    /// <summary>What a reader's browser sends; only such requests count as reads.</summary>
    public const string BrowserUserAgent =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

    private readonly bool demoContent;
    private readonly IReadOnlyDictionary<string, string?> settings;
    private NashirStorage? storage;
    private bool keepStorage;

    /// <summary>An app on the given storage: a new one, or the storage of an app that was stopped ("restart").</summary>
    public NashirApp(NashirStorage storage, bool demoContent = true, IReadOnlyDictionary<string, string?>? settings = null, DateTimeOffset? now = null)
        : this(demoContent, settings, now)
    {
        this.storage = storage;
    }

    /// <summary>For fixtures that make their storage in InitializeAsync.</summary>
    protected NashirApp(bool demoContent = true, IReadOnlyDictionary<string, string?>? settings = null, DateTimeOffset? now = null)
    {
        this.demoContent = demoContent;
        this.settings = settings ?? new Dictionary<string, string?>();
        Clock = new FakeTimeProvider(now ?? DateTimeOffset.UtcNow);
    }

    /// <summary>The site's clock. Advance it instead of sleeping; its timers (flushes, schedules) fire as it passes.</summary>
    public FakeTimeProvider Clock { get; }

    public NashirStorage Storage => storage ?? throw new InvalidOperationException("This app has no storage yet.");

    /// <summary>Why this app cannot run on this machine; its first use then reports the test as skipped.</summary>
    protected virtual string? SkipReason => null;

    public virtual async ValueTask InitializeAsync() => storage ??= await NewStorageAsync();

    /// <summary>Fresh storage of this app's kind (a new data directory; a new database for PostgreSQL).</summary>
    protected virtual Task<NashirStorage> NewStorageAsync() => Task.FromResult(NashirStorage.Sqlite());

    /// <summary>Another app of the same kind on fresh storage, owned (and disposed) by the caller.</summary>
    public async Task<NashirApp> StartNewAsync(bool demoContent = true) => new(await NewStorageAsync(), demoContent, settings);

    /// <summary>Stops this app gracefully (as a deployment would) and starts a new one on the same storage and time.</summary>
    public async Task<NashirApp> RestartAsync()
    {
        keepStorage = true;
        var now = Clock.GetUtcNow();
        await DisposeAsync();
        return new NashirApp(Storage, demoContent, settings, now);
    }

    /// <summary>The first thing the factory runs when a test first uses the app (client, Services): the place to skip.</summary>
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (SkipReason is { } reason) Assert.Skip(reason);
        var where = Storage;
        builder.UseSetting("Nashir:DataDirectory", where.DataDirectory);
        builder.UseSetting("Nashir:Database:Provider", where.Provider);
        if (where.ConnectionString is { } connectionString) builder.UseSetting("Nashir:Database:ConnectionString", connectionString);
        builder.UseSetting("Nashir:Site:Url", "http://localhost");
        builder.UseSetting("Nashir:DemoContent", demoContent ? "true" : "false");
        builder.UseSetting("Nashir:Admin:Email", AdminEmail);
        builder.UseSetting("Nashir:Admin:Password", AdminPassword);
        builder.UseSetting("Nashir:Api:BootstrapToken", BootstrapToken);
        // Fixtures sign in many times from one (absent) test-server IP; the limits' own tests set low ones.
        builder.UseSetting("Nashir:SignIn:PerIpLimit", "100000");
        builder.UseSetting("Nashir:SignIn:PerAccountLimit", "100000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // EF logs the expected failing history query of a first PostgreSQL migration as an error; real failures reach tests as exceptions.
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Critical");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);

        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(new TestOutputLogging()));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.MakeHostedServicesStopOnce();
            services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, ClientAddress>();
            // Requests run in the calling test's context, so what the app logs lands in that test's output.
            services.Configure<TestServerOptions>(server => server.PreserveExecutionContext = true);
        });
    }

    /// <summary>A visitor: no cookies kept from elsewhere, redirects not followed (tests look at them).</summary>
    public HttpClient CreateReaderClient(string? userAgent = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (userAgent is not null) client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        return client;
    }

    /// <summary>A JSON API client; by default with the bootstrap token (an admin's).</summary>
    public HttpClient CreateApiClient(string? token = BootstrapToken)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A staff member of the given role (admin, editor, author, contributor) with an API token.</summary>
    public async Task<StaffMember> CreateStaffAsync(string role)
    {
        var n = Unique.Next();
        var email = $"{role}{n}@nashir.test";
        var password = $"password-of-{role}-{n}";
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NashirUser>>();
        var user = new NashirUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = $"{Roles.ArabicName(role)} {n}",
            Slug = $"{role}-{n}",
            CreatedAt = Clock.GetUtcNow().UtcDateTime,
        };
        Succeeded(await users.CreateAsync(user, password));
        Succeeded(await users.AddToRoleAsync(user, role));
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(user.Id, "tests", TestContext.Current.CancellationToken);
        return new StaffMember(user.Id, email, password, user.DisplayName, user.Slug, role, secret);

        static void Succeeded(IdentityResult result) =>
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>Signs in through the real form at /admin/login; the client keeps the session cookie.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var response = await PostLoginFormAsync(client, email, password);
        Assert.True(response.StatusCode is System.Net.HttpStatusCode.Redirect or System.Net.HttpStatusCode.SeeOther,
            $"Signing in as {email} answered {(int)response.StatusCode}, not a redirect.");
        return client;
    }

    /// <summary>GETs the login form, then POSTs it back with its anti-forgery token and the given credentials.</summary>
    public static async Task<HttpResponseMessage> PostLoginFormAsync(HttpClient client, string email, string password)
    {
        var cancel = TestContext.Current.CancellationToken;
        using var form = await client.GetAsync(new Uri("/admin/login", UriKind.Relative), cancel);
        var html = await form.Content.ReadAsStringAsync(cancel);
        Assert.True(form.IsSuccessStatusCode, $"GET /admin/login answered {(int)form.StatusCode}.");
        var token = AntiforgeryToken(html) ?? throw new Xunit.Sdk.XunitException("The login form has no __RequestVerificationToken field.");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        });
        return await client.PostAsync(new Uri("/admin/login", UriKind.Relative), content, cancel);
    }

    public static string? AntiforgeryToken(string html)
    {
        foreach (Match input in Regex.Matches(html, "<input[^>]*>", RegexOptions.IgnoreCase))
        {
            if (!input.Value.Contains("name=\"__RequestVerificationToken\"", StringComparison.Ordinal)) continue;
            var value = Regex.Match(input.Value, "value=\"([^\"]*)\"");
            if (value.Success) return System.Net.WebUtility.HtmlDecode(value.Groups[1].Value);
        }
        return null;
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            GC.SuppressFinalize(this);
            ReleaseStorage();
        }
    }

    private void ReleaseStorage()
    {
        if (storage is null) return;
        if (storage.Provider == "Postgres")
        {
            // Give the server its connections back; a restarted app opens new ones.
            using var connection = new NpgsqlConnection(storage.ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }
        if (keepStorage) return;
        if (storage.Provider == "Sqlite")
        {
            // The pool keeps the file open after the app is gone; close it before deleting the directory.
            using var connection = new SqliteConnection(DatabaseSetup.SqliteConnectionString(new NashirOptions { DataDirectory = storage.DataDirectory }));
            SqliteConnection.ClearPool(connection);
        }
        if (Directory.Exists(storage.DataDirectory)) Directory.Delete(storage.DataDirectory, recursive: true);
    }
}

/// <summary>The site on SQLite (the default provider), a fresh file per fixture.</summary>
public sealed class SqliteApp : NashirApp;

/// <summary>The site on PostgreSQL, a fresh database per fixture in the test run's cluster; skipped where there is no PostgreSQL.</summary>
public sealed class PostgresApp(PostgresServer server) : NashirApp
{
    protected override string? SkipReason => server.Unavailable is { } reason ? "PostgreSQL unavailable: " + reason : null;

    public override async ValueTask InitializeAsync()
    {
        // No cluster: leave the app without storage; its first use skips the test (a fixture failure would fail it).
        if (await server.EnsureStartedAsync()) await base.InitializeAsync();
    }

    protected override async Task<NashirStorage> NewStorageAsync()
    {
        if (!await server.EnsureStartedAsync()) Assert.Skip(SkipReason!);
        return NashirStorage.Postgres(await server.CreateDatabaseAsync());
    }
}

/// <summary>Numbers that make headlines, slugs and e-mails unique across the whole run.</summary>
public static class Unique
{
    private static int last;

    public static int Next() => Interlocked.Increment(ref last);
}
