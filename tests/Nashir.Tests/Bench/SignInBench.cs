using System.Diagnostics;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Xunit;

namespace Nashir.Tests.Bench;

/// <summary>
/// Figures for the sign-in note (explicit: never part of a test run, asserts nothing about time): how long a
/// refused sign-in and a "forgot password" take for a known address, an unknown one and a locked account, in
/// process (no network), p50/p90 of SAMPLES requests each (default 30), interleaved so that load hits all alike.
/// </summary>
public sealed class SignInBench
{
    [Fact(Explicit = true)]
    public async Task Answer_times_for_known_unknown_and_locked_addresses()
    {
        var samples = int.TryParse(Environment.GetEnvironmentVariable("SAMPLES"), out var n) ? n : 30;
        await using var app = new NashirApp(NashirStorage.Sqlite(), demoContent: false);
        // Known addresses: a fresh one per three attempts, so none is locked by the measurement itself.
        var known = new List<StaffMember>();
        for (var i = 0; i < samples / 3 + 1; i++) known.Add(await app.CreateStaffAsync(Roles.Author));
        var locked = await app.CreateStaffAsync(Roles.Author);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        for (var i = 0; i < 5; i++) using (await NashirApp.PostLoginFormAsync(client, locked.Email, "wrong-password-guess")) { }
        var times = new Dictionary<string, List<double>>();
        async Task TimeAsync(string name, Func<Task<HttpResponseMessage>> request)
        {
            var clock = Stopwatch.StartNew();
            using var response = await request();
            clock.Stop();
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            (times.TryGetValue(name, out var list) ? list : times[name] = []).Add(clock.Elapsed.TotalMilliseconds);
        }
        // Warm-up: the first requests pay for JIT and pools.
        for (var i = 0; i < 3; i++) using (await NashirApp.PostLoginFormAsync(client, $"warm{i}@nashir.test", "x")) { }

        for (var i = 0; i < samples; i++)
        {
            await TimeAsync("sign-in, known address, wrong password", () => NashirApp.PostLoginFormAsync(client, known[i / 3].Email, "wrong-password-guess"));
            await TimeAsync("sign-in, unknown address", () => NashirApp.PostLoginFormAsync(client, $"nobody{i}@nashir.test", "wrong-password-guess"));
            await TimeAsync("sign-in, locked account", () => NashirApp.PostLoginFormAsync(client, locked.Email, "wrong-password-guess"));
            await TimeAsync("forgot password, known address", () => client.SubmitAsync("/admin/forgot-password", new Dictionary<string, string> { ["Input.Email"] = known[i / 3].Email }));
            await TimeAsync("forgot password, unknown address", () => client.SubmitAsync("/admin/forgot-password", new Dictionary<string, string> { ["Input.Email"] = $"nobody{i}@nashir.test" }));
        }
        // Each sign-in sample includes its GET of the form (for the anti-forgery token), as a browser's would.
        foreach (var (name, list) in times)
        {
            list.Sort();
            TestContext.Current.TestOutputHelper!.WriteLine($"{name,-42} p50 {list[list.Count / 2],6:F1} ms  p90 {list[list.Count * 9 / 10],6:F1} ms  (n={list.Count})");
        }
    }
}
