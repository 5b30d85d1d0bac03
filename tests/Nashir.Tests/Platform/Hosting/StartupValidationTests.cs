using Nashir.Tests.Support;
using Xunit;

namespace Nashir.Tests.Platform.Hosting;

/// <summary>A bad setting stops the site at start, with a message that names the setting to fix.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Nashir:Database:Provider", "Oracle", "Nashir:Database:Provider")]
    [InlineData("Nashir:Database:Provider", "Postgres", "Nashir:Database:ConnectionString")]
    [InlineData("Nashir:Site:Url", "not a url", "Nashir:Site:Url")]
    [InlineData("Nashir:Site:TimeZone", "Mars/Olympus_Mons", "Nashir:Site:TimeZone")]
    [InlineData("Nashir:Api:BootstrapToken", "too-short", "Nashir:Api:BootstrapToken")]
    public async Task A_bad_setting_stops_the_start_and_names_the_key(string key, string value, string named)
    {
        var app = new NashirApp(NashirStorage.Sqlite(), demoContent: false, new Dictionary<string, string?> { [key] = value });
        await using var _ = app;

        var failure = Record.Exception(() => app.CreateClient());

        Assert.NotNull(failure);
        var messages = string.Join("\n", Chain(failure).Select(e => e.Message));
        Assert.Contains(named, messages, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        yield return exception;
        var inner = exception is AggregateException aggregate ? aggregate.InnerExceptions : (IEnumerable<Exception>)[exception.InnerException!];
        foreach (var nested in inner.Where(e => e is not null).SelectMany(Chain)) yield return nested;
    }
}
