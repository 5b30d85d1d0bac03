using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Demo;
using Nashir.Web.Features.Import;
using Nashir.Web.Features.Search;

namespace Nashir.Web;

/// <summary>
/// Commands of the site's own binary, run with the site's configuration (data directory, database):
/// `dotnet run --project src/Nashir.Web -- token create --name ci [--email someone@example.com]`.
/// </summary>
public static class NashirCommands
{
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        switch (args)
        {
            case ["token", "create", .. var rest]:
                Environment.ExitCode = await TokenCommand.CreateAsync(app.Services, Option(rest, "--name") ?? "cli", Option(rest, "--email"));
                return true;
            case ["demo", "generate", .. var rest]:
                Environment.ExitCode = await DemoCommand.GenerateAsync(app.Services, int.TryParse(Option(rest, "--count"), out var count) ? count : 1000);
                return true;
            case ["search", "rebuild", .. var rest]:
                Environment.ExitCode = await SearchRebuild.RunAsync(app.Services, restart: rest.Contains("--restart"), Console.Out);
                return true;
            case ["search", "generate", .. var rest]:
                Environment.ExitCode = await SearchBenchmarkArticles.GenerateAsync(app.Services, int.TryParse(Option(rest, "--count"), out var articles) ? articles : 1000, Option(rest, "--vocabulary") ?? "bench/vocabulary.txt", Console.Out);
                return true;
            case ["search", "bench", .. var rest]:
                Environment.ExitCode = await SearchLatency.RunAsync(app.Services, int.TryParse(Option(rest, "--queries"), out var queries) ? queries : 1000, Option(rest, "--vocabulary") ?? "bench/vocabulary.txt", Console.Out);
                return true;
            case ["import", "wordpress", .. var rest]:
                Environment.ExitCode = await ImportCommand.RunAsync(app.Services, rest, Spectre.Console.AnsiConsole.Console);
                return true;
            case ["user", .. var rest]:
                Environment.ExitCode = await UserCommand.RunAsync(app.Services, rest, Console.Out, Console.Error);
                return true;
            case ["token" or "demo" or "search" or "import", ..] or ["help" or "--help"]:
                Console.WriteLine("""
                    usage: Nashir.Web token create [--name NAME] [--email USER_EMAIL]
                           Nashir.Web demo generate [--count N]
                           Nashir.Web search rebuild [--restart]
                           Nashir.Web search generate [--count N] [--vocabulary FILE]
                           Nashir.Web search bench [--queries N] [--vocabulary FILE]
                           Nashir.Web import wordpress <export.xml> [more.xml…] [--media <wp-content/uploads>] [--dry-run]
                    """ + "\n" + UserCommand.Usage);
                return true;
            default:
                return false;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
