using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Audit;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Features.Menus;

/// <summary>What an editor asks to add to a menu.</summary>
public sealed record MenuItemInput(string? Menu, string? Kind, int? SectionId, int? PageId, string? Url, string? Label);

/// <summary>
/// Changes to the header and footer menus: add, move, remove. Each change is audited in its own save and evicts the
/// menus and the cached pages on every node. Errors come back by field, in Arabic.
/// </summary>
public sealed class MenuDesk(NashirDb db, AuditLog audit, SiteNavigation navigation)
{
    public async Task<Dictionary<string, string>> AddAsync(MenuItemInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var menu = Menus.All.FirstOrDefault(m => m == input.Menu);
        var kind = MenuKinds.All.FirstOrDefault(k => k == input.Kind);
        var label = UserText.CleanLine(input.Label);
        if (menu is null) errors["Menu"] = "اختر القائمة.";
        if (kind is null) errors["Kind"] = "اختر نوع العنصر.";
        if (label.Length > MenuItemMapping.LabelLength) errors["Label"] =
            $"العنوان أطول من {MenuItemMapping.LabelLength} حرف.";
        int? targetId = null;
        string? url = null;
        string? targetName = null;
        switch (kind)
        {
            case MenuKinds.Section:
                targetName = await db.Categories.Where(c => c.Id == input.SectionId).Select(c => c.Name)
                    .FirstOrDefaultAsync(cancellationToken);
                if (targetName is null) errors["SectionId"] = "اختر قسمًا موجودًا.";
                targetId = input.SectionId;
                break;
            case MenuKinds.Page:
                targetName = await db.StaticPages.Where(p => p.Id == input.PageId).Select(p => p.Title)
                    .FirstOrDefaultAsync(cancellationToken);
                if (targetName is null) errors["PageId"] = "اختر صفحة موجودة.";
                targetId = input.PageId;
                break;
            case MenuKinds.Link:
                url = input.Url?.Trim() ?? "";
                if (!IsValidLink(url)) errors["Url"] =
                    "اكتب رابطًا يبدأ بـ https:// أو http:// أو مسارًا في الموقع يبدأ بـ /.";
                if (label.Length == 0) errors["Label"] = "اكتب عنوان الرابط.";
                targetName = url;
                break;
        }
        if (errors.Count > 0) return errors;

        var last = await db.MenuItems.Where(i => i.Menu == menu).MaxAsync(i => (int?)i.Position, cancellationToken)
            ?? 0;
        var item = new MenuItem { Menu = menu!, Kind = kind!, TargetId = targetId, Url = url, Label =
            label.Length == 0 ? null : label, Position = last + 1 };
        db.MenuItems.Add(item);
        audit.Add(AuditActions.MenuChanged, new AuditTarget("menu", menu!, Menus.ArabicName(menu!)),
            $"أُضيف {MenuKinds.ArabicName(kind!)}: {label.Length switch { 0 => targetName, _ => $"{label} ({targetName})" }}");
        await db.SaveChangesAsync(cancellationToken);
        await navigation.ChangedAsync();
        return errors;
    }

    /// <summary>Swaps the item with its neighbour above (-1) or below (+1); false when there is none.</summary>
    public async Task<bool> MoveAsync(int id, int direction, CancellationToken cancellationToken)
    {
        var item = await db.MenuItems.AsTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null) return false;
        var siblings = await db.MenuItems.AsTracking().Where(i => i.Menu == item.Menu)
            .OrderBy(i => i.Position).ThenBy(i => i.Id).ToListAsync(cancellationToken);
        var index = siblings.IndexOf(item);
        var other = index + Math.Sign(direction);
        if (direction == 0 || other < 0 || other >= siblings.Count) return false;
        (siblings[index], siblings[other]) = (siblings[other], siblings[index]);
        // Positions are renumbered 1..n, so old duplicates or gaps never make a move look like it did nothing.
        for (var i = 0; i < siblings.Count; i++) siblings[i].Position = i + 1;
        audit.Add(AuditActions.MenuChanged, new AuditTarget("menu", item.Menu, Menus.ArabicName(item.Menu)),
            $"نُقل «{item.Label ?? item.Url ?? MenuKinds.ArabicName(item.Kind)}» إلى الموضع {other + 1}");
        await db.SaveChangesAsync(cancellationToken);
        await navigation.ChangedAsync();
        return true;
    }

    public async Task<bool> RemoveAsync(int id, CancellationToken cancellationToken)
    {
        var item = await db.MenuItems.AsTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null) return false;
        db.MenuItems.Remove(item);
        audit.Add(AuditActions.MenuChanged, new AuditTarget("menu", item.Menu, Menus.ArabicName(item.Menu)),
            $"حُذف {MenuKinds.ArabicName(item.Kind)}: {item.Label ?? item.Url ?? item.TargetId?.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        await db.SaveChangesAsync(cancellationToken);
        await navigation.ChangedAsync();
        return true;
    }

    /// <summary>White space, control and invisible format characters (bidi overrides that disguise an address).</summary>
    private static bool Unsafe(char c) =>
        char.IsWhiteSpace(c) || char.IsControl(c) || c == '\\'
        || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;

    /// <summary>
    /// An address a reader may be sent to: http(s) with a host, or a path on this site. "//host" (another site
    /// without a scheme), backslashes (which browsers read as slashes) and javascript: or data: are refused.
    /// </summary>
    public static bool IsValidLink(string url)
    {
        if (url.Length is 0 or > MenuItemMapping.UrlLength || url.Any(Unsafe)) return false;
        if (url.StartsWith('/')) return !url.StartsWith("//", StringComparison.Ordinal);
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            && uri.Host.Length > 0;
    }
}
