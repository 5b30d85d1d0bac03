namespace Nashir.Web.Features.Social;

/// <summary>One credential a network needs, as the admin form asks for it: Arabic label, where to find it.</summary>
/// <param name="Help">One line; Latin parts between backticks are shown isolated left-to-right.</param>
public sealed record SocialCredentialField(string Network, string Name, string Label, string Help, bool Required = true)
{
    /// <summary>The form field's key: one input per network, so every network's group can share one form.</summary>
    public string Key => $"{Network}.{Name}";
    public string Id => $"cred-{Network}-{Name}";
}

/// <summary>What each network's account form asks for (names as in `Nashir:Social:Accounts:{key}:{Name}`).</summary>
public static class SocialCredentialFields
{
    private static readonly SocialCredentialField[] Fields =
    [
        new(SocialNetworks.X, "AccessToken", "رمز الوصول",
            "من بوابة مطوري إكس: مشروعك ← التطبيق ← `Keys and tokens` ← `Access Token` (بصلاحية القراءة والكتابة)."),
        new(SocialNetworks.X, "AccessTokenSecret", "سرّ رمز الوصول",
            "في الصفحة نفسها بجانب رمز الوصول (`Access Token Secret`)؛ يلزم مع مفتاح التطبيق فقط.", Required: false),
        new(SocialNetworks.X, "ConsumerKey", "مفتاح التطبيق",
            "في الصفحة نفسها: `Consumer Keys` ← `API Key`. اتركه فارغًا إن كان رمز الوصول رمز `OAuth 2.0`.",
            Required: false),
        new(SocialNetworks.X, "ConsumerSecret", "سرّ مفتاح التطبيق",
            "في الصفحة نفسها: `API Key Secret`؛ يلزم مع مفتاح التطبيق.", Required: false),
        new(SocialNetworks.Facebook, "PageId", "معرّف الصفحة",
            "في صفحتك على فيسبوك: الإعدادات ← معلومات الصفحة ← معرّف الصفحة (أرقام فقط)."),
        new(SocialNetworks.Facebook, "AccessToken", "رمز وصول الصفحة",
            "من `Graph API Explorer` أو `Meta Business Suite`: رمز صفحة طويل الأمد بصلاحية `pages_manage_posts`."),
        new(SocialNetworks.LinkedIn, "Author", "معرّف الصفحة",
            "بالصيغة `urn:li:organization:12345`؛ الرقم في رابط لوحة إدارة صفحتك على لينكدإن."),
        new(SocialNetworks.LinkedIn, "AccessToken", "رمز الوصول",
            "من بوابة مطوري لينكدإن: تطبيقك ← `Auth` ← رمز بصلاحية `w_organization_social`."),
        new(SocialNetworks.Telegram, "BotToken", "رمز البوت",
            "يعطيك إياه `@BotFather` عند إنشاء البوت (`/newbot`)؛ ثم أضف البوت مشرفًا في القناة."),
        new(SocialNetworks.Telegram, "ChatId", "معرّف القناة",
            "اسم القناة العام مثل `@my_channel`، أو رقمها الذي يبدأ بـ `-100` للقناة الخاصة."),
        new(SocialNetworks.Mastodon, "AccessToken", "رمز الوصول",
            "في حسابك على الخادم: التفضيلات ← التطوير ← تطبيق جديد بصلاحية `write:statuses` ← «رمز الوصول»."),
        new(SocialNetworks.Bluesky, "Identifier", "اسم الحساب",
            "اسم حسابك مثل `example.bsky.social` أو نطاقك الخاص."),
        new(SocialNetworks.Bluesky, "AppPassword", "كلمة مرور التطبيق",
            "من الإعدادات ← الخصوصية والأمان ← كلمات مرور التطبيقات؛ لا تستعمل كلمة مرور حسابك."),
    ];

    public static IReadOnlyList<SocialCredentialField> For(string network) =>
        Fields.Where(f => f.Network == network).ToList();

    /// <summary>
    /// Why these credentials cannot be saved (Arabic, by field key). X takes a user token alone, or with the whole
    /// OAuth 1.0a set.
    /// </summary>
    public static Dictionary<string, string> Missing(string network, IReadOnlyDictionary<string, string> credentials)
    {
        var errors = new Dictionary<string, string>();
        foreach (var field in For(network).Where(f => f.Required && !credentials.ContainsKey(f.Name)))
            errors[field.Key] = $"«{field.Label}» مطلوب لهذه الشبكة.";
        if (network == SocialNetworks.X && credentials.ContainsKey("ConsumerKey"))
            foreach (var field in For(network)
                .Where(f => f.Name is "ConsumerSecret" or "AccessTokenSecret" && !credentials.ContainsKey(f.Name)))
                errors[field.Key] = $"«{field.Label}» مطلوب مع مفتاح التطبيق.";
        return errors;
    }
}
