using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Social;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Areas.Admin.Pages.Social;

/// <summary>Social accounts (admins): connect, edit, test, and each account's health. Credentials are write-only.</summary>
[Authorize(Policy = AccountsSetup.AdminPolicy)]
public sealed class IndexModel(NashirDb db, SocialAccounts accounts, IEnumerable<ISocialNetworkClient> clients) : PageModel
{
    public sealed class AccountInput
    {
        public int? Id { get; set; }
        public string Network { get; set; } = SocialNetworks.Mastodon;
        public string Name { get; set; } = "";
        public string BaseUrl { get; set; } = "";
        public bool Enabled { get; set; } = true;
        public string Template { get; set; } = SocialTemplate.Default;
        public string Categories { get; set; } = "";
        public SocialAttachment Attachment { get; set; }
        public string Utm { get; set; } = "";
        public int DelaySeconds { get; set; }

        /// <summary>New values only: an empty field keeps the saved secret (which is never shown).</summary>
        public Dictionary<string, string> Credentials { get; set; } = [];
    }

    [BindProperty] public AccountInput Input { get; set; } = new();
    public IReadOnlyList<SocialAccount> Accounts { get; private set; } = [];

    public async Task OnGetAsync(int? edit, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Accounts.FirstOrDefault(a => a.Id == edit) is { } account)
            Input = new AccountInput
            {
                Id = account.Id, Network = account.Network, Name = account.Name, BaseUrl = account.BaseUrl, Enabled = account.Enabled,
                Template = account.Template, Categories = account.Categories, Attachment = account.Attachment, Utm = account.Utm, DelaySeconds = account.DelaySeconds,
            };
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        var account = Input.Id is { } id ? await db.SocialAccounts.AsTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) : null;
        if (Input.Id is not null && account is null) return NotFound();
        var network = (account?.Network ?? Input.Network).Trim().ToLowerInvariant();
        account ??= db.SocialAccounts.Add(new SocialAccount { Key = $"{network}-{Guid.NewGuid():N}"[..24], Network = network }).Entity;
        account.Name = UserText.CleanLine(Input.Name);
        account.BaseUrl = Input.BaseUrl.Trim();
        account.Enabled = Input.Enabled;
        account.Template = (Input.Template ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        account.Categories = UserText.CleanLine(Input.Categories);
        account.Attachment = Input.Attachment;
        account.Utm = Input.Utm.Trim();
        account.DelaySeconds = Input.DelaySeconds;
        var errors = SocialAccounts.Validate(account);
        var credentials = account.Id == 0 ? new Dictionary<string, string>() : new Dictionary<string, string>(accounts.Connect(account).Credentials);
        foreach (var field in SocialNetworks.CredentialFields(network))
            if (Input.Credentials.GetValueOrDefault(field)?.Trim() is { Length: > 0 } value) credentials[field] = value;
        if (account.Id == 0 && network != SocialNetworks.X && SocialNetworks.CredentialFields(network).FirstOrDefault(f => !credentials.ContainsKey(f)) is { } missing)
            errors[$"Credentials[{missing}]"] = $"الحقل {missing} مطلوب لهذه الشبكة.";
        if (errors.Count > 0)
        {
            foreach (var (field, message) in errors) ModelState.AddModelError($"Input.{field}", message);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(cancellationToken);
            return Page();
        }
        account.ProtectedCredentials = accounts.Protect(credentials);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = "حُفظ الحساب. بيانات الاعتماد محفوظة مشفّرة ولن تُعرض مرة أخرى.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostTestAsync(int id, CancellationToken cancellationToken)
    {
        var account = await db.SocialAccounts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (account is null) return NotFound();
        string? problem;
        try
        {
            problem = await clients.Single(c => c.Network == account.Network).CheckAsync(accounts.Connect(account), cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException or SocialConfigurationException)
        {
            problem = e.Message;
        }
        TempData["Flash"] = problem is null ? $"الاتصال بالحساب «{account.Name}» يعمل." : $"فشل الاتصال بالحساب «{account.Name}»: {problem}";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Accounts = await db.SocialAccounts.OrderBy(a => a.Network).ThenBy(a => a.Name).ToListAsync(cancellationToken);
}
