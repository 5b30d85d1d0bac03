using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Audit;
using Nashir.Web.Features.Social;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Areas.Admin.Pages.Social;

/// <summary>Social accounts (admins): connect, edit, test, and each account's health. Credentials are write-only.</summary>
[Authorize(Policy = AccountsSetup.AdminPolicy)]
public sealed class IndexModel(
    NashirDb db, SocialAccounts accounts, IEnumerable<ISocialNetworkClient> clients, AuditLog audit) : PageModel
{
    /// <summary>Every text is nullable: an empty field arrives as null (MVC's default).</summary>
    public sealed class AccountInput
    {
        public int? Id { get; set; }
        public string? Network { get; set; }
        public string? Name { get; set; }
        public string? BaseUrl { get; set; }
        public bool Enabled { get; set; } = true;
        public string? Template { get; set; } = SocialTemplate.Default;
        public string? Categories { get; set; }
        public SocialAttachment Attachment { get; set; }
        public string? Utm { get; set; }
        public int DelaySeconds { get; set; }

        /// <summary>
        /// New values only, by "network.Field" (every network's group can be in one form); an empty field keeps the
        /// saved secret, which is never shown. A plain "Field" key is read too (forms posted before the groups).
        /// </summary>
        public Dictionary<string, string?> Credentials { get; set; } = [];
    }

    [BindProperty] public AccountInput Input { get; set; } = new();
    public IReadOnlyList<SocialAccount> Accounts { get; private set; } = [];

    /// <summary>Whose credentials the form asks for: the edited account's, the network chosen first, or all.</summary>
    public IReadOnlyList<string> ShownNetworks { get; private set; } = SocialNetworks.All;

    public async Task OnGetAsync(int? edit, string? network, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Accounts.FirstOrDefault(a => a.Id == edit && !a.FromConfig) is { } account)
        {
            Input = new AccountInput
            {
                Id = account.Id, Network = account.Network, Name = account.Name, BaseUrl = account.BaseUrl,
                Enabled = account.Enabled, Template = account.Template, Categories = account.Categories,
                Attachment = account.Attachment, Utm = account.Utm, DelaySeconds = account.DelaySeconds,
            };
            ShownNetworks = [account.Network];
        }
        else if (network is not null && SocialNetworks.All.Contains(network))
        {
            Input.Network = network;
            ShownNetworks = [network];
        }
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        var account = Input.Id is { } id
            ? await db.SocialAccounts.AsTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) : null;
        if (Input.Id is not null && account is null) return NotFound();
        var network = account?.Network ?? (Input.Network ?? "").Trim().ToLowerInvariant();
        account ??= new SocialAccount { Key = $"{network}-{Guid.NewGuid():N}"[..24], Network = network };
        account.Name = UserText.CleanLine(Input.Name);
        account.BaseUrl = (Input.BaseUrl ?? "").Trim();
        account.Enabled = Input.Enabled;
        // An emptied template means "the default one", not an account that posts nothing.
        var template = (Input.Template ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        account.Template = template.Length > 0 ? template : SocialTemplate.Default;
        account.Categories = UserText.CleanLine(Input.Categories);
        account.Attachment = Input.Attachment;
        account.Utm = (Input.Utm ?? "").Trim().TrimStart('?');
        account.DelaySeconds = Input.DelaySeconds;

        var errors = SocialAccounts.Validate(account);
        if (account.Name.Length == 0) errors["Name"] = "اكتب اسمًا للحساب يعرفه به المحررون.";
        if (account.Utm.Any(c => char.IsWhiteSpace(c) || c == '#'))
            errors["Utm"] = "معاملات UTM تُكتب مثل utm_source=telegram&utm_medium=social، دون مسافات أو #.";
        var credentials = account.Id == 0 || account.ProtectedCredentials.Length == 0
            ? new Dictionary<string, string>() : new Dictionary<string, string>(accounts.Connect(account).Credentials);
        var replaced = new List<string>();
        foreach (var field in SocialCredentialFields.For(network))
        {
            var posted = Input.Credentials.GetValueOrDefault(field.Key)
                ?? Input.Credentials.GetValueOrDefault(field.Name);
            if (posted?.Trim() is not { Length: > 0 } value) continue;
            credentials[field.Name] = value;
            replaced.Add(field.Label);
        }
        foreach (var (key, message) in SocialCredentialFields.Missing(network, credentials))
            errors[$"Credentials[{key}]"] = message;

        // Binding errors too (letters in the delay field): the binder's Arabic message is already in ModelState.
        if (errors.Count > 0 || !ModelState.IsValid)
        {
            foreach (var (field, message) in errors) ModelState.AddModelError($"Input.{field}", message);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(cancellationToken);
            ShownNetworks = Input.Id is null ? SocialNetworks.All : [network];
            return Page();
        }
        // Committed with the change; never the credentials, only which ones were replaced.
        audit.Add(AuditActions.SocialAccountChanged, new AuditTarget("social-account", account.Key, account.Name),
            (account.Id == 0 ? "إضافة حساب" : "تعديل حساب") + (replaced.Count > 0 ? "؛ بيانات اعتماد جديدة: " + string.Join("، ", replaced) : ""));
        if (account.Id == 0) db.SocialAccounts.Add(account);
        account.ProtectedCredentials = accounts.Protect(credentials);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = "حُفظ الحساب. بيانات الاعتماد محفوظة مشفّرة ولن تُعرض مرة أخرى.";
        return RedirectToPage();
    }

    /// <summary>Checks the credentials without posting; a failure becomes the account's last error.</summary>
    public async Task<IActionResult> OnPostTestAsync(int id, CancellationToken cancellationToken)
    {
        var account = await db.SocialAccounts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (account is null) return NotFound();
        SocialProblem? problem;
        try
        {
            problem = clients.SingleOrDefault(c => c.Network == account.Network) is { } client
                ? await client.CheckAsync(accounts.Connect(account), cancellationToken)
                : SocialErrors.Problem(SocialErrorKind.Settings, account.Network, null, account.Network);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException
            or Polly.Timeout.TimeoutRejectedException or SocialConfigurationException
            or System.Security.Cryptography.CryptographicException)
        {
            problem = e is System.Security.Cryptography.CryptographicException
                ? new SocialProblem(SocialErrorKind.Settings, "تعذّر فك تشفير بيانات الاعتماد: أعد إدخالها.", null)
                : SocialErrors.FromException(account.Network, e);
        }
        await accounts.RecordHealthAsync(
            account.Id, problem is null, (problem?.Explanation, problem?.Detail), cancellationToken);
        TempData["Flash"] = problem is null
            ? $"الاتصال بالحساب «{account.Name}» يعمل."
            : $"فشل الاتصال بالحساب «{account.Name}»: {problem.Explanation}";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Accounts = await db.SocialAccounts.OrderBy(a => a.Network).ThenBy(a => a.Name).ToListAsync(cancellationToken);
}
