using System.Net.Http.Headers;
using Nashir.Tests.Support;
using Nashir.Tests.Support.SocialEmulators;
using Nashir.Web.Platform.Hosting;
using Xunit;

namespace Nashir.Tests.Platform.Hosting;

/// <summary>
/// Which threads do the work. Inline socket completions are process-wide and read once, so they are checked in
/// the real site as its own process, by each thread group's CPU time (/proc schedstat, in nanoseconds): cached
/// pages must be answered on the socket threads, renders must run on the thread pool.
/// </summary>
public sealed class SocketThreadsTests
{
    [Fact]
    public async Task Cached_pages_are_answered_on_the_socket_threads_and_renders_run_on_the_thread_pool()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var site = new ChildSite(new Dictionary<string, string?>());
        await site.StartAsync(cancellationToken: cancel);
        string path;
        using (var api = new HttpClient { BaseAddress = site.BaseUrl })
        {
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NashirApp.BootstrapToken);
            path = (await api.CreateArticleAsync(ArticleInput.Story())).Path;
        }
        // No cookie jar: a reader whose requests the cache may answer; the site's own cookie opts out of it.
        using var reader = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = site.BaseUrl };
        async Task ReadAsync(string? cookie, int times)
        {
            for (var i = 0; i < times; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (cookie is not null) request.Headers.Add("Cookie", cookie);
                using var response = await reader.SendAsync(request, cancel);
                response.EnsureSuccessStatusCode();
            }
        }
        // Compiled first: the JIT runs on whichever thread first calls a method.
        await ReadAsync(null, 200);
        await ReadAsync("nashir.test=1", 100);

        var cached = await ThreadTime.DuringAsync(site.ProcessId, () => ReadAsync(null, 2000));
        var rendered = await ThreadTime.DuringAsync(site.ProcessId, () => ReadAsync("nashir.test=1", 300));

        Assert.True(cached.Sockets > 2 * cached.Pool, $"cached pages: {cached}");
        Assert.True(rendered.Pool > 2 * rendered.Sockets, $"rendered pages: {rendered}");
    }

    [Theory]
    [InlineData("Sqlite", null, true)]
    [InlineData("Postgres", null, false)]
    [InlineData("Sqlite", false, false)]
    [InlineData("Postgres", true, true)]
    public void Inline_sockets_are_on_by_default_with_sqlite_only(string provider, bool? setting, bool inline) =>
        Assert.Equal(inline, SocketThreads.Inline(new NashirOptions { Database = { Provider = provider }, Server = { InlineSockets = setting } }));

    private sealed record ThreadTime(TimeSpan Sockets, TimeSpan Pool)
    {
        public static async Task<ThreadTime> DuringAsync(int processId, Func<Task> work)
        {
            var before = Read(processId);
            await work();
            var after = Read(processId);
            TimeSpan Spent(string name) => TimeSpan.FromTicks(after.Where(t => t.Value.Name == name)
                .Sum(t => (t.Value.Nanoseconds - (before.TryGetValue(t.Key, out var b) ? b.Nanoseconds : 0)) / 100));
            return new(Spent(".NET Sockets"), Spent(".NET TP Worker"));
        }

        /// <summary>Each thread's name and time on a CPU so far.</summary>
        private static Dictionary<string, (string Name, long Nanoseconds)> Read(int processId)
        {
            var threads = new Dictionary<string, (string, long)>();
            foreach (var task in Directory.EnumerateDirectories($"/proc/{processId}/task"))
            {
                try { threads[Path.GetFileName(task)] = (File.ReadAllText(Path.Combine(task, "comm")).Trim(), long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)); }
                catch (IOException) { /* the thread ended while we read */ }
            }
            return threads;
        }
    }
}
