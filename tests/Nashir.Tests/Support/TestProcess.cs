using System.Runtime.CompilerServices;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Tests.Support;

internal static class TestProcess
{
    /// <summary>
    /// The test process hosts SQLite and PostgreSQL sites side by side; inline socket completions would be decided
    /// for all of them by whichever site starts first. Off here, as the PostgreSQL default; the site as its own
    /// process (<see cref="SocialEmulators.ChildSite"/>) runs with its own.
    /// </summary>
    [ModuleInitializer]
    internal static void KeepSocketCompletionsOnThePool() => Environment.SetEnvironmentVariable(SocketThreads.InlineCompletions, "0");
}
