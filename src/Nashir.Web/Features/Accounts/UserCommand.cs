using Nashir.Web.Platform.Data;
using Spectre.Console;

namespace Nashir.Web.Features.Accounts;

/// <summary>
/// `user invite|list|role|disable|enable`: the staff screen's actions from the command line, for deployments without
/// mail or before anyone can sign in. The invitation link is the only thing `invite` writes to standard output (one
/// line, for scripts); everything else goes to standard error. Exit code 1 on bad input, nothing changed.
/// </summary>
public static class UserCommand
{
    /// <summary>The audit log's "who" for changes made here (there is no signed-in person).</summary>
    public const string ActorName = "سطر الأوامر";

    public const string Usage = """
        usage: Nashir.Web user invite <email> --role <contributor|author|editor|admin>
               Nashir.Web user list
               Nashir.Web user role <email> <contributor|author|editor|admin>
               Nashir.Web user disable <email>
               Nashir.Web user enable <email>
        """;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter errors)
    {
        await DatabaseSetup.MigrateAsync(services);
        await using var scope = services.CreateAsyncScope();
        // Roles exist from the first start on; a command run before it must find them too.
        await scope.ServiceProvider.GetRequiredService<FirstStart>().EnsureAdminAsync(CancellationToken.None);
        var roster = scope.ServiceProvider.GetRequiredService<StaffRoster>();
        var cancel = CancellationToken.None;
        switch (args)
        {
            case ["invite", var email, .. var rest]:
            {
                var role = Option(rest, "--role");
                if (role is null)
                {
                    await errors.WriteLineAsync("--role is required: contributor, author, editor or admin.");
                    return 1;
                }
                var result = await scope.ServiceProvider.GetRequiredService<Invitations>()
                    .InviteAsync(email, role.ToLowerInvariant(), null, null, ActorName, cancel);
                if (result.Sent is not { } sent)
                {
                    await errors.WriteLineAsync(result.Error);
                    return 1;
                }
                await errors.WriteLineAsync($"Invitation for {sent.Invitation.Email} as {sent.Invitation.Role}, valid until " +
                    $"{sent.Invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC{(sent.Mail == InvitationMailResult.Sent ? "; also e-mailed" : "")}. Link:");
                await output.WriteLineAsync(sent.Link);
                return 0;
            }
            case ["list"]:
                Table(await roster.ListAsync(cancel), output);
                return 0;
            case ["role", var email, var role]:
                return await OnUserAsync(roster, email, errors, id => roster.ChangeRoleAsync(id, role.ToLowerInvariant(), null, ActorName, cancel));
            case ["disable", var email]:
                return await OnUserAsync(roster, email, errors, id => roster.DisableAsync(id, null, ActorName, cancel));
            case ["enable", var email]:
                return await OnUserAsync(roster, email, errors, id => roster.EnableAsync(id, null, ActorName, cancel));
            default:
                await errors.WriteLineAsync(Usage);
                return 1;
        }
    }

    private static async Task<int> OnUserAsync(StaffRoster roster, string email, TextWriter errors, Func<int, Task<StaffResult>> change)
    {
        if (await roster.FindByEmailAsync(email, CancellationToken.None) is not { } user)
        {
            await errors.WriteLineAsync($"No user with the e-mail {email}.");
            return 1;
        }
        var result = await change(user.Id);
        await errors.WriteLineAsync(result.Message);
        return result.Succeeded ? 0 : 1;
    }

    private static void Table(IReadOnlyList<StaffRow> rows, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        var table = new Table().AddColumns("id", "email", "role", "status", "2FA", "name");
        foreach (var row in rows)
        {
            table.AddRow(Markup.Escape(row.UserId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"),
                Markup.Escape(row.Email), Markup.Escape(row.Role), Markup.Escape(Standing(row.Standing)),
                row.TwoFactor ? "on" : "off", Markup.Escape(row.DisplayName ?? "-"));
        }
        console.Write(table);
    }

    private static string Standing(StaffStanding standing) => standing switch
    {
        StaffStanding.Active => "active",
        StaffStanding.Disabled => "disabled",
        StaffStanding.Invited => "invited",
        StaffStanding.InvitationExpired => "invitation expired",
        StaffStanding.ImportedWithoutPassword => "imported, no password",
        _ => standing.ToString(),
    };

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
