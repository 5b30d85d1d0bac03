using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Comments;

/// <summary>The pending count beside "التعليقات" in the editors' navigation: one indexed count per page view.</summary>
public sealed class CommentsBadge(NashirDb db)
{
    public Task<int> PendingAsync(Actor actor) =>
        ModeratedComments.Visible(db, actor).CountAsync(c => c.Status == CommentStatus.Pending);
}
