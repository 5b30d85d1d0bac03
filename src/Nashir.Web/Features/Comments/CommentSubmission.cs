using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Features.Comments;

/// <summary>What a reader sends, from the form or the API, before any rule has looked at it.</summary>
public sealed record CommentSubmission(string? Name, string? Email, string? Website, string? Text, int? ParentId);

/// <summary>A submission that passed field validation: cleaned, within limits, with a normalized email.</summary>
public sealed record CleanComment(string Name, string Email, string? Website, string Text, int? ParentId)
{
    /// <summary>
    /// Field checks with Arabic messages keyed by the API's field names. Names and text lose bidi
    /// controls and other invisible format characters (UserText); ZWNJ/ZWJ stay.
    /// </summary>
    public static CleanComment? Validate(CommentSubmission input, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var name = UserText.CleanLine(input.Name);
        var email = (input.Email ?? "").Trim();
        var website = (input.Website ?? "").Trim();
        var text = CleanText(input.Text);

        if (name.Length == 0) errors["name"] = ["الاسم مطلوب."];
        else if (name.Length > CommentLimits.Name) errors["name"] = [$"الاسم أطول من {CommentLimits.Name} حرف."];
        if (email.Length == 0) errors["email"] = ["البريد الإلكتروني مطلوب (لن يُنشر)."];
        else if (email.Length > CommentLimits.Email || !IsEmail(email)) errors["email"] = ["عنوان البريد الإلكتروني غير صالح."];
        if (website.Length > 0)
        {
            if (!website.Contains("://", StringComparison.Ordinal)) website = "https://" + website;
            if (website.Length > CommentLimits.Website || !Uri.TryCreate(website, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                errors["website"] = ["عنوان الموقع غير صالح؛ اكتبه كاملًا مثل https://example.com"];
        }
        if (text.Length == 0) errors["text"] = ["نص التعليق مطلوب."];
        else if (text.Length > CommentLimits.Text) errors["text"] = [$"التعليق أطول من الحد المسموح ({CommentLimits.Text:N0} حرف)؛ طوله {text.Length:N0}."];

        return errors.Count > 0 ? null : new CleanComment(name, email.ToLowerInvariant(), website.Length > 0 ? website : null, text, input.ParentId);
    }

    /// <summary>The identity of a comment for duplicate detection: same place, same person, same words.</summary>
    public string Hash(int articleId)
    {
        var key = $"{articleId}\n{ParentId}\n{Email}\n{Text}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    private static string CleanText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var lines = UserText.StripInvisibleControls(text).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            .Split('\n').Select(l => l.TrimEnd());
        // More than one empty line in a row is layout abuse, not a paragraph break.
        var joined = string.Join('\n', lines).Trim();
        while (joined.Contains("\n\n\n", StringComparison.Ordinal)) joined = joined.Replace("\n\n\n", "\n\n", StringComparison.Ordinal);
        return joined;
    }

    private static bool IsEmail(string email)
    {
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email) return false;
        // "name@localhost" is valid for SMTP but never a reader's mailbox.
        var at = email.LastIndexOf('@');
        return email.IndexOf('.', at) > at + 1 && !email.EndsWith('.');
    }
}
