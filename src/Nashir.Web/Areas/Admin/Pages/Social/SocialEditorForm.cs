using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Social;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Areas.Admin.Pages.Social;

/// <summary>
/// The editor's "post to social networks" fieldset: which accounts get the article on its first publish and an
/// optional text per network, kept with the article until it first goes out. Checkboxes left as pre-checked by the
/// accounts' rules mean "the accounts' own rules", applied at publish time with the categories the article has then.
/// </summary>
public sealed class SocialEditorForm
{
    public List<int> Accounts { get; set; } = [];

    /// <summary>The accounts that were pre-checked when the form was shown (hidden fields).</summary>
    public List<int> Defaults { get; set; } = [];
    public bool Shown { get; set; }

    /// <summary>The pre-checked accounts came from the accounts' rules, not from a choice saved with the article.</summary>
    public bool FollowRules { get; set; } = true;
    public Dictionary<string, string?> Texts { get; set; } = [];

    [BindNever] public IReadOnlyList<SocialAccount> Choices { get; private set; } = [];

    /// <summary>The article already has jobs: the choice is made, the fieldset is read-only.</summary>
    [BindNever] public bool Posted { get; private set; }
    [BindNever] public string Title { get; private set; } = "";
    [BindNever] public string Permalink { get; private set; } = "";

    public IEnumerable<string> Networks => Choices.Select(a => a.Network).Distinct();

    /// <summary>Loads the accounts; with keepInput (a refused save) the editor's own choice stays as posted.</summary>
    public async Task LoadAsync(NashirDb db, Article? article, string siteUrl, string title, bool keepInput, CancellationToken cancellationToken)
    {
        Choices = await db.SocialAccounts.Where(a => a.Enabled).OrderBy(a => a.Name).ToListAsync(cancellationToken);
        Title = title;
        Permalink = new Uri(siteUrl.TrimEnd('/') + (article is null ? "/news/0/" : ArticleUrls.Path(article.Id, article.Slug))).AbsoluteUri;
        var jobs = article is null ? [] : await db.SocialDeliveries.Where(d => d.ArticleId == article.Id)
            .Select(d => new { d.AccountId, d.Account.Network, d.CustomText }).ToListAsync(cancellationToken);
        Posted = jobs.Count > 0;
        if (Posted)
        {
            Accounts = jobs.Select(j => j.AccountId).Distinct().ToList();
            Texts = jobs.Where(j => j.CustomText is not null).GroupBy(j => j.Network).ToDictionary(g => g.Key, g => g.First().CustomText);
        }
        else if (!keepInput)
        {
            var saved = article is null ? null : SocialOutbox.Choice(article);
            var terms = article?.Categories.SelectMany(c => new[] { c.Slug, c.Name }).ToHashSet() ?? [];
            FollowRules = saved?.Accounts is null;
            Accounts = saved?.Accounts?.ToList() ?? Choices.Where(a => SocialOutbox.CategoriesMatch(a.Categories, terms)).Select(a => a.Id).ToList();
            Texts = saved?.Texts?.ToDictionary(t => t.Key, t => (string?)t.Value) ?? [];
        }
        if (!keepInput || Posted) Defaults = [.. Accounts];
    }

    /// <summary>Arabic errors by field name, for unknown template tags (the same check as the API).</summary>
    public IEnumerable<(string Field, string Error)> Errors() =>
        CustomTexts().Select(t => (Field: $"Social.Texts[{t.Key}]", Error: SocialTemplate.Validate(t.Value)))
            .Where(e => e.Error is not null).Select(e => (e.Field, e.Error!));

    /// <summary>The checked accounts, or null when the fieldset was not shown or left as pre-checked.</summary>
    public IReadOnlyList<int>? ChosenAccounts() =>
        !Shown || FollowRules && Accounts.Order().SequenceEqual(Defaults.Order()) ? null : Accounts;

    /// <summary>The texts to keep with the article, or null when the fieldset was not shown (nothing to change).</summary>
    public IReadOnlyDictionary<string, string>? ChosenTexts() => Shown ? CustomTexts() : null;

    private Dictionary<string, string> CustomTexts() =>
        Texts.Where(t => SocialNetworks.All.Contains(t.Key) && !string.IsNullOrWhiteSpace(t.Value))
            .ToDictionary(t => t.Key, t => UserText.StripInvisibleControls(t.Value!.Replace("\r\n", "\n", StringComparison.Ordinal).Trim()));
}
