using Nashir.Web.Platform.Text;

namespace Nashir.Web.Features.Sections;

/// <summary>What an editor types for a section or a tag; ParentId and SortOrder apply to sections only.</summary>
public sealed record TermInput(string? Name, string? Slug, string? Description, int? ParentId = null, int? SortOrder =
    null)
{
    public const int NameLength = 100;

    /// <summary>A meta description is read in one breath; 500 characters leaves room for an archive's
    /// introduction.</summary>
    public const int DescriptionLength = 500;

    public sealed record Cleaned(string Name, string Slug, string? Description);

    /// <summary>Cleans the text (no invisible bidi controls) and derives the slug from the name when none is
    /// typed.</summary>
    public static (Cleaned Term, Dictionary<string, string> Errors) Clean(TermInput input, string what)
    {
        var errors = new Dictionary<string, string>();
        var name = UserText.CleanLine(input.Name);
        var typedSlug = UserText.CleanLine(input.Slug);
        var slug = Slugs.From(typedSlug.Length > 0 ? typedSlug : name);
        var description = UserText.CleanLine(input.Description);
        if (name.Length == 0) errors["Name"] = $"اكتب اسم {what}.";
        else if (name.Length > NameLength) errors["Name"] = $"اسم {what} أطول من {NameLength} حرف.";
        else if (slug.Length == 0) errors["Slug"] = "اكتب معرّفًا للرابط فيه حرف أو رقم واحد على الأقل.";
        if (description.Length > DescriptionLength) errors["Description"] = $"الوصف أطول من {DescriptionLength} حرف.";
        return (new Cleaned(name, slug, description.Length == 0 ? null : description), errors);
    }
}
