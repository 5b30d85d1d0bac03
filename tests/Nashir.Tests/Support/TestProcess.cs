using System.Runtime.CompilerServices;

namespace Nashir.Tests.Support;

internal static class TestProcess
{
    /// <summary>
    /// The test process hosts SQLite and PostgreSQL sites side by side; inline socket completions would be decided
    /// for all of them by whichever site starts first. Off here, as the PostgreSQL default; the site as its own
    /// process (<see cref="SocialEmulators.ChildSite"/>) runs with its own.
    /// </summary>
    [ModuleInitializer]
    internal static void KeepSocketCompletionsOnThePool() => Environment.SetEnvironmentVariable(InlineCompletions, "0");

    public const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
}
