using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Audit;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.SignIn;

/// <summary>
/// An Identity change with its audit line in the same SaveChanges (Identity's store saves the user, and the line is
/// already in the unit of work); when the change is refused before anything is saved, the line is taken back out.
/// </summary>
public sealed class AuditedChanges(NashirDb db, AuditLog audit)
{
    public async Task<IdentityResult> RunAsync(string action, NashirUser user, string? detail, Func<Task<IdentityResult>> change,
        Actor? actor = null)
    {
        audit.Add(action, Target(user), detail, actor);
        var result = await change();
        if (!result.Succeeded)
        {
            foreach (var entry in db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).ToList())
                entry.State = EntityState.Detached;
        }
        return result;
    }

    public static AuditTarget Target(NashirUser user) =>
        new("user", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), user.Email);
}
